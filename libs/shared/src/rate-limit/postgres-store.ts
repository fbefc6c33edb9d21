import { type ClientRateLimitInfo, MemoryStore, type Options, type Store } from 'express-rate-limit';
import { RateLimitRepository, type Queryable } from './rate-limit.repository';

/**
 * An express-rate-limit store in PostgreSQL, so every replica counts against the same budget
 * (fixed windows, as the memory store, on the UNLOGGED rate_limit_counters).
 *
 * With `syncMs` 0 every hit is one upsert (exact across replicas, one round trip per request). With
 * `syncMs` > 0 (the default) a client's first hit in a window is one upsert (so a replica starts from
 * the shared total), later hits are counted in memory at once, and every `syncMs` each replica adds its
 * hits to the shared counters and takes back the totals of every client it is counting, in one
 * statement: a request costs no round trip, and a client can exceed its budget by at most what it sends
 * to the other replicas within one sync interval. Ended windows are purged by whichever replica first notices a window has
 * passed since its last purge.
 *
 * While the database does not answer, the process counts in memory (its own budget, as with
 * `RATE_LIMIT_STORE=memory`) and tries the database again after {@link RETRY_AFTER_FAILURE_MS}: the
 * limits hold and the log gets one line per outage, not one per request.
 */
export const RETRY_AFTER_FAILURE_MS = 1000;

/** A key's window as this process knows it: the shared total last read, and hits not yet added to it. */
interface LocalCount {
  shared: number;
  pending: number;
  resetAt: number;
}

export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  private readonly repo: RateLimitRepository;
  private readonly fallback = new MemoryStore();
  private readonly counts = new Map<string, LocalCount>();
  private windowMs = 60_000;
  private lastPurge = Date.now();
  /** While set and in the future, the database is not tried. */
  private failedUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;

  constructor(
    pool: Queryable,
    /** Distinguishes the limits sharing the table (e.g. `all:` and `write:`). */
    readonly prefix: string,
    /** Told once when the database stops answering (counting falls back to memory) and once when it answers again. */
    private readonly onStateChange: (state: 'fallback' | 'shared', err?: unknown) => void = () => undefined,
    /** How often hits counted in memory are added to the shared counters; 0: every hit at once. */
    private readonly syncMs = 0,
  ) {
    this.repo = new RateLimitRepository(pool);
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.fallback.init(options);
    if (this.syncMs > 0) {
      this.timer = setInterval(() => void this.sync(), this.syncMs);
      this.timer.unref();
    }
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    if (this.syncMs > 0) {
      const counted = this.countLocally(key);
      if (counted) return counted;
    }
    if (Date.now() < this.failedUntil) return this.fallback.increment(key);
    try {
      this.purgeNowAndThen();
      const { hits, resetAt } = await this.repo.hit(this.prefix + key, this.windowMs);
      this.answered();
      if (this.syncMs > 0) this.counts.set(key, { shared: hits, pending: 0, resetAt: resetAt.getTime() });
      return { totalHits: hits, resetTime: resetAt };
    } catch (err) {
      this.failed(err);
      return this.fallback.increment(key);
    }
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const local = this.counts.get(key);
    if (local && local.resetAt > Date.now()) return { totalHits: local.shared + local.pending, resetTime: new Date(local.resetAt) };
    const row = await this.repo.get(this.prefix + key);
    return row && { totalHits: row.hits, resetTime: row.resetAt };
  }

  async decrement(key: string): Promise<void> {
    if (this.syncMs > 0) {
      const local = this.counts.get(key);
      if (local) local.pending -= 1;
      return;
    }
    if (Date.now() < this.failedUntil) return this.fallback.decrement(key);
    await this.repo.decrement(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    this.counts.delete(key);
    await this.fallback.resetKey(key);
    await this.repo.reset(this.prefix + key);
  }

  shutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.fallback.shutdown();
  }

  /**
   * Adds the hits counted since the last sync to the shared counters and takes back their totals:
   * one statement for every key with hits. On failure the hits stay pending (counted locally) and
   * are added once the database answers again.
   */
  sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    const now = Date.now();
    // every client counted in an open window (to take back its total), and any hits still to add
    const batch = [...this.counts].filter(([, c]) => c.pending !== 0 || c.resetAt > now).map(([key, c]) => ({ key, c, sent: c.pending }));
    if (batch.length === 0 || Date.now() < this.failedUntil) {
      this.forgetEnded();
      return Promise.resolve();
    }
    this.purgeNowAndThen();
    this.syncing = this.repo
      .add(
        batch.map((b) => ({ key: this.prefix + b.key, hits: b.sent })),
        this.windowMs,
      )
      .then(
        (totals) => {
          this.answered();
          for (const { key, c, sent } of batch) {
            const total = totals.get(this.prefix + key);
            if (!total) continue;
            c.pending -= sent;
            c.shared = total.hits;
            c.resetAt = total.resetAt.getTime();
          }
          this.forgetEnded();
        },
        (err: unknown) => this.failed(err),
      )
      .finally(() => {
        this.syncing = null;
      });
    return this.syncing;
  }

  /** Counts a hit in memory, or answers null when this process has no open window of the key (the database counts it). */
  private countLocally(key: string): ClientRateLimitInfo | null {
    const now = Date.now();
    let local = this.counts.get(key);
    if (!local || local.resetAt <= now) {
      if (now >= this.failedUntil) return null;
      local = { shared: 0, pending: 0, resetAt: now + this.windowMs }; // the database is down: count here until it answers
      this.counts.set(key, local);
    }
    local.pending += 1;
    return { totalHits: local.shared + local.pending, resetTime: new Date(local.resetAt) };
  }

  /** Drops windows that ended with nothing left to add (their hits no longer count). */
  private forgetEnded(): void {
    const now = Date.now();
    for (const [key, c] of this.counts) if (c.resetAt <= now && c.pending <= 0) this.counts.delete(key);
  }

  private answered(): void {
    if (this.failedUntil === 0) return;
    this.failedUntil = 0;
    this.onStateChange('shared');
  }

  private failed(err: unknown): void {
    if (this.failedUntil === 0) this.onStateChange('fallback', err);
    this.failedUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
  }

  private purgeNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPurge < this.windowMs) return;
    this.lastPurge = now;
    this.repo.purgeEnded(this.windowMs).catch(() => undefined); // best effort: the next window tries again
  }
}
