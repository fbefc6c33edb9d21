import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/ledger';

/** A subscription's secret as stored: in clear (before sealing) or sealed. */
export interface StoredSecret {
  id: string;
  clearSecret: string | null;
  secretSealed: string | null;
}

/** The SQL of webhook_secret_keys and of resealing subscription secrets. */
@Injectable()
export class WebhookSecretsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Serialises key generation and resealing (replicas booting at once) until the transaction ends. */
  async lock(tx: WriteTx): Promise<void> {
    await tx.em.query(`SELECT pg_advisory_xact_lock(hashtext('registry:webhook_secret_keys'))`);
  }

  /** Generated keys, newest first. */
  async generatedKeys(tx?: WriteTx): Promise<{ keyId: string; keyMaterial: Buffer }[]> {
    return (tx?.em ?? this.db.manager).query(
      `SELECT key_id AS "keyId", key_material AS "keyMaterial" FROM webhook_secret_keys ORDER BY created_at DESC, key_id`,
    );
  }

  async insertGeneratedKey(tx: WriteTx, keyId: string, keyMaterial: Buffer): Promise<void> {
    await tx.em.query(`INSERT INTO webhook_secret_keys (key_id, key_material) VALUES ($1, $2)`, [keyId, keyMaterial]);
  }

  /**
   * Up to `limit` subscriptions (after `afterId`, by id) whose secret is in clear or sealed with
   * another key than `currentKeyId`, locked for the rest of the transaction (rows another
   * transaction holds are skipped: it is resealing them).
   */
  staleSecrets(tx: WriteTx, currentKeyId: string, afterId: string | null, limit: number): Promise<StoredSecret[]> {
    return tx.em.query(
      `SELECT id, secret AS "clearSecret", secret_sealed AS "secretSealed" FROM webhook_subscriptions
       WHERE (secret IS NOT NULL OR secret_sealed NOT LIKE $1) AND ($2::uuid IS NULL OR id > $2::uuid)
       ORDER BY id LIMIT $3
       FOR UPDATE SKIP LOCKED`,
      [`v1:${currentKeyId}:%`, afterId, limit],
    );
  }

  async storeSealed(tx: WriteTx, id: string, secretSealed: string): Promise<void> {
    await tx.em.query(`UPDATE webhook_subscriptions SET secret = NULL, secret_sealed = $2 WHERE id = $1`, [id, secretSealed]);
  }
}
