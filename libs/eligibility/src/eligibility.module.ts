import { Module } from '@nestjs/common';
import { ReadDatabase, ResponseCache } from '@app/shared';
import { AuditModule } from '@app/audit';
import { LedgerModule } from '@app/ledger';
import { CriteriaModule } from '@app/criteria';
import { RevisionEtagInterceptor, RevisionEtags } from './revision-etag.interceptor';
import { CachedReads } from './cached-reads';
import { EligibilityController } from './eligibility.controller';
import { EligibilityFactsReadModel } from './eligibility-facts.read-model';
import { EligibilityService } from './eligibility.service';
import { ReasonsController } from './reasons.controller';
import { ReceiptController } from './receipt.controller';
import { ReceiptService } from './receipt.service';

@Module({
  imports: [LedgerModule, AuditModule, CriteriaModule],
  controllers: [EligibilityController, ReasonsController, ReceiptController],
  providers: [
    EligibilityFactsReadModel,
    EligibilityService,
    ReceiptService,
    RevisionEtags,
    RevisionEtagInterceptor,
    ResponseCache,
    ReadDatabase,
    CachedReads,
  ],
  exports: [EligibilityService, RevisionEtags, RevisionEtagInterceptor, CachedReads, ResponseCache, ReadDatabase],
})
export class EligibilityModule {}
