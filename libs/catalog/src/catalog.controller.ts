import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { todayInTokyo } from '@app/eligibility-engine';
import {
  type Actor,
  ApiJsonOrText,
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

  /** Registers a cloud service provider (法人番号 optional, checked when given). */
  @Post('providers')
  @Roles('admin')
  @ApiCreatedResponse({ type: ProviderResponseDto })
  @ApiProblems(400, 409, 413)
  createProvider(@CurrentActor() actor: Actor, @Body() dto: CreateProviderDto): Promise<Versioned<ProviderResponseDto>> {
    return this.catalog.createProvider(actor, dto);
  }

  /** Lists providers by name, paged. */
  @Get('providers')
  @ApiProblems(400)
  listProviders(@Query() query: ListProvidersQueryDto): Promise<ProviderPageDto> {
    return this.catalog.listProviders(query);
  }

  /** One provider, with its ETag for conditional reads and If-Match. */
  @Get('providers/:id')
  @ApiOkResponse({ type: ProviderResponseDto })
  @ApiProblems(400, 404)
  getProvider(@Param('id', ParseIdPipe) id: string): Promise<Versioned<ProviderResponseDto>> {
    return this.catalog.getProvider(id);
  }

  /** Changes a provider's names or corporate number (If-Match required). */
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

  /** Registers a cloud service of a provider, with its category from the start. */
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

  /** Searches services by name (kana, kanji, English folded), provider, category or scheme, paged; `format=csv` gives every match as one Excel-ready file. */
  @Get('services')
  @ApiJsonOrText(ServicePageDto, 'JSON (paged), or with format=csv every matching service, one row per service', {
    'text/csv': `\ufeff${SERVICE_CSV_HEADER.join(',')}\r\n`,
  })
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

  /** One service with its category history and retirement, and its ETag. */
  @Get('services/:id')
  @ApiOkResponse({ type: ServiceResponseDto })
  @ApiProblems(400, 404)
  getService(@Param('id', ParseIdPipe) id: string, @RequestNow() now: Date): Promise<Versioned<ServiceResponseDto>> {
    return this.catalog.getService(id, todayInTokyo(now));
  }

  /** Changes a service: names, a dated category change or a dated retirement (If-Match required). */
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

  /** Declares a network destination (domain, wildcard or CIDR, ports) of a service from `effectiveOn`. */
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

  /** A service's destinations, current and ended, paged. */
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
