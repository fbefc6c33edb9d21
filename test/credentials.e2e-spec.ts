import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { makeCredential } from './support/factories';

const expectProblem = (res: Response, status: number, code: string) => {
  expect([res.status, res.body.code]).toEqual([status, code]);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
};

describe('API keys with an expiry', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-03-31T14:00:00.000Z'));
  const EXPIRES = '2026-03-31T23:59:59+09:00'; // 14:59:59Z

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('works until the instant before expiresAt, answers 401 CREDENTIAL_EXPIRED from it, and lists as expired', async () => {
    clock.set('2026-03-31T14:00:00.000Z');
    const created = await t.http
      .post('/v1/api-keys')
      .set(t.admin)
      .send({ name: 'until March', role: 'admin', expiresAt: EXPIRES })
      .expect(201);
    expect(created.body).toMatchObject({ expiresAt: '2026-03-31T14:59:59.000Z', status: 'active' });
    const key = { Authorization: `Bearer ${created.body.key as string}` };

    clock.set('2026-03-31T14:59:58.999Z');
    await t.http.get('/v1/api-keys').set(key).expect(200);
    clock.set('2026-03-31T14:59:59.000Z');
    const refused = await t.http.get('/v1/api-keys').set(key);
    expectProblem(refused, 401, 'CREDENTIAL_EXPIRED');
    expect(refused.body.detail).toContain('2026-03-31T14:59:59.000Z');
    expectProblem(await t.http.post('/v1/providers').set(key).send({ name: 'expired' }), 401, 'CREDENTIAL_EXPIRED');

    const listed = await t.http.get('/v1/api-keys').set(t.admin).query({ limit: 100 }).expect(200);
    expect(listed.body.items.find((k: { id: string }) => k.id === created.body.id)).toMatchObject({
      expiresAt: '2026-03-31T14:59:59.000Z',
      status: 'expired',
      revokedAt: null,
    });
    // revoked wins: an expired key that is revoked lists as revoked, and is unknown (401 UNAUTHENTICATED)
    await t.http
      .delete(`/v1/api-keys/${created.body.id as string}`)
      .set(t.admin)
      .expect(204);
    expectProblem(await t.http.get('/v1/api-keys').set(key), 401, 'UNAUTHENTICATED');
  });

  it('keys without expiresAt never expire and list as active', async () => {
    clock.set('2026-03-31T14:00:00.000Z');
    const plain = await makeCredential(t, 'admin');
    clock.set('2099-12-31T00:00:00.000Z');
    await t.http.get('/v1/api-keys').set(plain.header).expect(200);
    const listed = await t.http.get('/v1/api-keys').set(t.admin).query({ limit: 100 }).expect(200);
    expect(listed.body.items.find((k: { id: string }) => k.id === plain.id)).toMatchObject({ expiresAt: null, status: 'active' });
  });

  it.each([
    ['now', '2026-03-31T14:00:00Z'],
    ['the past', '2025-01-01T00:00:00+09:00'],
    ['no offset', '2027-01-01T00:00:00'],
    ['a date only', '2027-01-01'],
    ['an impossible day', '2027-02-29T00:00:00Z'],
    ['null', null],
  ])('refuses expiresAt of %s with 400 and stores nothing', async (_, expiresAt) => {
    clock.set('2026-03-31T14:00:00.000Z');
    const before = await t.sql<{ n: string }>('SELECT count(*) AS n FROM api_credentials');
    const res = await t.http.post('/v1/api-keys').set(t.admin).send({ name: 'bad expiry', role: 'admin', expiresAt });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/expiresAt' })]);
    expect(await t.sql('SELECT count(*) AS n FROM api_credentials')).toEqual(before);
  });
});
