import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { LedgerModule } from '@app/ledger';
import { CriteriaModule } from '@app/criteria';
import { NotModifiedMiddleware, RevisionEtagInterceptor, RevisionEtags } from './revision-etag.interceptor';
import { EligibilityController } from './eligibility.controller';
import { EligibilityFactsReadModel } from './eligibility-facts.read-model';
import { EligibilityService } from './eligibility.service';
import { ReasonsController } from './reasons.controller';
import { ReceiptController } from './receipt.controller';
import { ReceiptService } from './receipt.service';

@Module({
  imports: [LedgerModule, AuditModule, CriteriaModule],
  controllers: [EligibilityController, ReasonsController, ReceiptController],
  providers: [EligibilityFactsReadModel, EligibilityService, ReceiptService, RevisionEtags, RevisionEtagInterceptor, NotModifiedMiddleware],
  exports: [EligibilityService, RevisionEtags, RevisionEtagInterceptor],
})
export class EligibilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(NotModifiedMiddleware).forRoutes(EligibilityController);
  }
}
