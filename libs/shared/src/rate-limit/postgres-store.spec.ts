import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Options } from 'express-rate-limit';
import { PostgresRateLimitStore, RETRY_AFTER_FAILURE_MS } from './postgres-store';
import type { Queryable } from './rate-limit.repository';

/** A pool whose counter answers like the upsert, or fails while `down`. */
function fakePool() {
  const counts = new Map<string, number>();
  const state = { down: false, statements: [] as string[] };
  const pool: Queryable = {
    query: <R extends object>(text: string, params?: unknown[]) => {
      state.statements.push(text.trim().split(/\s+/)[0]);
      if (state.down) return Promise.reject(new Error('connect ECONNREFUSED'));
      if (text.includes('unnest')) {
        const [keys, hits] = params as [string[], number[]];
        keys.forEach((k, i) => counts.set(k, (counts.get(k) ?? 0) + hits[i]));
        const resetAt = new Date(Date.now() + 60_000);
        return Promise.resolve({ rows: keys.map((key) => ({ key, hits: counts.get(key), resetAt })) as unknown as R[] });
      }
      const key = String(params?.[0]);
      if (text.includes('INSERT')) counts.set(key, (counts.get(key) ?? 0) + 1);
      return Promise.resolve({ rows: [{ hits: counts.get(key) ?? 0, resetAt: new Date(Date.now() + 60_000) }] as unknown as R[] });
    },
  };
  return { pool, state, counts };
}

describe('PostgresRateLimitStore', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('counts under its prefix in the database', async () => {
    const { pool, counts } = fakePool();
    const store = new PostgresRateLimitStore(pool, 'write:');
    store.init({ windowMs: 60_000 } as Options);
    expect((await store.increment('203.0.113.7')).totalHits).toBe(1);
    expect((await store.increment('203.0.113.7')).totalHits).toBe(2);
    expect([...counts.keys()]).toEqual(['write:203.0.113.7']);
    store.shutdown();
  });

  it('counts in memory while the database fails, says so once, and goes back to the database after the pause', async () => {
    const { pool, state } = fakePool();
    const changes: string[] = [];
    const store = new PostgresRateLimitStore(pool, 'all:', (s) => changes.push(s));
    store.init({ windowMs: 60_000 } as Options);
    state.down = true;
    expect((await store.increment('a')).totalHits).toBe(1);
    const tried = state.statements.length;
    expect((await store.increment('a')).totalHits).toBe(2); // memory, without trying the database again
    expect((await store.increment('a')).totalHits).toBe(3);
    expect(state.statements).toHaveLength(tried);
    expect(changes).toEqual(['fallback']);

    state.down = false;
    jest.advanceTimersByTime(RETRY_AFTER_FAILURE_MS);
    expect((await store.increment('a')).totalHits).toBe(1); // the shared count again
    expect(changes).toEqual(['fallback', 'shared']);
    store.shutdown();
  });

  it('purges ended windows at most once a window', async () => {
    const { pool, state } = fakePool();
    const store = new PostgresRateLimitStore(pool, 'all:');
    store.init({ windowMs: 60_000 } as Options);
    await store.increment('a');
    jest.advanceTimersByTime(60_000);
    await store.increment('a');
    await store.increment('a');
    expect(state.statements.filter((s) => s === 'DELETE')).toHaveLength(1);
    store.shutdown();
  });

  describe('synced every syncMs (RATE_LIMIT_SYNC_MS)', () => {
    it("upserts a client's first hit, counts the next in memory, and adds them in one statement per sync", async () => {
      const { pool, state, counts } = fakePool();
      const store = new PostgresRateLimitStore(pool, 'all:', undefined, 250);
      store.init({ windowMs: 60_000 } as Options);
      expect((await store.increment('a')).totalHits).toBe(1);
      expect(state.statements).toEqual(['INSERT']);
      expect((await store.increment('a')).totalHits).toBe(2);
      expect((await store.increment('b')).totalHits).toBe(1);
      expect((await store.increment('a')).totalHits).toBe(3);
      expect(state.statements).toEqual(['INSERT', 'INSERT']); // b's first hit; a's later hits cost nothing
      counts.set('all:a', (counts.get('all:a') ?? 0) + 10); // another replica's hits
      await store.sync();
      expect(state.statements).toEqual(['INSERT', 'INSERT', 'INSERT']); // one statement for a and b
      expect(counts.get('all:a')).toBe(13);
      expect((await store.increment('a')).totalHits).toBe(14); // the shared total, taken back at the sync
      store.shutdown();
    });

    it('keeps the hits it could not add while the database fails, and adds them when it answers', async () => {
      const { pool, state, counts } = fakePool();
      const changes: string[] = [];
      const store = new PostgresRateLimitStore(pool, 'all:', (c) => changes.push(c), 250);
      store.init({ windowMs: 60_000 } as Options);
      await store.increment('a');
      await store.increment('a');
      state.down = true;
      await store.sync();
      expect((await store.increment('a')).totalHits).toBe(3);
      expect(changes).toEqual(['fallback']);
      state.down = false;
      jest.advanceTimersByTime(RETRY_AFTER_FAILURE_MS);
      await store.sync();
      expect(counts.get('all:a')).toBe(3);
      expect(changes).toEqual(['fallback', 'shared']);
      store.shutdown();
    });

    it('starts a new window in the database once the last one ended', async () => {
      const { pool, state } = fakePool();
      const store = new PostgresRateLimitStore(pool, 'all:', undefined, 250);
      store.init({ windowMs: 60_000 } as Options);
      await store.increment('a');
      jest.advanceTimersByTime(60_001);
      const before = state.statements.length;
      await store.increment('a');
      expect(state.statements.slice(before)).toContain('INSERT');
      store.shutdown();
    });
  });
});
