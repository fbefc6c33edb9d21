export { AuditModule } from './audit.module';
export { RegistryWriter, type WriteTx, type AuditEntry, type DomainEvent } from './registry-writer';
export { RevisionService } from './revision.service';
export { AuditEventEntity } from './entities/audit-event.entity';
export { OutboxEventEntity } from './entities/outbox-event.entity';
export { RegistryStateEntity } from './entities/registry-state.entity';
export { SigningKeyEntity } from './entities/signing-key.entity';
