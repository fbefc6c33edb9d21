import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { CheckpointService } from './checkpoint.service';
import { KeysController } from './keys.controller';
import { ReceiptIssuer } from './receipt-issuer';
import { SigningKeyService } from './signing-key.service';
import { SigningKeysRepository } from './signing-keys.repository';

/** The audit trail's read API: events, chain verification and signed checkpoints (the trail is written by @app/ledger). */
@Module({
  imports: [LedgerModule],
  controllers: [AuditController, KeysController],
  providers: [AuditService, CheckpointService, SigningKeyService, SigningKeysRepository, ReceiptIssuer],
  exports: [ReceiptIssuer],
})
export class AuditModule {}
