import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { CatalogModule } from '@app/catalog';
import { CriteriaModule } from '@app/criteria';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';
import { AuditOrganizationsController } from './audit-organizations.controller';
import { AuditOrganizationsRepository } from './audit-organizations.repository';
import { AuditOrganizationsService } from './audit-organizations.service';

@Module({
  imports: [LedgerModule, CatalogModule, CriteriaModule],
  controllers: [AssessmentsController, AuditOrganizationsController],
  providers: [AssessmentsRepository, AssessmentsService, AuditOrganizationsRepository, AuditOrganizationsService],
  exports: [AssessmentsService, AuditOrganizationsService],
})
export class AssessmentsModule {}
