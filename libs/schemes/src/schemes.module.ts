import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CatalogModule } from '@app/catalog';
import { SchemesController } from './schemes.controller';
import { SchemesRepository } from './schemes.repository';
import { SchemesService } from './schemes.service';

@Module({
  imports: [AuditModule, CatalogModule],
  controllers: [SchemesController],
  providers: [SchemesRepository, SchemesService],
  exports: [SchemesService],
})
export class SchemesModule {}
