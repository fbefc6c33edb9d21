import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, ApiProblems, CurrentActor, PageQueryDto, ParseIdPipe, Roles } from '@app/shared';
import { CatalogService, type Versioned } from './catalog.service';
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

const withEtag = <T>(res: Response, v: Versioned<T>): T => {
  res.setHeader('ETag', v.etag);
  return v.body;
};

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read; 412 if it is stale' });

@ApiTags('catalog')
@Controller('v1')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Post('providers')
  @Roles('admin')
  @ApiProblems(400, 413)
  async createProvider(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateProviderDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProviderResponseDto> {
    return withEtag(res, await this.catalog.createProvider(actor, dto));
  }

  @Get('providers')
  @ApiProblems(400)
  listProviders(@Query() query: ListProvidersQueryDto): Promise<ProviderPageDto> {
    return this.catalog.listProviders(query);
  }

  @Get('providers/:id')
  @ApiProblems(400, 404)
  async getProvider(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<ProviderResponseDto> {
    return withEtag(res, await this.catalog.getProvider(id));
  }

  @Patch('providers/:id')
  @Roles('admin')
  @IF_MATCH
  @ApiProblems(400, 404, 412, 413)
  async updateProvider(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateProviderDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProviderResponseDto> {
    return withEtag(res, await this.catalog.updateProvider(actor, id, dto, ifMatch));
  }

  @Post('services')
  @Roles('admin')
  @ApiProblems(400, 404, 413)
  async createService(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateServiceDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ServiceResponseDto> {
    return withEtag(res, await this.catalog.createService(actor, dto));
  }

  @Get('services')
  @ApiProblems(400)
  listServices(@Query() query: ListServicesQueryDto): Promise<ServicePageDto> {
    return this.catalog.listServices(query);
  }

  @Get('services/:id')
  @ApiProblems(400, 404)
  async getService(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<ServiceResponseDto> {
    return withEtag(res, await this.catalog.getService(id));
  }

  @Patch('services/:id')
  @Roles('admin')
  @IF_MATCH
  @ApiProblems(400, 404, 409, 412, 413)
  async updateService(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateServiceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ServiceResponseDto> {
    return withEtag(res, await this.catalog.updateService(actor, id, dto, ifMatch));
  }

  /** The service categories a service may have (data, not code). */
  @Get('categories')
  @ApiProblems()
  listCategories(): Promise<CategoryDto[]> {
    return this.catalog.listCategories();
  }

  @Post('services/:id/endpoints')
  @Roles('admin')
  @ApiProblems(400, 404, 413)
  addEndpoint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateEndpointDto,
  ): Promise<EndpointResponseDto> {
    return this.catalog.addEndpoint(actor, id, dto);
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
  removeEndpoint(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Query() query: EndEndpointQueryDto): Promise<void> {
    return this.catalog.endEndpoint(actor, id, query.effectiveOn);
  }
}
