import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CriteriaModule } from '@app/criteria';
import { NotModifiedMiddleware, RevisionEtagInterceptor, RevisionEtags } from './revision-etag.interceptor';
import { EligibilityController } from './eligibility.controller';
import { EligibilityRepository } from './eligibility.repository';
import { EligibilityService } from './eligibility.service';
import { ReceiptController } from './receipt.controller';
import { ReceiptService } from './receipt.service';

@Module({
  imports: [AuditModule, CriteriaModule],
  controllers: [EligibilityController, ReceiptController],
  providers: [EligibilityRepository, EligibilityService, ReceiptService, RevisionEtags, RevisionEtagInterceptor, NotModifiedMiddleware],
  exports: [EligibilityService],
})
export class EligibilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(NotModifiedMiddleware).forRoutes(EligibilityController);
  }
}
