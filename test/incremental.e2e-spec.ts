// Issue 14, over HTTP on real PostgreSQL: a write reloads only the facts of the services it touched,
// and every answer after it equals the one an app computing from scratch gives.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { EligibilityService } from '@app/eligibility';
import { createApp, createTestApp, FixedClock, type TestApp } from './support/app';
import { csvBytes, etagOf, importFile, makeEndpoint, makeProvider, makeRegistration, makeService, rawGet } from './support/factories';
import { auditor, eligibleService, findings, publish } from './support/scenarios';

const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));
const DATES = ['2026-01-15', '2026-04-15'];
let t: TestApp;
let audit: Awaited<ReturnType<typeof auditor>>;
let services: Awaited<ReturnType<typeof eligibleService>>[];

beforeAll(async () => {
  t = await createTestApp({ clock });
  audit = await auditor(t);
  services = [];
  for (let i = 0; i < 4; i++) services.push(await eligibleService(t, audit));
  await everything(t.http); // warm: snapshot, decision sets and allowlists of both dates
});
afterAll(() => t.close());

type Http = TestApp['http'];

/** Every answer the snapshot feeds: bulk decisions, allowlists (JSON and text) and each service's decision, per date. */
async function everything(http: Http): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const ids = ((await http.get('/v1/services').query({ limit: 500 }).expect(200)).body.items as { id: string }[]).map((s) => s.id);
  for (const asOf of DATES) {
    out[`bulk ${asOf}`] = (await http.get('/v1/eligibility').query({ asOf, limit: 500 }).expect(200)).text;
    out[`csv ${asOf}`] = (await http.get('/v1/eligibility').query({ asOf, format: 'csv' }).expect(200)).text;
    out[`allowlist ${asOf}`] = (await http.get('/v1/allowlists/tokutei-tsushin').query({ asOf }).expect(200)).text;
    out[`txt ${asOf}`] = (await http.get('/v1/allowlists/tokutei-tsushin').query({ asOf, format: 'txt' }).expect(200)).text;
    out[`expiring ${asOf}`] = (await http.get('/v1/reviews/expiring').query({ asOf, within: 400 }).expect(200)).text;
    for (const id of ids) out[`${id} ${asOf}`] = (await http.get(`/v1/services/${id}/eligibility`).query({ asOf }).expect(200)).text;
  }
  return out;
}

/** The answers of a second app on the same database, whose snapshot is loaded whole. */
async function fromScratch(): Promise<Record<string, string>> {
  const app = await createApp({ config: t.config, clock });
  await app.init();
  try {
    return await everything(request(app.getHttpServer()));
  } finally {
    await app.close();
  }
}

const reloads = () => ({ ...t.app.get(EligibilityService).reloads });

/** After `write`, the long-running app answers as a fresh one does, and it got there reloading only touched services. */
async function expectIncrementalAfter(write: () => Promise<unknown>, touched: number): Promise<void> {
  const before = reloads();
  await write();
  const served = await everything(t.http);
  const after = reloads();
  expect(after.full).toBe(before.full);
  expect(after.incremental).toBeGreaterThan(before.incremental);
  expect(after.services - before.services).toBe(touched);
  expect(served).toEqual(await fromScratch());
}

describe('a write reloads only the services it touched, and answers equal a from-scratch computation', () => {
  it('after a registration is created and its status changed', async () => {
    const [a] = services;
    let registrationId = '';
    await expectIncrementalAfter(async () => {
      registrationId = (await makeRegistration(t, a.service.id, { scheme: 'ISMAP_LIU', registeredOn: '2025-06-01' })).id;
    }, 1);
    await expectIncrementalAfter(async () => {
      const reg = await t.http.get(`/v1/registrations/${a.registration.id}`).expect(200);
      await t.http
        .patch(`/v1/registrations/${a.registration.id}`)
        .set(t.admin)
        .set('If-Match', reg.headers.etag)
        .send({ status: 'suspended', effectiveOn: '2026-03-01' })
        .expect(200);
    }, 1);
    expect(registrationId).not.toBe('');
  });

  it('after a coverage is added and ended, and a state change of the covering registration (registration scope)', async () => {
    const [a] = services;
    // a second service of a's provider, with its own destination and assessment but no registration
    const providerId = ((await t.http.get(`/v1/services/${a.service.id}`).expect(200)).body as { providerId: string }).providerId;
    const sub = await makeService(t, { providerId });
    await makeEndpoint(t, sub.id);
    await publish(t, sub.id, audit);
    await everything(t.http);
    const registration = (await makeRegistration(t, a.service.id, { registeredOn: '2025-05-01' })).id;
    await everything(t.http);
    // adding the coverage touches the covered service only
    await expectIncrementalAfter(
      () =>
        t.http
          .post(`/v1/registrations/${registration}/coverage`)
          .set(t.admin)
          .send({ serviceId: sub.id, effectiveOn: '2025-12-01' })
          .expect(201),
      1,
    );
    // a state change of the registration touches the registered service AND the covered one
    await expectIncrementalAfter(async () => {
      await t.http
        .patch(`/v1/registrations/${registration}`)
        .set(t.admin)
        .set('If-Match', await etagOf(t, `/v1/registrations/${registration}`))
        .send({ status: 'revoked', effectiveOn: '2026-04-01' })
        .expect(200);
    }, 2);
    // ending the coverage touches the covered service only
    await expectIncrementalAfter(async () => {
      await t.http
        .patch(`/v1/registrations/${registration}/coverage/${sub.id}`)
        .set(t.admin)
        .set('If-Match', await etagOf(t, `/v1/registrations/${registration}`))
        .send({ endedOn: '2026-02-01' })
        .expect(200);
    }, 1);
  });

  it('an import that changes the state of a covering registration records both services', async () => {
    const [, , c] = services;
    const main = (await t.http.get(`/v1/services/${c.service.id}`).expect(200)).body as { providerId: string; name: string };
    const provider = (await t.http.get(`/v1/providers/${main.providerId}`).expect(200)).body as { name: string };
    const sub = await makeService(t, { providerId: main.providerId });
    await makeEndpoint(t, sub.id);
    await publish(t, sub.id, audit);
    const number = `C-INC-${Date.now()}`;
    const registration = (await makeRegistration(t, c.service.id, { registrationNumber: number, registeredOn: '2025-05-01' })).id;
    await t.http
      .post(`/v1/registrations/${registration}/coverage`)
      .set(t.admin)
      .send({ serviceId: sub.id, effectiveOn: '2025-12-01' })
      .expect(201);
    await everything(t.http);
    const csv = [
      '制度,登録番号,サービス名称,事業者名,登録日,監査対象期間末日,状態',
      `ISMAP,${number},${main.name},${provider.name},2025-05-01,2025-03-31,取消`,
    ];
    // the import records the registered service AND the covered one, and reloads just those two
    await expectIncrementalAfter(() => importFile(t, csvBytes(csv), { dryRun: 'false', effectiveOn: '2026-03-01' }).expect(200), 2);
    const [recorded] = await t.sql<{ service_ids: string[] }>('SELECT service_ids FROM registry_changes ORDER BY revision DESC LIMIT 1');
    expect([...recorded.service_ids].sort()).toEqual([c.service.id, sub.id].sort());
  });

  it('after an import that creates a provider, a service with a sub-service in its scope, and their registration', async () => {
    const number = `C-NEW-${Date.now()}`;
    const csv = [
      '制度,登録番号,サービス名称,事業者名,登録日,監査対象期間末日,状態,対象範囲',
      `ISMAP,${number},増分クラウド,増分事業者${number},2025-05-01,2025-03-31,登録,増分クラウド ストレージ`,
    ];
    await expectIncrementalAfter(() => importFile(t, csvBytes(csv), { dryRun: 'false' }).expect(200), 2);
  });

  it('after a destinations import that adds one to an existing service', async () => {
    const [a] = services;
    const csv = ['サービスID,種別,宛先,ポート,開始日', `${a.service.id},fqdn,inc-import.example.jp,443,2025-01-01`];
    await expectIncrementalAfter(() => importFile(t, csvBytes(csv), { dryRun: 'false', layout: 'destinations' }).expect(200), 1);
  });

  it('after a destination is added and one is ended', async () => {
    const [, b] = services;
    await expectIncrementalAfter(() => makeEndpoint(t, b.service.id, { kind: 'cidr', value: '10.0.0.0/8' }), 1);
    await expectIncrementalAfter(
      () => t.http.delete(`/v1/endpoints/${b.endpoint.id}`).set(t.admin).query({ effectiveOn: '2026-02-01' }).expect(204),
      1,
    );
  });

  it('after a dated category change and a retirement', async () => {
    const [, , c, d] = services;
    await expectIncrementalAfter(
      async () =>
        t.http
          .patch(`/v1/services/${c.service.id}`)
          .set('If-Match', await etagOf(t, `/v1/services/${c.service.id}`))
          .set(t.admin)
          .send({ category: 'business_application', effectiveOn: '2026-04-01' })
          .expect(200),
      1,
    );
    await expectIncrementalAfter(
      async () =>
        t.http
          .patch(`/v1/services/${d.service.id}`)
          .set('If-Match', await etagOf(t, `/v1/services/${d.service.id}`))
          .set(t.admin)
          .send({ lifecycleStatus: 'retired', effectiveOn: '2026-03-01' })
          .expect(200),
      1,
    );
  });

  it('after an assessment is published (superseding) and one is revoked', async () => {
    const [a, b] = services;
    await expectIncrementalAfter(
      () =>
        publish(t, a.service.id, audit, {
          performedOn: '2025-11-01',
          validUntil: '2026-10-31',
          supersedes: a.assessment.id,
          findings: findings({ MFA: 'not_met' }),
        }),
      1,
    );
    await expectIncrementalAfter(
      () =>
        t.http
          .post(`/v1/assessments/${b.assessment.id}/revoke`)
          .set(audit.header)
          .send({ reason: '誤登録', effectiveOn: '2026-02-01' })
          .expect(200),
      1,
    );
  });

  it('after a new service and a provider change (no facts of other services reloaded)', async () => {
    await expectIncrementalAfter(() => eligibleService(t, audit), 1); // four writes, one service
    await expectIncrementalAfter(() => makeProvider(t), 0);
    await expectIncrementalAfter(() => makeService(t), 1);
  });

  it('after a new profile edition: facts stay, every decision under the changed edition is made again', async () => {
    const profile = (await t.http.get('/v1/profiles/tokutei-tsushin').query({ edition: 'R6.10' }).expect(200)).body;
    const next = {
      ...profile,
      edition: 'R7.10',
      effectiveFrom: '2026-04-01',
      requirements: profile.requirements.map((r: { id: string; params: Record<string, unknown> }) =>
        r.id === 'SERVICE_CATEGORY_ALLOWED' ? { ...r, params: { allowedCategories: ['chat'] } } : r,
      ),
    };
    await expectIncrementalAfter(() => t.http.post('/v1/profiles').set(t.admin).send(next).expect(201), 0);
    const d = await t.http.get(`/v1/services/${services[0].service.id}/eligibility`).query({ asOf: '2026-04-15' }).expect(200);
    expect(d.body.profile.edition).toBe('R7.10');
  });

  it('a revision it has no record of (a bulk load) reloads everything', async () => {
    const before = reloads();
    await t.sql(`UPDATE services SET category = 'chat' WHERE id = $1`, [services[0].service.id]);
    await t.sql(`UPDATE registry_state SET revision = revision + 1 WHERE id = 1 RETURNING pg_notify('registry_revision', revision::text)`);
    let served: Record<string, string> = {};
    for (let i = 0; i < 50 && reloads().full === before.full; i++) {
      served = await everything(t.http);
    }
    expect(reloads().full).toBe(before.full + 1);
    expect(await everything(t.http)).toEqual(await fromScratch());
    expect(served).toBeDefined();
  });
});

describe('known answers are bytes', () => {
  it('serves a repeated read from the response cache with the same bytes and ETag, and a conditional one with 304', async () => {
    const path = `/v1/services/${services[2].service.id}/eligibility?asOf=2026-01-15`;
    const first = await t.http.get(path).expect(200);
    const before = (await t.http.get('/metrics').expect(200)).text;
    const again = await t.http.get(path).expect(200);
    const after = (await t.http.get('/metrics').expect(200)).text;
    expect(again.text).toBe(first.text);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    const hits = (text: string) => Number(/^registry_response_cache_hits (\d+)/m.exec(text)?.[1]);
    expect(hits(after)).toBe(hits(before) + 1);
    expect(after).toMatch(/^registry_response_cache_bytes [1-9]\d*/m);
    await t.http.get(path).set('If-None-Match', first.headers.etag).expect(304);
  });

  it.each([
    [
      'a page of 50 (coded on the thread pool)',
      () => ['/v1/eligibility?asOf=2026-01-16&limit=50', '/v1/eligibility?asOf=2026-01-16&limit=49'],
    ],
    [
      'one decision (coded on the event loop)',
      () => [1, 3].map((k) => `/v1/services/${services[k].service.id}/eligibility?asOf=2026-01-16`),
    ],
  ])('keeps %s gzip-coded: sent as is to a client that accepts gzip, decoded for one that does not', async (_, paths) => {
    const [path, other] = paths();
    const get = (headers: Record<string, string>, at = path) => rawGet(t, at, headers);
    // the first request computes the answer; it is kept gzip-coded, and each request gets the coding it asks for
    const coded = await get({ 'accept-encoding': 'gzip, deflate' });
    const plain = await get({});
    const again = await get({ 'accept-encoding': 'gzip;q=1, identity;q=0.5' });
    expect([coded.status, plain.status, again.status]).toEqual([200, 200, 200]);
    expect(coded.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(again.body.equals(coded.body)).toBe(true);
    expect(again.headers.etag).toBe(coded.headers.etag);
    expect(gunzipSync(coded.body).equals(plain.body)).toBe(true);
    expect(JSON.parse(plain.body.toString('utf8'))).toMatchObject(
      path.includes('/services/') ? { decision: expect.any(String) } : { items: expect.any(Array) },
    );
    expect(coded.body.length).toBeLessThan(plain.body.length / 3);
    expect(coded.headers.etag).toBe(`${plain.headers.etag!.slice(0, -1)}-gzip"`);
    for (const res of [plain, coded]) {
      expect(res.headers.vary).toMatch(/Accept-Encoding/);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
    }
    // either validator revalidates the answer, whichever coding is asked for
    expect((await get({ 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag! })).status).toBe(304);
    expect((await get({ 'if-none-match': coded.headers.etag! })).status).toBe(304);
    // computed for a client that does not accept gzip: sent plain, then kept gzip-coded all the same
    const first = await get({}, other);
    expect(first.headers['content-encoding']).toBeUndefined();
    const second = await get({ 'accept-encoding': 'gzip' }, other);
    expect(second.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(second.body).equals(first.body)).toBe(true);
  });

  it('keys answers on the negotiated language and never caches an error', async () => {
    const path = `/v1/services/${services[2].service.id}/eligibility?asOf=2026-01-15`;
    const ja = await t.http.get(path).set('Accept-Language', 'ja').expect(200);
    const en = await t.http.get(path).set('Accept-Language', 'en').expect(200);
    expect(en.headers.etag).not.toBe(ja.headers.etag); // messages are per language: so are the ETag and the cached bytes
    expect(ja.body.requirements.map((r: { message: string }) => r.message)).not.toEqual(
      en.body.requirements.map((r: { message: string }) => r.message),
    );
    const jaAgain = await t.http.get(path).set('Accept-Language', 'ja').expect(200);
    expect(jaAgain.text).toBe(ja.text);
    expect(jaAgain.headers['content-language']).toBe('ja');
    const missing = '/v1/services/00000000-0000-4000-8000-000000000000/eligibility?asOf=2026-01-15';
    await t.http.get(missing).expect(404);
    const second = await t.http.get(missing).expect(404);
    expect(second.headers['content-type']).toMatch(/problem\+json/);
  });
});
