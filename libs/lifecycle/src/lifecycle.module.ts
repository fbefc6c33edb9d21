import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { CatalogModule } from '@app/catalog';
import { CriteriaModule } from '@app/criteria';
import { EligibilityModule } from '@app/eligibility';
import { MunicipalitiesModule } from '@app/municipalities';
import { LifecycleController } from './lifecycle.controller';
import { LifecycleRepository } from './lifecycle.repository';
import { SweepScheduler } from './sweep.scheduler';
import { SweepService } from './sweep.service';
import { UsagesService } from './usages.service';

@Module({
  imports: [LedgerModule, CatalogModule, CriteriaModule, EligibilityModule, MunicipalitiesModule],
  controllers: [LifecycleController],
  providers: [LifecycleRepository, SweepService, UsagesService, SweepScheduler],
  exports: [SweepService],
})
export class LifecycleModule {}
