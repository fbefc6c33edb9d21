import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StoredResponse {
  fingerprint: string;
  status: number | null;
  headers: Record<string, string> | null;
  body: Buffer | null;
}

/** The only code that reads or writes `idempotency_keys`. Times come from the database clock. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims the key for this request: true when it was free (or its record had expired), else false
   * and the stored record answers. One statement, so two replicas racing cannot both claim it.
   */
  async claim(scope: string, fingerprint: string, ttlHours: number): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `INSERT INTO idempotency_keys (scope, fingerprint, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))
       ON CONFLICT (scope) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, status = NULL, headers = NULL, body = NULL,
         created_at = now(), expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at <= now()
       RETURNING 1`,
      [scope, fingerprint, ttlHours],
    );
    return rows.length > 0;
  }

  async find(scope: string): Promise<StoredResponse | null> {
    const [row] = await this.db.query<StoredResponse[]>(
      'SELECT fingerprint, status, headers, body FROM idempotency_keys WHERE scope = $1 AND expires_at > now()',
      [scope],
    );
    return row ?? null;
  }

  async complete(scope: string, status: number, headers: Record<string, string>, body: Buffer): Promise<void> {
    await this.db.query('UPDATE idempotency_keys SET status = $2, headers = $3, body = $4 WHERE scope = $1', [
      scope,
      status,
      headers,
      body,
    ]);
  }

  /** Frees the key (the request failed on the server's side: a retry must run it again). */
  async release(scope: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND status IS NULL', [scope]);
  }

  /** Deletes expired records; answers how many. */
  async purgeExpired(): Promise<number> {
    const rows = await this.db.query<unknown[]>('DELETE FROM idempotency_keys WHERE expires_at <= now() RETURNING 1');
    return rows.length;
  }
}
