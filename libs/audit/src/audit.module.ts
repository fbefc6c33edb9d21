import { Module } from '@nestjs/common';
import { RegistryWriter } from './registry-writer';
import { RevisionService } from './revision.service';

@Module({
  providers: [RegistryWriter, RevisionService],
  exports: [RegistryWriter, RevisionService],
})
export class AuditModule {}
