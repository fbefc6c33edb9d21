export { LedgerModule } from './ledger.module';
export { RegistryWriter, type WriteTx, type AuditEntry, type DomainEvent } from './registry-writer';
export { RevisionService } from './revision.service';
export { REVISION_CHANNEL } from './ledger.repository';
/** Also for the admin CLI (`audit:hashes`), which reads the chain without booting the app. */
export {
  AuditTrailRepository,
  type AuditEventFilter,
  type AuditEventRecord,
  type EventHashLink,
  type RecordedHead,
} from './audit-trail.repository';
export {
  OutboxRepository,
  outboxEventJsonBySeq,
  type FeedFilter,
  type FeedRow,
  type OutboxBatchColumns,
  type OutboxEventJson,
} from './outbox.repository';
export { AuditEventEntity } from './entities/audit-event.entity';
export { OutboxEventEntity } from './entities/outbox-event.entity';
export { RegistryStateEntity } from './entities/registry-state.entity';
export * from './crypto';
