import { type ClientRateLimitInfo, MemoryStore, type Options, type Store } from 'express-rate-limit';
import { RateLimitRepository, type Queryable } from './rate-limit.repository';

/**
 * An express-rate-limit store in PostgreSQL, so every replica counts against the same budget: one
 * upsert per hit on the UNLOGGED rate_limit_counters (fixed windows, as the memory store). Ended
 * windows are purged by whichever replica first notices a window has passed since its last purge.
 *
 * While the database does not answer, the process counts in memory (its own budget, as with
 * `RATE_LIMIT_STORE=memory`) and tries the database again after {@link RETRY_AFTER_FAILURE_MS}: the
 * limits hold and the log gets one line per outage, not one per request.
 */
export const RETRY_AFTER_FAILURE_MS = 1000;

export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  private readonly repo: RateLimitRepository;
  private readonly fallback = new MemoryStore();
  private windowMs = 60_000;
  private lastPurge = Date.now();
  /** While set and in the future, the database is not tried. */
  private failedUntil = 0;

  constructor(
    pool: Queryable,
    /** Distinguishes the limits sharing the table (e.g. `all:` and `write:`). */
    readonly prefix: string,
    /** Told once when the database stops answering (counting falls back to memory) and once when it answers again. */
    private readonly onStateChange: (state: 'fallback' | 'shared', err?: unknown) => void = () => undefined,
  ) {
    this.repo = new RateLimitRepository(pool);
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.fallback.init(options);
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    if (Date.now() < this.failedUntil) return this.fallback.increment(key);
    try {
      this.purgeNowAndThen();
      const { hits, resetAt } = await this.repo.hit(this.prefix + key, this.windowMs);
      if (this.failedUntil !== 0) {
        this.failedUntil = 0;
        this.onStateChange('shared');
      }
      return { totalHits: hits, resetTime: resetAt };
    } catch (err) {
      if (this.failedUntil === 0) this.onStateChange('fallback', err);
      this.failedUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      return this.fallback.increment(key);
    }
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.repo.get(this.prefix + key);
    return row && { totalHits: row.hits, resetTime: row.resetAt };
  }

  async decrement(key: string): Promise<void> {
    if (Date.now() < this.failedUntil) return this.fallback.decrement(key);
    await this.repo.decrement(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.fallback.resetKey(key);
    await this.repo.reset(this.prefix + key);
  }

  shutdown(): void {
    this.fallback.shutdown();
  }

  private purgeNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPurge < this.windowMs) return;
    this.lastPurge = now;
    this.repo.purgeEnded(this.windowMs).catch(() => undefined); // best effort: the next window tries again
  }
}
