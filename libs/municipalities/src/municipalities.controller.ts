import { Body, Controller, Get, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblems, CurrentActor, IfMatch, Roles, type Versioned, VersionedInterceptor } from '@app/shared';
import {
  CreateMeasureDto,
  ListMunicipalitiesQueryDto,
  MeasureListDto,
  MeasureResponseDto,
  MunicipalityPageDto,
  MunicipalityResponseDto,
  UpdateNetworkModelDto,
} from './dto/municipality.dto';
import { MunicipalitiesService } from './municipalities.service';

@ApiTags('municipalities')
@Controller('v1/municipalities')
@UseInterceptors(VersionedInterceptor)
export class MunicipalitiesController {
  constructor(private readonly municipalities: MunicipalitiesService) {}

  /** Every prefecture, municipality and designated-city ward; filter by prefecture, name (kanji or kana) and kind. */
  @Get()
  @ApiProblems(400)
  list(@Query() query: ListMunicipalitiesQueryDto): Promise<MunicipalityPageDto> {
    return this.municipalities.list(query);
  }

  /** One local government by its 6-digit code (a wrong check digit is a 400). */
  @Get(':code')
  @ApiOkResponse({ type: MunicipalityResponseDto })
  @ApiProblems(400, 404)
  get(@Param('code') code: string): Promise<Versioned<MunicipalityResponseDto>> {
    return this.municipalities.get(code);
  }

  /** Sets the municipality's network model (α, α', β, β'): an administrator or the municipality itself. */
  @Patch(':code')
  @Roles('admin', 'municipality')
  @ApiHeader({ name: 'If-Match', required: true, description: 'ETag from a previous read: 428 without it, 412 if it is stale' })
  @ApiOkResponse({ type: MunicipalityResponseDto })
  @ApiProblems(400, 404, 412, 428)
  setNetworkModel(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Body() dto: UpdateNetworkModelDto,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<Versioned<MunicipalityResponseDto>> {
    return this.municipalities.setNetworkModel(actor, code, dto, ifMatch);
  }

  /** The measures the municipality attests for itself (private: its own credential or an administrator). */
  @Get(':code/measures')
  @Roles('admin', 'municipality')
  @ApiProblems(400, 404)
  measures(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<MeasureListDto> {
    return this.municipalities.measures(actor, code);
  }

  /** Records a self-attested, dated measure (EDR deployed, LBO risk assessment done on D …); the same measure and day replaces. */
  @Post(':code/measures')
  @Roles('admin', 'municipality')
  @ApiProblems(400, 404, 413)
  recordMeasure(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateMeasureDto): Promise<MeasureResponseDto> {
    return this.municipalities.recordMeasure(actor, code, dto);
  }
}
