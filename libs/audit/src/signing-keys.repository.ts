import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/ledger';

/** A signing key as stored; privateKeyPem is null for a key that comes from AUDIT_SIGNING_KEY. */
export interface SigningKeyRecord {
  keyId: string;
  publicKeyPem: string;
  privateKeyPem: string | null;
  /** ISO 8601, UTC, milliseconds. */
  createdAt: string;
  retiredAt: string | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const COLUMNS = `key_id AS "keyId", public_key_pem AS "publicKeyPem", private_key_pem AS "privateKeyPem",
  ${iso('created_at')} AS "createdAt", ${iso('retired_at')} AS "retiredAt"`;

/** The only SQL of signing_keys. */
@Injectable()
export class SigningKeysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Serialises key changes (replicas resolving or rotating at once) until the transaction ends. */
  async lock(tx: WriteTx): Promise<void> {
    await tx.em.query(`SELECT pg_advisory_xact_lock(hashtext('registry:signing_keys'))`);
  }

  /** The key that signs now: the newest one not retired. */
  async active(tx?: WriteTx): Promise<SigningKeyRecord | null> {
    const [row] = await (tx?.em ?? this.db.manager).query<SigningKeyRecord[]>(
      `SELECT ${COLUMNS} FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, key_id LIMIT 1`,
    );
    return row ?? null;
  }

  /** Every key ever used, oldest first. */
  list(): Promise<SigningKeyRecord[]> {
    return this.db.query<SigningKeyRecord[]>(`SELECT ${COLUMNS} FROM signing_keys ORDER BY created_at, key_id`);
  }

  async byIdempotencyKey(tx: WriteTx, idempotencyKey: string): Promise<SigningKeyRecord | null> {
    const [row] = await tx.em.query<SigningKeyRecord[]>(`SELECT ${COLUMNS} FROM signing_keys WHERE idempotency_key = $1`, [idempotencyKey]);
    return row ?? null;
  }

  /**
   * Retires every active key at `at` and makes `key` the active one (a key listed before, e.g. a
   * configured key set again, is re-activated and keeps its history otherwise).
   */
  async replaceActive(
    tx: WriteTx,
    key: { keyId: string; publicKeyPem: string; privateKeyPem: string | null; idempotencyKey: string | null },
    at: string,
  ): Promise<SigningKeyRecord> {
    await tx.em.query('UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL', [at]);
    const [row] = await tx.em.query<SigningKeyRecord[]>(
      `INSERT INTO signing_keys (key_id, public_key_pem, private_key_pem, created_at, idempotency_key)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key_id) DO UPDATE SET retired_at = NULL
       RETURNING ${COLUMNS}`,
      [key.keyId, key.publicKeyPem, key.privateKeyPem, at, key.idempotencyKey],
    );
    return row;
  }
}
