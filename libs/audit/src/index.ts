export { AuditModule } from './audit.module';
export { RegistryWriter, type WriteTx, type AuditEntry } from './registry-writer';
export { DOMAIN_EVENT_TYPES, type DomainEvent, type DomainEventType, type DomainEventPayloads } from './domain-events';
export { RevisionService } from './revision.service';
export { AuditEventEntity } from './entities/audit-event.entity';
export { OutboxEventEntity } from './entities/outbox-event.entity';
export { RegistryStateEntity } from './entities/registry-state.entity';
export { SigningKeyEntity } from './entities/signing-key.entity';
export { AuditService } from './audit.service';
/** For the admin CLI (`audit:hashes`), which reads the chain without booting the app. */
export { AuditRepository } from './audit.repository';
export { type AuditVerification, type AuditBreakReason } from './chain-verdict';
export { verifyCheckpointOffline, parseHashList, type OfflineVerdict, type OfflineCheckpointInput } from './offline-checkpoint';
export type { AuditCheckpointDto, AuditEventPageDto, AuditEventResponseDto, AuditVerificationDto } from './dto/audit.dto';
