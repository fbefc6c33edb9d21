import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CriteriaModule } from '@app/criteria';
import { RevisionEtagInterceptor } from './revision-etag.interceptor';
import { EligibilityController } from './eligibility.controller';
import { EligibilityRepository } from './eligibility.repository';
import { EligibilityService } from './eligibility.service';

@Module({
  imports: [AuditModule, CriteriaModule],
  controllers: [EligibilityController],
  providers: [EligibilityRepository, EligibilityService, RevisionEtagInterceptor],
  exports: [EligibilityService],
})
export class EligibilityModule {}
