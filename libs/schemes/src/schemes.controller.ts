import { Body, Controller, Get, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { todayInTokyo } from '@app/eligibility-engine';
import {
  type Actor,
  ApiProblems,
  CurrentActor,
  IfMatch,
  PageQueryDto,
  ParseIdPipe,
  RequestNow,
  Roles,
  type Versioned,
  VersionedInterceptor,
} from '@app/shared';
import {
  CreateCoverageDto,
  CreateRegistrationDto,
  EndCoverageDto,
  RegistrationPageDto,
  RegistrationResponseDto,
  SchemeDto,
  UpdateRegistrationDto,
} from './dto/registration.dto';
import { SchemesService } from './schemes.service';

@ApiTags('registrations')
@Controller('v1')
@UseInterceptors(VersionedInterceptor)
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
  @ApiCreatedResponse({ type: RegistrationResponseDto })
  @ApiProblems(400, 404, 409, 413)
  createRegistration(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) serviceId: string,
    @Body() dto: CreateRegistrationDto,
    @RequestNow() now: Date,
  ): Promise<Versioned<RegistrationResponseDto>> {
    return this.schemes.create(actor, serviceId, dto, todayInTokyo(now));
  }

  /** A service's scheme registrations, each with its dated states, paged. */
  @Get('services/:id/registrations')
  @ApiProblems(400, 404)
  listRegistrations(
    @Param('id', ParseIdPipe) serviceId: string,
    @Query() query: PageQueryDto,
    @RequestNow() now: Date,
  ): Promise<RegistrationPageDto> {
    return this.schemes.listForService(serviceId, query.cursor, query.limit, todayInTokyo(now));
  }

  /** One registration with its dated states, and its ETag. */
  @Get('registrations/:id')
  @ApiOkResponse({ type: RegistrationResponseDto })
  @ApiProblems(400, 404)
  getRegistration(@Param('id', ParseIdPipe) id: string, @RequestNow() now: Date): Promise<Versioned<RegistrationResponseDto>> {
    return this.schemes.get(id, todayInTokyo(now));
  }

  /** Changes a registration; status and period changes are kept as history with the date they take effect. */
  @Patch('registrations/:id')
  @Roles('admin')
  @ApiHeader({ name: 'If-Match', required: true, description: 'ETag from a previous read: 428 without it, 412 if it is stale' })
  @ApiOkResponse({ type: RegistrationResponseDto })
  @ApiProblems(400, 404, 409, 412, 413, 428)
  updateRegistration(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateRegistrationDto,
    @IfMatch() ifMatch: string | undefined,
    @RequestNow() now: Date,
  ): Promise<Versioned<RegistrationResponseDto>> {
    return this.schemes.update(actor, id, dto, ifMatch, todayInTokyo(now));
  }

  /**
   * Adds a service of the registration's provider to its scope (対象範囲) from effectiveOn: decisions
   * about that service then read the registration inside the coverage period. Bumps the registration's version.
   */
  @Post('registrations/:id/coverage')
  @Roles('admin')
  @ApiCreatedResponse({ type: RegistrationResponseDto })
  @ApiProblems(400, 404, 409, 413, 422)
  addCoverage(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateCoverageDto,
    @RequestNow() now: Date,
  ): Promise<Versioned<RegistrationResponseDto>> {
    return this.schemes.addCoverage(actor, id, dto, todayInTokyo(now));
  }

  /** Ends a service's coverage: endedOn is the first day it is no longer covered (the link is kept). Bumps the version. */
  @Patch('registrations/:id/coverage/:serviceId')
  @Roles('admin')
  @ApiHeader({ name: 'If-Match', required: true, description: 'ETag of the registration: 428 without it, 412 if it is stale' })
  @ApiOkResponse({ type: RegistrationResponseDto })
  @ApiProblems(400, 404, 412, 413, 428)
  endCoverage(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('serviceId', ParseIdPipe) serviceId: string,
    @Body() dto: EndCoverageDto,
    @IfMatch() ifMatch: string | undefined,
    @RequestNow() now: Date,
  ): Promise<Versioned<RegistrationResponseDto>> {
    return this.schemes.endCoverage(actor, id, serviceId, dto, ifMatch, todayInTokyo(now));
  }
}
