import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { CatalogModule } from '@app/catalog';
import { CriteriaModule } from '@app/criteria';
import { EligibilityModule } from '@app/eligibility';
import { MunicipalitiesModule } from '@app/municipalities';
import { LifecycleController } from './lifecycle.controller';
import { LifecycleRepository } from './lifecycle.repository';
import { MunicipalContextModule } from './municipal-context.service';
import { OutlookService } from './outlook.service';
import { SweepModule } from './sweep.module';
import { UsagesService } from './usages.service';

@Module({
  imports: [LedgerModule, CatalogModule, CriteriaModule, EligibilityModule, MunicipalitiesModule, SweepModule, MunicipalContextModule],
  controllers: [LifecycleController],
  providers: [LifecycleRepository, UsagesService, OutlookService],
  exports: [SweepModule],
})
export class LifecycleModule {}
