import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { CriteriaModule } from '@app/criteria';
import { NotModifiedMiddleware, RevisionEtagInterceptor, RevisionEtags } from './revision-etag.interceptor';
import { EligibilityController } from './eligibility.controller';
import { EligibilityFactsReadModel } from './eligibility-facts.read-model';
import { EligibilityService } from './eligibility.service';
import { ReasonsController } from './reasons.controller';

@Module({
  imports: [LedgerModule, CriteriaModule],
  controllers: [EligibilityController, ReasonsController],
  providers: [EligibilityFactsReadModel, EligibilityService, RevisionEtags, RevisionEtagInterceptor, NotModifiedMiddleware],
  exports: [EligibilityService],
})
export class EligibilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(NotModifiedMiddleware).forRoutes(EligibilityController);
  }
}
