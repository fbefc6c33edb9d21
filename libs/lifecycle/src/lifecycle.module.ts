import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CatalogModule } from '@app/catalog';
import { CriteriaModule } from '@app/criteria';
import { EligibilityModule } from '@app/eligibility';
import { LifecycleController } from './lifecycle.controller';
import { SweepScheduler } from './sweep.scheduler';
import { SweepService } from './sweep.service';
import { UsagesService } from './usages.service';

@Module({
  imports: [AuditModule, CatalogModule, CriteriaModule, EligibilityModule],
  controllers: [LifecycleController],
  providers: [SweepService, UsagesService, SweepScheduler],
  exports: [SweepService],
})
export class LifecycleModule {}
