// Proof that travels into LGWAN: a signed snapshot of the origin, verified with only its public key,
// loaded by a read-only mirror that answers reads byte for byte (and ETag for ETag) like the origin.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ApiKeysService } from '@app/credentials';
import { MirrorService, verifySnapshot } from '@app/mirror';
import { SYSTEM_ACTOR } from '@app/shared';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { etagOf, makeEndpoint, makeService, rawGet } from './support/factories';
import { auditor, eligibleService, publish } from './support/scenarios';

const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));
const dir = mkdtempSync(join(tmpdir(), 'mirror-'));
const file = join(dir, 'snapshot.json');
let origin: TestApp;
let mirror: TestApp;
let publicKey: string;
let services: string[];

const snapshotText = async () => (await origin.http.get('/v1/snapshots/current').expect(200)).text;

beforeAll(async () => {
  origin = await createTestApp({ clock });
  const audit = await auditor(origin);
  services = [];
  const first = await eligibleService(origin, audit);
  services.push(first.service.id);
  for (let i = 0; i < 2; i++) services.push((await eligibleService(origin, audit)).service.id);
  // a service of the first one's provider, eligible only through the first registration's scope
  const sub = await makeService(origin, { providerId: first.service.providerId });
  await makeEndpoint(origin, sub.id);
  await publish(origin, sub.id, audit);
  await origin.http
    .post(`/v1/registrations/${first.registration.id}/coverage`)
    .set(origin.admin)
    .send({ serviceId: sub.id, effectiveOn: '2025-06-01' })
    .expect(201);
  services.push(sub.id);
  await makeEndpoint(origin, services[1], { kind: 'cidr', value: '8.8.8.0/24', ports: [443, 8443] });
  const keys = (await origin.http.get('/v1/keys').expect(200)).body as { items: { publicKey: string; retiredAt: string | null }[] };
  publicKey = keys.items.find((k) => k.retiredAt === null)!.publicKey;
  writeFileSync(file, await snapshotText());
  mirror = await createTestApp({ clock, config: { MIRROR_FROM: file, MIRROR_PUBLIC_KEY: publicKey } });
}, 120_000);

afterAll(async () => {
  await mirror?.close();
  await origin?.close();
  rmSync(dir, { recursive: true, force: true });
});

const same = async (path: string, query: Record<string, string | number>) => {
  const a = await origin.http.get(path).query(query).expect(200);
  const b = await mirror.http.get(path).query(query).expect(200);
  expect(b.text).toBe(a.text);
  expect(b.headers.etag).toBe(a.headers.etag);
  expect(b.headers['content-type']).toBe(a.headers['content-type']);
  return b;
};

describe('the signed snapshot', () => {
  it('is kept gzip-coded: sent so to a client that accepts gzip, streamed out decoded to one that does not', async () => {
    const coded = await rawGet(origin, '/v1/snapshots/current', { 'accept-encoding': 'gzip' });
    const plain = await rawGet(origin, '/v1/snapshots/current');
    expect([coded.status, plain.status]).toEqual([200, 200]);
    expect(coded.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    expect(gunzipSync(coded.body).equals(plain.body)).toBe(true);
    expect(verifySnapshot(plain.body.toString('utf8'), publicKey)).toMatchObject({ ok: true });
  });

  it('verifies with only the public key; a flipped byte, another key or a changed part does not', async () => {
    const text = await snapshotText();
    const verdict = verifySnapshot(text, publicKey);
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(Object.keys(verdict.body.manifest)).toEqual(
      expect.arrayContaining(['providers', 'services', 'endpoints', 'assessments', 'allowlists']),
    );
    expect(verdict.body.checkpoint.size).toBeGreaterThan(0);
    const envelope = JSON.parse(text) as { payload: string; signatures: { sig: string }[] };
    const body = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    body.parts.providers[0].name = 'すり替え';
    const tampered = { ...envelope, payload: Buffer.from(JSON.stringify(body)).toString('base64') };
    expect(verifySnapshot(JSON.stringify(tampered), publicKey)).toMatchObject({ ok: false });
    const badSig = { ...envelope, signatures: [{ ...envelope.signatures[0], sig: Buffer.alloc(64, 1).toString('base64') }] };
    expect(verifySnapshot(JSON.stringify(badSig), publicKey)).toMatchObject({ ok: false });
  });
});

describe('a read-only mirror', () => {
  it('answers decisions, a bulk page and allowlists with the origin’s bytes and ETags', async () => {
    for (const id of services) await same(`/v1/services/${id}/eligibility`, { asOf: '2025-12-01' });
    // the covered service is eligible on the mirror too: the coverage travels in the snapshot
    expect((await mirror.http.get(`/v1/services/${services[3]}/eligibility`).query({ asOf: '2025-12-01' })).body.decision).toBe('eligible');
    await same('/v1/eligibility', { asOf: '2025-12-01', limit: 2 });
    await same('/v1/allowlists/tokutei-tsushin', { asOf: '2025-12-01' });
    await same('/v1/allowlists/tokutei-tsushin', { asOf: '2025-12-01', format: 'txt' });
    await same(`/v1/services/${services[0]}`, {});
  });

  it('refuses every write with 403 READ_ONLY_MIRROR, and does not sign receipts', async () => {
    const write = await mirror.http.post('/v1/providers').set(mirror.admin).send({ name: 'ミラーへの書き込み' });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ code: 'READ_ONLY_MIRROR', status: 403 });
    expect((await mirror.http.patch(`/v1/services/${services[0]}`).set(mirror.admin).send({ name: 'x' })).status).toBe(403);
    expect((await mirror.http.get(`/v1/services/${services[0]}/eligibility/receipt`).set(mirror.admin)).body.code).toBe('READ_ONLY_MIRROR');
  });

  it('refuses a tampered snapshot and keeps serving the last good one; takes the next good one', async () => {
    const before = (await mirror.http.get(`/v1/services/${services[0]}/eligibility`).query({ asOf: '2025-12-01' })).text;
    const audit = await auditor(origin, '監査法人ミラー');
    const added = (await eligibleService(origin, audit)).service.id;
    const good = await snapshotText();
    const envelope = JSON.parse(good) as { payload: string };
    const body = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    body.parts.services = body.parts.services.slice(1);
    writeFileSync(file, JSON.stringify({ ...envelope, payload: Buffer.from(JSON.stringify(body)).toString('base64') }));
    const service = mirror.app.get(MirrorService);
    await expect(service.refresh()).resolves.toBe(false);
    expect((await mirror.http.get(`/v1/services/${services[0]}/eligibility`).query({ asOf: '2025-12-01' })).text).toBe(before);
    await mirror.http.get(`/v1/services/${added}/eligibility`).query({ asOf: '2025-12-01' }).expect(404);

    writeFileSync(file, good);
    await expect(service.refresh()).resolves.toBe(true);
    await same(`/v1/services/${added}/eligibility`, { asOf: '2025-12-01' });
    await same('/v1/eligibility', { asOf: '2025-12-01', limit: 500 });
    expect(readFileSync(file, 'utf8')).toBe(good);
  });

  it('keeps the mirror’s own API keys across loads, and takes the origin’s changes to local governments', async () => {
    // a key made on the mirror with `cli api-key:create` (its municipality is in the shipped list)
    const created = await mirror.app
      .get(ApiKeysService)
      .create(SYSTEM_ACTOR, { name: 'mirror staff', role: 'municipality', municipalityCode: '011002' });
    const header = { Authorization: `Bearer ${created.key}` };
    await mirror.http.get('/v1/municipalities/011002/outlook').set(header).expect(200);

    const path = '/v1/municipalities/011002';
    await origin.http
      .patch(path)
      .set(origin.admin)
      .set('If-Match', await etagOf(origin, path))
      .send({ networkModel: 'beta' })
      .expect(200);
    writeFileSync(file, await snapshotText());
    await expect(mirror.app.get(MirrorService).refresh()).resolves.toBe(true);

    expect((await mirror.http.get(path).expect(200)).body.networkModel).toBe('beta');
    const outlook = await mirror.http.get('/v1/municipalities/011002/outlook').set(header);
    expect(outlook.status).toBe(200); // the key survived the load (a TRUNCATE … CASCADE of municipalities took it with it)
  });
});
