export { AuditModule } from './audit.module';
export { SigningKeyEntity } from './entities/signing-key.entity';
export { AuditService } from './audit.service';
export { type AuditVerification, type AuditBreakReason } from './chain-verdict';
export { verifyCheckpointOffline, parseHashList, type OfflineVerdict, type OfflineCheckpointInput } from './offline-checkpoint';
export type { AuditCheckpointDto, AuditEventPageDto, AuditEventResponseDto, AuditVerificationDto } from './dto/audit.dto';
/** The pure checkpoint helpers (Merkle tree, Ed25519 signatures), for offline verifiers and tests. */
export * from './crypto';
