import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CriteriaController } from './criteria.controller';
import { CriteriaRepository } from './criteria.repository';
import { CriteriaService } from './criteria.service';

@Module({
  imports: [AuditModule],
  controllers: [CriteriaController],
  providers: [CriteriaRepository, CriteriaService],
  exports: [CriteriaService],
})
export class CriteriaModule {}
