export { CatalogModule } from './catalog.module';
export { CatalogService, type CatalogImportWrites, type CatalogEndpointImportWrites, type ImportEndpoint } from './catalog.service';
export { checkEndpointInput, normalizeEndpoint, type NormalizedEndpoint, type EndpointInputProblem } from './endpoint-input';
export { ServiceSchemeFilter } from './service-scheme-filter';
export { ProviderEntity } from './entities/provider.entity';
export { ServiceEntity } from './entities/service.entity';
export { ServiceCategoryEntity } from './entities/service-category.entity';
export { EndpointEntity } from './entities/endpoint.entity';
export { serviceNotFound } from './catalog.errors';
