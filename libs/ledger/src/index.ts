export { LedgerModule } from './ledger.module';
export { RegistryWriter, type WriteTx, type AuditEntry, type WriteOptions, changesOf, serviceOfEntry } from './registry-writer';
export { DOMAIN_EVENT_TYPES, type DomainEvent, type DomainEventType, type DomainEventPayloads } from './domain-events';
export { RevisionService } from './revision.service';
export {
  REVISION_CHANNEL,
  CURRENT_REVISION_SQL,
  FORGET_CHANGES_SQL,
  changesBetweenSql,
  type RecordedChanges,
  type RevisionChanges,
} from './ledger.repository';
/** Also for the admin CLI (`audit:hashes`), which reads the chain without booting the app. */
export { AuditTrailRepository, type AuditEventFilter, type AuditEventRecord, type RecordedHead } from './audit-trail.repository';
export {
  OutboxRepository,
  outboxEventBySeq,
  type EventRow,
  type FeedFilter,
  type FeedRow,
  type OutboxBatchColumns,
} from './outbox.repository';
export { AuditEventEntity } from './entities/audit-event.entity';
export { OutboxEventEntity } from './entities/outbox-event.entity';
export { RegistryStateEntity } from './entities/registry-state.entity';
export { RegistryChangeEntity } from './entities/registry-change.entity';
export * from './crypto';
