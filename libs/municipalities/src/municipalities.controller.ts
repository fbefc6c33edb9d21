import { Body, Controller, Get, Headers, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, ApiProblems, CurrentActor, Roles } from '@app/shared';
import { ListMunicipalitiesQueryDto, MunicipalityPageDto, MunicipalityResponseDto, UpdateNetworkModelDto } from './dto/municipality.dto';
import { MunicipalitiesService } from './municipalities.service';

@ApiTags('municipalities')
@Controller('v1/municipalities')
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
  @ApiProblems(400, 404)
  async get(@Param('code') code: string, @Res({ passthrough: true }) res: Response): Promise<MunicipalityResponseDto> {
    const { body, etag } = await this.municipalities.get(code);
    res.setHeader('ETag', etag);
    return body;
  }

  /** Sets the municipality's network model (α, α', β, β'): an administrator or the municipality itself. */
  @Patch(':code')
  @Roles('admin', 'municipality')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiProblems(400, 404, 412)
  async setNetworkModel(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Body() dto: UpdateNetworkModelDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MunicipalityResponseDto> {
    const { body, etag } = await this.municipalities.setNetworkModel(actor, code, dto, ifMatch);
    res.setHeader('ETag', etag);
    return body;
  }
}
