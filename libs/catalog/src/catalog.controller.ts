import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { todayInTokyo } from '@app/eligibility-engine';
import {
  type Actor,
  ApiProblems,
  csvFile,
  CurrentActor,
  IfMatch,
  PageQueryDto,
  ParseIdPipe,
  type PlainText,
  RequestNow,
  Roles,
  type Versioned,
  VersionedInterceptor,
} from '@app/shared';
import { CatalogService } from './catalog.service';
import { CreateEndpointDto, EndEndpointQueryDto, EndpointPageDto, EndpointResponseDto } from './dto/endpoint.dto';
import { CreateProviderDto, ListProvidersQueryDto, ProviderPageDto, ProviderResponseDto, UpdateProviderDto } from './dto/provider.dto';
import {
  CategoryDto,
  CreateServiceDto,
  ListServicesQueryDto,
  ServicePageDto,
  ServiceResponseDto,
  UpdateServiceDto,
} from './dto/service.dto';

const SERVICE_CSV_HEADER = [
  'id',
  'name',
  'nameEn',
  'providerId',
  'category',
  'serviceModel',
  'lifecycleStatus',
  'retiredOn',
  'description',
  'version',
  'createdAt',
  'updatedAt',
];

const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: true,
  description: 'ETag from a previous read: 428 without it, 412 if it is stale',
});

@ApiTags('catalog')
@Controller('v1')
@UseInterceptors(VersionedInterceptor)
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Post('providers')
  @Roles('admin')
  @ApiCreatedResponse({ type: ProviderResponseDto })
  @ApiProblems(400, 409, 413)
  createProvider(@CurrentActor() actor: Actor, @Body() dto: CreateProviderDto): Promise<Versioned<ProviderResponseDto>> {
    return this.catalog.createProvider(actor, dto);
  }

  @Get('providers')
  @ApiProblems(400)
  listProviders(@Query() query: ListProvidersQueryDto): Promise<ProviderPageDto> {
    return this.catalog.listProviders(query);
  }

  @Get('providers/:id')
  @ApiOkResponse({ type: ProviderResponseDto })
  @ApiProblems(400, 404)
  getProvider(@Param('id', ParseIdPipe) id: string): Promise<Versioned<ProviderResponseDto>> {
    return this.catalog.getProvider(id);
  }

  @Patch('providers/:id')
  @Roles('admin')
  @IF_MATCH
  @ApiOkResponse({ type: ProviderResponseDto })
  @ApiProblems(400, 404, 409, 412, 413, 428)
  updateProvider(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateProviderDto,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<Versioned<ProviderResponseDto>> {
    return this.catalog.updateProvider(actor, id, dto, ifMatch);
  }

  @Post('services')
  @Roles('admin')
  @ApiCreatedResponse({ type: ServiceResponseDto })
  @ApiProblems(400, 404, 413)
  createService(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateServiceDto,
    @RequestNow() now: Date,
  ): Promise<Versioned<ServiceResponseDto>> {
    return this.catalog.createService(actor, dto, todayInTokyo(now));
  }

  /** Services by name; `format=csv` gives every match as one Excel-ready file. */
  @Get('services')
  @ApiOkResponse({ type: ServicePageDto, description: 'JSON, or with format=csv every matching service as text/csv, one row per service' })
  @ApiProduces('application/json', 'text/csv')
  @ApiProblems(400)
  async listServices(@Query() query: ListServicesQueryDto, @RequestNow() now: Date): Promise<ServicePageDto | PlainText> {
    const today = todayInTokyo(now);
    if (query.format === 'json') return this.catalog.listServices(query, today);
    const services = await this.catalog.allServices(query, today);
    return csvFile(
      `services-${today}.csv`,
      SERVICE_CSV_HEADER,
      services.map((s) => [
        s.id,
        s.name,
        s.nameEn,
        s.providerId,
        s.category,
        s.serviceModel,
        s.lifecycleStatus,
        s.retiredOn,
        s.description,
        s.version,
        s.createdAt,
        s.updatedAt,
      ]),
    );
  }

  @Get('services/:id')
  @ApiOkResponse({ type: ServiceResponseDto })
  @ApiProblems(400, 404)
  getService(@Param('id', ParseIdPipe) id: string, @RequestNow() now: Date): Promise<Versioned<ServiceResponseDto>> {
    return this.catalog.getService(id, todayInTokyo(now));
  }

  @Patch('services/:id')
  @Roles('admin')
  @IF_MATCH
  @ApiOkResponse({ type: ServiceResponseDto })
  @ApiProblems(400, 404, 409, 412, 413, 428)
  updateService(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateServiceDto,
    @IfMatch() ifMatch: string | undefined,
    @RequestNow() now: Date,
  ): Promise<Versioned<ServiceResponseDto>> {
    return this.catalog.updateService(actor, id, dto, ifMatch, todayInTokyo(now));
  }

  /** The service categories a service may have (data, not code). */
  @Get('categories')
  @ApiProblems()
  listCategories(): Promise<CategoryDto[]> {
    return this.catalog.listCategories();
  }

  @Post('services/:id/endpoints')
  @Roles('admin')
  @ApiProblems(400, 404, 409, 413)
  addEndpoint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateEndpointDto,
    @RequestNow() now: Date,
  ): Promise<EndpointResponseDto> {
    return this.catalog.addEndpoint(actor, id, dto, todayInTokyo(now));
  }

  @Get('services/:id/endpoints')
  @ApiProblems(400, 404)
  listEndpoints(@Param('id', ParseIdPipe) id: string, @Query() query: PageQueryDto): Promise<EndpointPageDto> {
    return this.catalog.listEndpoints(id, query.cursor, query.limit);
  }

  /** Ends a destination on `effectiveOn` (default today): it stays in the history, and decisions for earlier dates keep it. */
  @Delete('endpoints/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiProblems(400, 404, 409)
  removeEndpoint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: EndEndpointQueryDto,
    @RequestNow() now: Date,
  ): Promise<void> {
    return this.catalog.endEndpoint(actor, id, query.effectiveOn ?? todayInTokyo(now));
  }
}
