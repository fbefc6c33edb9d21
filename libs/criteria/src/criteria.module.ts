import { Module } from '@nestjs/common';
import { CatalogModule } from '@app/catalog';
import { LedgerModule } from '@app/ledger';
import { SchemesModule } from '@app/schemes';
import { CriteriaController } from './criteria.controller';
import { CriteriaRepository } from './criteria.repository';
import { CriteriaService } from './criteria.service';

@Module({
  imports: [LedgerModule, CatalogModule, SchemesModule],
  controllers: [CriteriaController],
  providers: [CriteriaRepository, CriteriaService],
  exports: [CriteriaService],
})
export class CriteriaModule {}
