export { AuditModule } from './audit.module';
export { SigningKeyEntity } from './entities/signing-key.entity';
export { AuditService, verifyAuditTrail } from './audit.service';
export { type AuditVerification, type AuditBreakReason } from './chain-verdict';
export { verifyCheckpointOffline, parseHashList, type OfflineVerdict, type OfflineCheckpointInput } from './offline-checkpoint';
export type { AuditCheckpointDto, AuditEventPageDto, AuditEventResponseDto, AuditVerificationDto } from './dto/audit.dto';
export { ReceiptIssuer, type ReceiptRequest } from './receipt-issuer';
export { verifyReceiptOffline, type OfflineReceiptInput, type ReceiptVerdict, type ReceiptStatement, type ReceiptCheck } from './receipt';
export { ReceiptEnvelopeDto } from './dto/receipt.dto';
/** The pure checkpoint helpers (Merkle tree, Ed25519 signatures, DSSE), for offline verifiers and tests. */
export * from './crypto';
