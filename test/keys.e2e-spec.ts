import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { generateSigningKey, keyIdOf, type SignedCheckpoint, verifyCheckpoint } from '@app/audit';
import { createApp, createTestApp, FixedClock, type TestApp } from './support/app';
import { makeCredential, makeProvider } from './support/factories';

interface Key {
  keyId: string;
  algorithm: string;
  publicKey: string;
  createdAt: string;
  retiredAt: string | null;
}

const listKeys = async (app: TestApp) => {
  const res = await app.http.get('/v1/keys');
  expect(res.status).toBe(200);
  return res.body.items as Key[];
};
const checkpoint = async (app: TestApp) => (await app.http.get('/v1/audit/checkpoint').expect(200)).body as SignedCheckpoint;

describe('generated keys: GET /v1/keys and POST /v1/keys/rotate', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2025-12-01T03:00:00.000Z'));
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('publishes the one active key (public half only) and records its creation in the audit trail', async () => {
    const keys = await listKeys(t);
    expect(keys).toEqual([
      {
        keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
        algorithm: 'Ed25519',
        publicKey: expect.any(String),
        createdAt: clock.now().toISOString(),
        retiredAt: null,
      },
    ]);
    expect(keys[0].publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(keyIdOf(keys[0].publicKey)).toBe(keys[0].keyId);
    expect(JSON.stringify(keys)).not.toContain('PRIVATE');
    const cp = await checkpoint(t);
    expect(verifyCheckpoint(cp, keys[0].publicKey)).toEqual({ ok: true });
    const events = (await t.http.get('/v1/audit/events').set(t.admin).query({ subjectType: 'signing_key' })).body.items;
    expect(events).toMatchObject([{ action: 'signing_key.created', subject: { id: keys[0].keyId }, after: { source: 'generated' } }]);
    expect(JSON.stringify(events)).not.toContain('PRIVATE');
  });

  it('needs an administrator to rotate (401 without a credential, 403 for another role)', async () => {
    expect((await t.http.post('/v1/keys/rotate')).status).toBe(401);
    const auditor = await makeCredential(t, 'auditor');
    expect((await t.http.post('/v1/keys/rotate').set(auditor.header)).body.code).toBe('FORBIDDEN_ROLE');
  });

  it('rotates: a new active key, the old one retired but listed, old checkpoints still verify with it', async () => {
    const [old] = (await listKeys(t)).filter((k) => k.retiredAt === null);
    const before = await checkpoint(t);
    const revision = (await t.sql<{ revision: string }>('SELECT revision FROM registry_state'))[0].revision;
    clock.set('2025-12-02T00:00:00.000Z');

    const res = await t.http.post('/v1/keys/rotate').set(t.admin).set('Idempotency-Key', 'rotate-2025-12-02');
    expect(res.status).toBe(201);
    const rotated = res.body as Key;
    expect(rotated).toMatchObject({ algorithm: 'Ed25519', createdAt: '2025-12-02T00:00:00.000Z', retiredAt: null });
    expect(rotated.keyId).not.toBe(old.keyId);

    const keys = await listKeys(t);
    expect(keys).toEqual([{ ...old, retiredAt: '2025-12-02T00:00:00.000Z' }, rotated]);
    const after = await checkpoint(t);
    expect(after.keyId).toBe(rotated.keyId);
    expect(verifyCheckpoint(after, rotated.publicKey)).toEqual({ ok: true });
    expect(verifyCheckpoint(before, keys[0].publicKey)).toEqual({ ok: true });
    // recorded in the trail, without touching the registry revision (no data changed)
    const [event] = (await t.http.get('/v1/audit/events').set(t.admin).query({ action: 'signing_key.rotated' })).body.items;
    expect(event).toMatchObject({ subject: { id: rotated.keyId }, before: { keyId: old.keyId }, after: { retired: old.keyId } });
    expect((await t.sql<{ revision: string }>('SELECT revision FROM registry_state'))[0].revision).toBe(revision);
    expect((await t.http.get('/v1/audit/verify').set(t.admin)).body.ok).toBe(true);
  });

  it('answers a retried rotation (same Idempotency-Key) with the key it created, without rotating again', async () => {
    const before = await listKeys(t);
    const res = await t.http.post('/v1/keys/rotate').set(t.admin).set('Idempotency-Key', 'rotate-2025-12-02');
    expect(res.status).toBe(201);
    expect(res.body).toEqual(before[before.length - 1]);
    expect(await listKeys(t)).toEqual(before);
    expect((await t.http.post('/v1/keys/rotate').set(t.admin).set('Idempotency-Key', 'bad key with spaces')).status).toBe(400);
  });
});

describe('configured keys (AUDIT_SIGNING_KEY)', () => {
  const first = generateSigningKey();
  const second = generateSigningKey();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { AUDIT_SIGNING_KEY: first.privateKeyPem } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the configured key, refuses an API rotation with 409, and rotates when the configuration changes', async () => {
    const cp = await checkpoint(t);
    expect(await listKeys(t)).toMatchObject([{ keyId: keyIdOf(first.publicKeyPem), publicKey: first.publicKeyPem, retiredAt: null }]);
    expect((await t.http.post('/v1/keys/rotate').set(t.admin)).body).toMatchObject({ status: 409, code: 'SIGNING_KEY_CONFIGURED' });
    await makeProvider(t);

    // the same database, restarted with another configured key
    const app = await createApp({ config: { ...t.config, AUDIT_SIGNING_KEY: second.privateKeyPem } });
    await app.init();
    try {
      const http = request(app.getHttpServer());
      const keys = (await http.get('/v1/keys').expect(200)).body.items as Key[];
      expect(keys.map((k) => [k.keyId, k.retiredAt === null])).toEqual([
        [keyIdOf(first.publicKeyPem), false],
        [keyIdOf(second.publicKeyPem), true],
      ]);
      const later = (await http.get('/v1/audit/checkpoint').expect(200)).body as SignedCheckpoint;
      expect(verifyCheckpoint(later, second.publicKeyPem)).toEqual({ ok: true });
      expect(verifyCheckpoint(cp, keys[0].publicKey)).toEqual({ ok: true });
      expect((await http.get('/v1/audit/verify').set(t.admin)).body.ok).toBe(true);
    } finally {
      await app.close();
    }
    const stored = await t.sql<{ private_key_pem: string | null }>('SELECT private_key_pem FROM signing_keys');
    expect(stored.every((k) => k.private_key_pem === null)).toBe(true);
  });
});
