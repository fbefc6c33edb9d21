import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type PoolClient, Pool } from 'pg';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';

/** What the replica router saw (reported in /metrics). */
export interface ReplicaStats {
  /** Reads answered by the replica. */
  replicaReads: number;
  /** Reads that found the replica behind the revision asked for and waited for it. */
  waits: number;
  /** Reads routed to the primary because the replica stayed behind (or failed). */
  fallbacks: number;
  /** Largest lag seen, in revisions, and the longest wait, in ms. */
  maxLagRevisions: number;
  maxWaitMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The optional read replica (`DATABASE_READ_URL`). `atLeast(revision, work)` runs `work` in one
 * REPEATABLE READ, READ ONLY transaction on the replica once the replica has replayed at least that
 * revision (registry_state is replicated with everything else), so what it reads is never older
 * than the revision the caller advertises; it waits up to READ_REPLICA_MAX_WAIT_MS, then answers
 * null and the caller reads the primary.
 */
@Injectable()
export class ReadDatabase implements OnApplicationShutdown {
  private readonly pool: Pool | null;
  private readonly maxWaitMs: number;
  readonly stats: ReplicaStats = { replicaReads: 0, waits: 0, fallbacks: 0, maxLagRevisions: 0, maxWaitMs: 0 };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxWaitMs = config.READ_REPLICA_MAX_WAIT_MS;
    this.pool = config.DATABASE_READ_URL
      ? new Pool({
          connectionString: config.DATABASE_READ_URL,
          max: Math.max(2, Math.ceil(config.DATABASE_POOL_SIZE / 2)),
          application_name: 'lgwan-registry-read',
          connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
          statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS || undefined,
        })
      : null;
    this.pool?.on('error', () => undefined); // an idle client lost: the next read reconnects or falls back
  }

  get configured(): boolean {
    return this.pool !== null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
  }

  /**
   * `work` on the replica at a revision ≥ `revision` (as `revisionSql`, one row with a `revision`
   * column, reads it there), or null (no replica, or it stayed behind, or failed).
   */
  async atLeast<T>(revision: string, revisionSql: string, work: (client: PoolClient) => Promise<T>): Promise<T | null> {
    if (!this.pool) return null;
    const started = performance.now();
    const wanted = BigInt(revision);
    for (let attempt = 0; ; attempt++) {
      let lag = 0n;
      try {
        const client = await this.pool.connect();
        try {
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          const { rows } = await client.query<{ revision: string }>(revisionSql);
          const at = BigInt(rows[0]?.revision ?? '0');
          if (at >= wanted) {
            const result = await work(client);
            await client.query('COMMIT');
            this.stats.replicaReads += 1;
            return result;
          }
          lag = wanted - at;
          await client.query('ROLLBACK');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      } catch {
        this.stats.fallbacks += 1;
        return null;
      }
      if (attempt === 0) this.stats.waits += 1;
      this.stats.maxLagRevisions = Math.max(this.stats.maxLagRevisions, Number(lag));
      const waited = performance.now() - started;
      this.stats.maxWaitMs = Math.max(this.stats.maxWaitMs, waited);
      if (waited >= this.maxWaitMs) {
        this.stats.fallbacks += 1;
        return null;
      }
      await sleep(Math.min(5 * 2 ** attempt, 50));
    }
  }
}
