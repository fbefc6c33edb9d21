import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { CheckpointService } from './checkpoint.service';
import { RegistryStateRepository } from './registry-state.repository';
import { RegistryWriter } from './registry-writer';
import { RevisionService } from './revision.service';
import { SigningKeyService } from './signing-key.service';

@Module({
  controllers: [AuditController],
  providers: [
    RegistryWriter,
    RevisionService,
    RegistryStateRepository,
    AuditRepository,
    AuditService,
    CheckpointService,
    SigningKeyService,
  ],
  exports: [RegistryWriter, RevisionService],
})
export class AuditModule {}
