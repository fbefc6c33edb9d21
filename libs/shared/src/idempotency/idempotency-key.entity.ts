import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A POST sent with an `Idempotency-Key`: the first request's fingerprint and, once it finished, its
 * response, replayed to retries for `IDEMPOTENCY_TTL_HOURS`. Kept in PostgreSQL so that every
 * replica sees the same keys.
 */
@Entity({ name: 'idempotency_keys' })
@Index('IDX_idempotency_keys_expires_at', ['expiresAt'])
export class IdempotencyKeyEntity {
  /** SHA-256 of (credential, method, path, key): a key is scoped to who sent it and where. */
  @PrimaryColumn({ type: 'char', length: 64 }) scope: string;
  /** SHA-256 of the request body as canonical JSON. */
  @Column({ type: 'char', length: 64 }) fingerprint: string;
  /** null while the first request is still being processed. */
  @Column({ type: 'smallint', nullable: true }) status: number | null;
  @Column({ type: 'jsonb', nullable: true }) headers: Record<string, string> | null;
  @Column({ type: 'bytea', nullable: true }) body: Buffer | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
}
