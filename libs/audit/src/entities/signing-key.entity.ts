import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every Ed25519 key the registry has signed with, kept after rotation so old checkpoints and
 * receipts still verify. The active key is the one not retired. A generated key keeps its private
 * key here; a key from AUDIT_SIGNING_KEY is recorded with its public key only.
 */
@Entity({ name: 'signing_keys' })
@Index('UQ_signing_keys_idempotency_key', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class SigningKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'text' }) keyId: string;
  @Column({ name: 'private_key_pem', type: 'text', nullable: true }) privateKeyPem: string | null;
  @Column({ name: 'public_key_pem', type: 'text' }) publicKeyPem: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** When a newer key took over; null for the active key. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true }) retiredAt: Date | null;
  /** The Idempotency-Key of the POST /v1/keys/rotate that created it (a replay answers this key again). */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey: string | null;
}
