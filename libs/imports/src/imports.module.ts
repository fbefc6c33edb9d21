import { Module } from '@nestjs/common';
import { CatalogModule } from '@app/catalog';
import { EligibilityModule } from '@app/eligibility';
import { LedgerModule } from '@app/ledger';
import { SchemesModule } from '@app/schemes';
import { DestinationImportsService } from './destination-imports.service';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

@Module({
  imports: [LedgerModule, CatalogModule, SchemesModule, EligibilityModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService, DestinationImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
