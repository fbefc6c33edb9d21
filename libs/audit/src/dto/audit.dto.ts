import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PageQueryDto, Optional } from '@app/shared';
import { AUDIT_BREAK_REASONS, type AuditBreakReason } from '../chain-verdict';

export class ListAuditEventsQueryDto extends PageQueryDto {
  /** Only events about this kind of record, e.g. `service`. */
  @ApiPropertyOptional({ example: 'service' }) @Optional() @IsString() @IsNotEmpty() @MaxLength(100) subjectType?: string;
  /** Only events about this record (its id, or e.g. `tokutei-tsushin@R6.10` for a profile). */
  @Optional() @IsString() @IsNotEmpty() @MaxLength(200) subjectId?: string;
  /** Only events of this action, e.g. `service.updated`. */
  @ApiPropertyOptional({ example: 'service.updated' }) @Optional() @IsString() @IsNotEmpty() @MaxLength(100) action?: string;
}

class AuditActorDto {
  /** Credential id (the bootstrap administrator and the system have fixed ids). */
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'admin' }) role: string;
}

class AuditSubjectDto {
  @ApiProperty({ example: 'service' }) type: string;
  id: string;
}

export class AuditEventResponseDto {
  /** Position in the hash chain, 1-based and contiguous. */
  @ApiProperty({ example: 1 }) seq: number;
  /** ISO 8601 with milliseconds, exactly as hashed. */
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  actor: AuditActorDto;
  @ApiProperty({ example: 'service.created' }) action: string;
  subject: AuditSubjectDto;
  /** SHA-256 (hex) of the RFC 8785 canonical JSON of `{ before, after }`. */
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) digest: string;
  /** Hash of the previous event (64 zeros for seq 1). */
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of the other hashed fields. */
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) hash: string;
  @ApiProperty({ description: 'The record before the change (null when created)', nullable: true, type: Object }) before: unknown;
  @ApiProperty({ description: 'The record after the change (null when deleted)', nullable: true, type: Object }) after: unknown;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventResponseDto] }) items: AuditEventResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

class ChainBreakDto {
  /** The first event that does not verify (or, for TRUNCATED, the first missing one). */
  @ApiProperty({ example: 3 }) seq: number;
  @ApiProperty({ enum: AUDIT_BREAK_REASONS }) reason: AuditBreakReason;
}

export class AuditVerificationDto {
  ok: boolean;
  /** Events that verified before the first break (all of them when ok). */
  verified: number;
  @ApiProperty({ type: ChainBreakDto, nullable: true }) firstBreak: ChainBreakDto | null;
}

export class AuditCheckpointDto {
  /** Number of events covered (the first `size` events, in seq order). */
  @ApiProperty({ example: 1234 }) size: number;
  /** RFC 9162 Merkle tree hash over the events' hashes (each leaf: the 32 bytes of an event hash), hex. */
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) root: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  /** Base64 Ed25519 signature over the canonical JSON `{"root":…,"signedAt":…,"size":…}`. */
  signature: string;
  /** First 16 hex characters of SHA-256 over the public key's DER SubjectPublicKeyInfo. */
  @ApiProperty({ example: '3f2a9c0d11b7e845' }) keyId: string;
  /** The signing key, SPKI PEM. Pin it: a checkpoint proves only what the pinned key signed. */
  publicKey: string;
}
