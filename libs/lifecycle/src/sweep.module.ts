import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { CriteriaModule } from '@app/criteria';
import { EligibilityModule } from '@app/eligibility';
import { LifecycleRepository } from './lifecycle.repository';
import { SweepScheduler } from './sweep.scheduler';
import { SweepService } from './sweep.service';

/** The expiry sweep itself (run on demand by POST /v1/admin/sweeps, on schedule by the worker). */
@Module({
  imports: [LedgerModule, CriteriaModule, EligibilityModule],
  providers: [LifecycleRepository, SweepService],
  exports: [SweepService],
})
export class SweepModule {}

/**
 * The scheduled sweep: a worker module, imported by apps/worker and by the API when it runs the
 * worker in-process (RUN_WORKER_IN_PROCESS). The schedule starts when the process boots.
 */
@Module({
  imports: [LedgerModule, SweepModule],
  providers: [SweepScheduler, LifecycleRepository],
})
export class SweepSchedulerModule {}
