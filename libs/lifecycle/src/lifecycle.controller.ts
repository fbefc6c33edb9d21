import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RevisionEtagInterceptor } from '@app/eligibility';
import { todayInTokyo } from '@app/eligibility-engine';
import {
  type Actor,
  ApiProblems,
  CurrentActor,
  MaybeActor,
  OptionalAuth,
  ParseIdPipe,
  PlainText,
  RequestNow,
  Roles,
  VersionedInterceptor,
} from '@app/shared';
import { OutlookDto, OutlookQueryDto, renderOutlookIcs } from './outlook';
import { OutlookService } from './outlook.service';
import { CreateUsageDto, ListUsagesQueryDto, RunSweepDto, UsagePageDto, UsageResponseDto, SweepResultDto } from './dto/lifecycle.dto';
import { SweepService } from './sweep.service';
import { UsagesService } from './usages.service';

@ApiTags('lifecycle')
@Controller('v1')
export class LifecycleController {
  constructor(
    private readonly usages: UsagesService,
    private readonly sweeps: SweepService,
    private readonly outlooks: OutlookService,
  ) {}

  /**
   * What the municipality must do by when: a dated, ordered list from today to `until` (JSON, or
   * iCalendar with `format=ics`). Its own credential or an administrator sees its usages, measures
   * and obligations; anyone else the criteria editions taking effect.
   */
  @Get('municipalities/:code/outlook')
  @OptionalAuth()
  @UseInterceptors(RevisionEtagInterceptor, VersionedInterceptor)
  @ApiProduces('application/json', 'text/calendar')
  @ApiOkResponse({ type: OutlookDto, description: 'JSON, or with format=ics an iCalendar file (text/calendar)' })
  @ApiProblems(400, 404)
  async outlook(
    @MaybeActor() actor: Actor | null,
    @Param('code') code: string,
    @Query() query: OutlookQueryDto,
    @RequestNow() now: Date,
  ): Promise<OutlookDto | PlainText> {
    const o = await this.outlooks.outlook(actor, code, todayInTokyo(now), query.until);
    return query.format === 'ics' ? new PlainText(renderOutlookIcs(o), 'text/calendar; charset=utf-8', `outlook-${code}.ics`) : o;
  }

  /** Records that the municipality uses a service under a profile (its own credential or an admin). */
  @Post('municipalities/:code/usages')
  @Roles('admin', 'municipality')
  @ApiProblems(400, 404, 409, 413)
  createUsage(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Body() dto: CreateUsageDto,
    @RequestNow() now: Date,
  ): Promise<UsageResponseDto> {
    return this.usages.create(actor, code, dto, todayInTokyo(now));
  }

  /** The services the municipality uses, each with its decision today and until when. */
  @Get('municipalities/:code/usages')
  @Roles('admin', 'municipality')
  @ApiProblems(400)
  listUsages(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Query() query: ListUsagesQueryDto,
    @RequestNow() now: Date,
  ): Promise<UsagePageDto> {
    return this.usages.list(actor, code, query.cursor, query.limit, todayInTokyo(now));
  }

  /** Ends a municipality's usage of a service (its own credential or an admin). */
  @Delete('municipalities/:code/usages/:id')
  @Roles('admin', 'municipality')
  @HttpCode(204)
  @ApiProblems(400, 404)
  removeUsage(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.usages.remove(actor, code, id);
  }

  /** Runs the expiry sweep for a date now (idempotent: a second run for the same date emits nothing). */
  @Post('admin/sweeps')
  @HttpCode(200)
  @Roles('admin')
  @ApiProblems(400, 413)
  sweep(@CurrentActor() actor: Actor, @Body() dto: RunSweepDto, @RequestNow() now: Date): Promise<SweepResultDto> {
    return this.sweeps.sweep(dto.asOf ?? todayInTokyo(now), actor);
  }
}
