// Issue 14, over HTTP on real PostgreSQL: snapshot reads go to DATABASE_READ_URL only when it has
// replayed the revision being served; a replica behind is waited for, then routed around.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EligibilityService } from '@app/eligibility';
import { ReadDatabase } from '@app/shared';
import { createApp, createTestApp, FixedClock, type TestApp } from './support/app';
import { auditor, eligibleService } from './support/scenarios';

const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));
let t: TestApp;
let behind: TestApp;
const services: Awaited<ReturnType<typeof eligibleService>>[] = [];

beforeAll(async () => {
  behind = await createTestApp({ clock }); // another database: its revision stays where its seeds left it
  t = await createTestApp({ clock });
  const audit = await auditor(t);
  for (let i = 0; i < 3; i++) services.push(await eligibleService(t, audit));
});
afterAll(async () => {
  await t.close();
  await behind.close();
});

async function answers(http: TestApp['http']): Promise<string[]> {
  return [
    (await http.get('/v1/eligibility').query({ asOf: '2026-01-15', limit: 500 }).expect(200)).text,
    (await http.get('/v1/allowlists/tokutei-tsushin').query({ asOf: '2026-01-15' }).expect(200)).text,
  ];
}

async function withReadUrl(
  readUrl: string,
  check: (http: TestApp['http'], read: ReadDatabase, app: NestExpressApplication) => Promise<void>,
  maxWaitMs = 30,
): Promise<void> {
  const app = await createApp({ config: { ...t.config, DATABASE_READ_URL: readUrl, READ_REPLICA_MAX_WAIT_MS: maxWaitMs }, clock });
  await app.init();
  try {
    await check(request(app.getHttpServer()), app.get(ReadDatabase), app);
  } finally {
    await app.close();
  }
}

describe('DATABASE_READ_URL', () => {
  it('reads the snapshot on a replica that has the revision, with the same answers', async () => {
    const expected = await answers(t.http);
    await withReadUrl(t.databaseUrl, async (http, read) => {
      expect(await answers(http)).toEqual(expected);
      expect(read.stats.replicaReads).toBeGreaterThan(0);
      expect(read.stats.fallbacks).toBe(0);
    });
  });

  it('never serves a replica behind the revision it advertises: waits, then reads the primary', async () => {
    const [ahead] = await t.sql<{ revision: string }>('SELECT revision::text AS revision FROM registry_state');
    const [lagging] = await behind.sql<{ revision: string }>('SELECT revision::text AS revision FROM registry_state');
    expect(BigInt(lagging.revision)).toBeLessThan(BigInt(ahead.revision));
    const expected = await answers(t.http);
    await withReadUrl(behind.databaseUrl, async (http, read) => {
      expect(await answers(http)).toEqual(expected);
      expect(read.stats.replicaReads).toBe(0);
      expect(read.stats.waits).toBeGreaterThan(0);
      expect(read.stats.fallbacks).toBeGreaterThan(0);
      expect(read.stats.maxLagRevisions).toBe(Number(BigInt(ahead.revision) - BigInt(lagging.revision)));
    });
  });

  it('answers for the services a write did not touch while the replica replays it; the written one is read afresh', async () => {
    const decision = (k: number) => `/v1/services/${services[k].service.id}/eligibility?asOf=2026-01-15`;
    // `behind` never replays anything: every snapshot read waits the whole second for it, then reads the primary
    await withReadUrl(
      behind.databaseUrl,
      async (http, _read, app) => {
        const eligibility = app.get(EligibilityService);
        await eligibility.currentFacts(); // the snapshot of the current revision, in memory
        await http
          .post(`/v1/services/${services[0].service.id}/endpoints`)
          .set(t.admin)
          .send({ kind: 'fqdn', value: 'added-while-behind.example.jp', ports: [443], effectiveOn: '2024-01-01' })
          .expect(201);
        const [untouched, written] = [await http.get(decision(1)).expect(200), await http.get(decision(0)).expect(200)];
        // the same answers and validators as a process reading the primary alone
        const [primary1, primary0] = [await t.http.get(decision(1)).expect(200), await t.http.get(decision(0)).expect(200)];
        expect([untouched.body, untouched.headers.etag]).toEqual([primary1.body, primary1.headers.etag]);
        expect([written.body, written.headers.etag]).toEqual([primary0.body, primary0.headers.etag]);
        expect(eligibility.decisionsAhead).toBe(1); // service 1, from the snapshot before the write; service 0 waited and was read
      },
      1000,
    );
  });
});
