import { Global, Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { CatalogModule, ServiceSchemeFilter } from '@app/catalog';
import { SchemesController } from './schemes.controller';
import { RegisteredUnderScheme, SchemesRepository } from './schemes.repository';
import { SchemesService } from './schemes.service';

/** Hands the catalog its `scheme=` filter (catalog cannot import this library: this one imports it). */
@Global()
@Module({
  providers: [{ provide: ServiceSchemeFilter, useClass: RegisteredUnderScheme }],
  exports: [ServiceSchemeFilter],
})
export class SchemeFilterModule {}

@Module({
  imports: [LedgerModule, CatalogModule, SchemeFilterModule],
  controllers: [SchemesController],
  providers: [SchemesRepository, SchemesService],
  exports: [SchemesService],
})
export class SchemesModule {}
