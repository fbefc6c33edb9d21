import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { CatalogModule } from '@app/catalog';
import { CriteriaModule } from '@app/criteria';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';

@Module({
  imports: [LedgerModule, CatalogModule, CriteriaModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsRepository, AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
