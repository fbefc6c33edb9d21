import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { todayInTokyo } from '@app/eligibility-engine';
import { type Actor, ApiProblems, CurrentActor, ParseIdPipe, RequestNow, Roles } from '@app/shared';
import { CreateUsageDto, ListUsagesQueryDto, RunSweepDto, UsagePageDto, UsageResponseDto, SweepResultDto } from './dto/lifecycle.dto';
import { SweepService } from './sweep.service';
import { UsagesService } from './usages.service';

@ApiTags('lifecycle')
@Controller('v1')
export class LifecycleController {
  constructor(
    private readonly usages: UsagesService,
    private readonly sweeps: SweepService,
  ) {}

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
