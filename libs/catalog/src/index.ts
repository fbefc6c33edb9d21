export { CatalogModule } from './catalog.module';
export { CatalogService, type CatalogImportWrites } from './catalog.service';
export { ServiceSchemeFilter } from './service-scheme-filter';
export { ProviderEntity } from './entities/provider.entity';
export { ServiceEntity } from './entities/service.entity';
export { ServiceCategoryEntity } from './entities/service-category.entity';
export { EndpointEntity } from './entities/endpoint.entity';
export { serviceNotFound } from './catalog.errors';
