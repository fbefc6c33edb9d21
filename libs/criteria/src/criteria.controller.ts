import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { todayInTokyo } from '@app/eligibility-engine';
import { type Actor, ApiProblems, CurrentActor, RequestNow, Roles } from '@app/shared';
import { CriteriaService } from './criteria.service';
import { CreateProfileDto, GetProfileQueryDto, ListProfilesQueryDto, ProfilePageDto, ProfileResponseDto } from './dto/profile.dto';

@ApiTags('criteria')
@Controller('v1/profiles')
export class CriteriaController {
  constructor(private readonly criteria: CriteriaService) {}

  /** Every edition of every criteria profile. */
  @Get()
  @ApiProblems(400)
  list(@Query() query: ListProfilesQueryDto): Promise<ProfilePageDto> {
    return this.criteria.list(query.key);
  }

  /** One profile edition: `?edition=`, or the edition in effect on `asOf` (default today, Asia/Tokyo). */
  @Get(':key')
  @ApiProblems(400, 404)
  get(@Param('key') key: string, @Query() query: GetProfileQueryDto, @RequestNow() now: Date): Promise<ProfileResponseDto> {
    return this.criteria.get(key, query.edition, query.asOf ?? todayInTokyo(now));
  }

  /** Adds a new edition of a profile (editions are immutable; decisions name the edition they used). */
  @Post()
  @Roles('admin')
  @ApiProblems(400, 409, 413)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProfileDto): Promise<ProfileResponseDto> {
    return this.criteria.create(actor, dto);
  }
}
