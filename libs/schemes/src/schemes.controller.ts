import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, ApiProblems, CurrentActor, PageQueryDto, ParseIdPipe, Roles } from '@app/shared';
import {
  CreateRegistrationDto,
  RegistrationPageDto,
  RegistrationResponseDto,
  SchemeDto,
  UpdateRegistrationDto,
} from './dto/registration.dto';
import { SchemesService } from './schemes.service';

@ApiTags('registrations')
@Controller('v1')
export class SchemesController {
  constructor(private readonly schemes: SchemesService) {}

  /** The assurance schemes and their validity rules (data, not code). */
  @Get('schemes')
  @ApiProblems()
  listSchemes(): Promise<SchemeDto[]> {
    return this.schemes.listSchemes();
  }

  /** Records a scheme registration; its status takes effect on registeredOn. */
  @Post('services/:id/registrations')
  @Roles('admin')
  @ApiProblems(400, 404, 413)
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) serviceId: string,
    @Body() dto: CreateRegistrationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegistrationResponseDto> {
    const { body, etag } = await this.schemes.create(actor, serviceId, dto);
    res.setHeader('ETag', etag);
    return body;
  }

  @Get('services/:id/registrations')
  @ApiProblems(400, 404)
  list(@Param('id', ParseIdPipe) serviceId: string, @Query() query: PageQueryDto): Promise<RegistrationPageDto> {
    return this.schemes.listForService(serviceId, query.cursor, query.limit);
  }

  @Get('registrations/:id')
  @ApiProblems(400, 404)
  async get(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<RegistrationResponseDto> {
    const { body, etag } = await this.schemes.get(id);
    res.setHeader('ETag', etag);
    return body;
  }

  /** Changes a registration; status and period changes are kept as history with the date they take effect. */
  @Patch('registrations/:id')
  @Roles('admin')
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read; 412 if it is stale' })
  @ApiProblems(400, 404, 412, 413)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateRegistrationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegistrationResponseDto> {
    const { body, etag } = await this.schemes.update(actor, id, dto, ifMatch);
    res.setHeader('ETag', etag);
    return body;
  }
}
