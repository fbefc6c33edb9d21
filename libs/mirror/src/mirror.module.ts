import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CriteriaModule } from '@app/criteria';
import { EligibilityModule } from '@app/eligibility';
import { LedgerModule } from '@app/ledger';
import { MirrorRepository } from './mirror.repository';
import { MirrorService } from './mirror.service';
import { SnapshotController } from './snapshot.controller';
import { SnapshotService } from './snapshot.service';

/** The signed snapshot (GET /v1/snapshots/current) and, with MIRROR_FROM, the read-only mirror that loads one. */
@Module({
  imports: [LedgerModule, AuditModule, CriteriaModule, EligibilityModule],
  controllers: [SnapshotController],
  providers: [MirrorRepository, SnapshotService, MirrorService],
  exports: [MirrorService],
})
export class MirrorModule {}
