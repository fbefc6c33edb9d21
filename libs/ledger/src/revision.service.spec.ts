import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@app/shared';
import { LedgerRepository } from './ledger.repository';
import { RECONNECT_MAX_MS, RevisionService } from './revision.service';

/** A loopback port nothing listens on (connections are refused at once, as when PostgreSQL is down). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

describe('RevisionService while the database is down', () => {
  it('retries with capped backoff — one attempt at a time, no storm — and answers from the database meanwhile', async () => {
    const port = await closedPort();
    const queries: string[] = [];
    const db = { query: (sql: string) => (queries.push(sql), Promise.resolve([{ revision: '7' }])) } as unknown as DataSource;
    const service = new RevisionService(new LedgerRepository(db), { DATABASE_URL: `postgres://x:y@127.0.0.1:${port}/none` } as AppConfig);
    await service.onModuleInit();
    await new Promise((r) => setTimeout(r, 3_300));
    // 250 ms doubling, capped: attempts at ≈ 0, 0.25, 0.75, 1.75, 3.75 s
    expect(service.connectAttempts).toBeGreaterThanOrEqual(3);
    expect(service.connectAttempts).toBeLessThanOrEqual(5);
    expect(service.listening).toBe(false);
    await expect(service.get()).resolves.toBe('7');
    expect(queries).toHaveLength(1);
    await service.onApplicationShutdown();
    const after = service.connectAttempts;
    await new Promise((r) => setTimeout(r, RECONNECT_MAX_MS + 200));
    expect(service.connectAttempts).toBe(after);
  }, 15_000);
});
