import { Module } from '@nestjs/common';
import { AuditTrailRepository } from './audit-trail.repository';
import { LedgerRepository } from './ledger.repository';
import { OutboxRepository } from './outbox.repository';
import { RegistryWriter } from './registry-writer';
import { RevisionService } from './revision.service';

/** The write core: every write goes through RegistryWriter (revision, audit chain, outbox). */
@Module({
  providers: [LedgerRepository, RegistryWriter, RevisionService, AuditTrailRepository, OutboxRepository],
  exports: [RegistryWriter, RevisionService, AuditTrailRepository, OutboxRepository],
})
export class LedgerModule {}
