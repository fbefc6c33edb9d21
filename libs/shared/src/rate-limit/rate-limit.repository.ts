/** What the store needs of a connection pool (node-postgres' `Pool`), so its statements bypass TypeORM's query log. */
export interface Queryable {
  query<R extends object>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** The only SQL of rate_limit_counters: each statement is one round trip, times from the database clock. */
export class RateLimitRepository {
  constructor(private readonly pool: Queryable) {}

  /** Counts a hit in `key`'s window (a new window of `windowMs` once the last one ended): one upsert. */
  async hit(key: string, windowMs: number): Promise<{ hits: number; resetAt: Date }> {
    const { rows } = await this.pool.query<{ hits: number; resetAt: Date }>(
      `INSERT INTO rate_limit_counters AS c (key, hits, reset_at)
       VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.reset_at <= now() THEN 1 ELSE c.hits + 1 END,
         reset_at = CASE WHEN c.reset_at <= now() THEN EXCLUDED.reset_at ELSE c.reset_at END
       RETURNING c.hits, c.reset_at AS "resetAt"`,
      [key, windowMs],
    );
    return rows[0];
  }

  /**
   * Adds each key's hits to its window (a new window of `windowMs` once the last one ended) and
   * answers every key's total: one statement for all keys.
   */
  async add(counts: readonly { key: string; hits: number }[], windowMs: number): Promise<Map<string, { hits: number; resetAt: Date }>> {
    const { rows } = await this.pool.query<{ key: string; hits: number; resetAt: Date }>(
      `INSERT INTO rate_limit_counters AS c (key, hits, reset_at)
       SELECT t.key, GREATEST(t.hits, 0), now() + make_interval(secs => $3::double precision / 1000)
       FROM unnest($1::text[], $2::int[]) AS t(key, hits)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.reset_at <= now() THEN EXCLUDED.hits ELSE GREATEST(c.hits + EXCLUDED.hits, 0) END,
         reset_at = CASE WHEN c.reset_at <= now() THEN EXCLUDED.reset_at ELSE c.reset_at END
       RETURNING c.key, c.hits, c.reset_at AS "resetAt"`,
      [counts.map((c) => c.key), counts.map((c) => c.hits), windowMs],
    );
    return new Map(rows.map((r) => [r.key, { hits: r.hits, resetAt: r.resetAt }]));
  }

  async get(key: string): Promise<{ hits: number; resetAt: Date } | undefined> {
    const { rows } = await this.pool.query<{ hits: number; resetAt: Date }>(
      `SELECT hits, reset_at AS "resetAt" FROM rate_limit_counters WHERE key = $1 AND reset_at > now()`,
      [key],
    );
    return rows[0];
  }

  async decrement(key: string): Promise<void> {
    await this.pool.query(`UPDATE rate_limit_counters SET hits = hits - 1 WHERE key = $1 AND hits > 0 AND reset_at > now()`, [key]);
  }

  async reset(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM rate_limit_counters WHERE key = $1`, [key]);
  }

  /** Forgets windows that ended before `graceMs` ago. */
  async purgeEnded(graceMs: number): Promise<void> {
    await this.pool.query(`DELETE FROM rate_limit_counters WHERE reset_at < now() - make_interval(secs => $1::double precision / 1000)`, [
      graceMs,
    ]);
  }
}
