import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request, { type Response } from 'supertest';
import { createApp, createTestApp, FixedClock, type TestApp } from './support/app';
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

describe('disabling the bootstrap administrator key without a restart', () => {
  let t: TestApp;
  let replica: NestExpressApplication;
  const clock = new FixedClock(new Date('2026-06-01T00:00:00.000Z'));
  const BOOTSTRAP_ID = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    // a second replica on the same database, with the same ADMIN_API_KEY
    replica = await createApp({ config: t.config, clock });
    await replica.init();
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  it('refuses to disable it while no stored administrator key works (409), an expired one included', async () => {
    expect((await t.http.get('/v1/api-keys/bootstrap').set(t.admin).expect(200)).body).toEqual({
      configured: true,
      status: 'active',
      disabledAt: null,
      disabledBy: null,
    });
    expectProblem(await t.http.post('/v1/api-keys/bootstrap/disable').set(t.admin), 409, 'LAST_ADMIN_CREDENTIAL');
    await makeCredential(t, 'admin', { expiresAt: '2026-06-01T00:00:01Z' });
    clock.set('2026-06-01T00:00:01.000Z');
    expectProblem(await t.http.post('/v1/api-keys/bootstrap/disable').set(t.admin), 409, 'LAST_ADMIN_CREDENTIAL');
    const auditor = await makeCredential(t, 'auditor');
    expectProblem(await t.http.post('/v1/api-keys/bootstrap/disable').set(auditor.header), 403, 'FORBIDDEN_ROLE');
    await t.http.get('/v1/api-keys').set(t.admin).expect(200);
  });

  it('once disabled, every replica answers the bootstrap key 401 at once; stored admin keys keep working', async () => {
    const ops = await makeCredential(t, 'admin');
    const onReplica = request(replica.getHttpServer());
    await onReplica.get('/v1/api-keys').set(t.admin).expect(200);

    const disabled = await t.http.post('/v1/api-keys/bootstrap/disable').set(t.admin).expect(200);
    expect(disabled.body).toEqual({
      configured: true,
      status: 'disabled',
      disabledAt: '2026-06-01T00:00:01.000Z',
      disabledBy: BOOTSTRAP_ID,
    });

    expectProblem(await t.http.get('/v1/api-keys').set(t.admin), 401, 'BOOTSTRAP_KEY_DISABLED');
    expectProblem(await onReplica.get('/v1/api-keys').set(t.admin), 401, 'BOOTSTRAP_KEY_DISABLED');
    expectProblem(await onReplica.post('/v1/providers').set(t.admin).send({ name: 'x' }), 401, 'BOOTSTRAP_KEY_DISABLED');
    await t.http.get('/v1/api-keys').set(ops.header).expect(200);
    await onReplica.get('/v1/api-keys').set(ops.header).expect(200);

    // disabling again answers the recorded state; the trail has one disablement by the bootstrap key
    const again = await onReplica.post('/v1/api-keys/bootstrap/disable').set(ops.header).expect(200);
    expect(again.body).toEqual(disabled.body);
    expect((await onReplica.get('/v1/api-keys/bootstrap').set(ops.header).expect(200)).body).toEqual(disabled.body);
    const trail = await t.sql<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_events WHERE action = 'bootstrap_admin.disabled'`,
    );
    expect(trail).toEqual([{ action: 'bootstrap_admin.disabled', actor_id: BOOTSTRAP_ID }]);

    // and the last working administrator key cannot be revoked now: create another first
    expectProblem(await t.http.delete(`/v1/api-keys/${ops.id}`).set(ops.header), 409, 'LAST_ADMIN_CREDENTIAL');
    const next = await t.http.post('/v1/api-keys').set(ops.header).send({ name: 'next ops', role: 'admin' }).expect(201);
    await t.http
      .delete(`/v1/api-keys/${ops.id}`)
      .set({ Authorization: `Bearer ${next.body.key as string}` })
      .expect(204);
  });
});
