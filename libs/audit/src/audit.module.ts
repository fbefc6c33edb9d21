import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { CheckpointService } from './checkpoint.service';
import { KeysController } from './keys.controller';
import { ReceiptIssuer } from './receipt-issuer';
import { RegistryWriter } from './registry-writer';
import { RevisionService } from './revision.service';
import { SigningKeyService } from './signing-key.service';
import { SigningKeysRepository } from './signing-keys.repository';

@Module({
  controllers: [AuditController, KeysController],
  providers: [
    RegistryWriter,
    RevisionService,
    AuditRepository,
    AuditService,
    CheckpointService,
    SigningKeyService,
    SigningKeysRepository,
    ReceiptIssuer,
  ],
  exports: [RegistryWriter, RevisionService, ReceiptIssuer],
})
export class AuditModule {}
