import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CatalogModule } from '@app/catalog';
import { CriteriaModule } from '@app/criteria';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';

@Module({
  imports: [AuditModule, CatalogModule, CriteriaModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsRepository, AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
