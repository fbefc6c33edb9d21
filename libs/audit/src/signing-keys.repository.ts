import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface StoredSigningKey {
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** The checkpoint signing key kept in signing_keys. */
@Injectable()
export class SigningKeysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The checkpoint key: the single (oldest) stored one. */
  async signingKey(em: EntityManager = this.db.manager): Promise<StoredSigningKey | null> {
    const [row] = await em.query<StoredSigningKey[]>(
      `SELECT key_id AS "keyId", private_key_pem AS "privateKeyPem", public_key_pem AS "publicKeyPem"
       FROM signing_keys ORDER BY created_at, key_id LIMIT 1`,
    );
    return row ?? null;
  }

  /**
   * Stores `candidate` unless a key exists, and returns the key to use. Replicas racing here are
   * serialised by a transaction-scoped advisory lock, so all of them end up with the same key.
   */
  storeSigningKeyIfAbsent(candidate: StoredSigningKey): Promise<StoredSigningKey> {
    return this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('registry:signing_keys'))`);
      const existing = await this.signingKey(em);
      if (existing) return existing;
      await em.query('INSERT INTO signing_keys (key_id, private_key_pem, public_key_pem) VALUES ($1, $2, $3)', [
        candidate.keyId,
        candidate.privateKeyPem,
        candidate.publicKeyPem,
      ]);
      return candidate;
    });
  }
}
