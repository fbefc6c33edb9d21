import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './support/app';
import { makeProvider, makeService } from './support/factories';

let t: TestApp;
let serviceId: string;

beforeAll(async () => {
  t = await createTestApp();
  serviceId = (await makeService(t)).id;
});
afterAll(() => t.close());

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const expectProblem = (
  res: { status: number; headers: Record<string, string>; body: { code?: string } },
  status: number,
  code?: string,
) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (code) expect(res.body.code).toBe(code);
};

describe('bad input is a 400 problem, never a 500 (issue 10 regressions)', () => {
  it.each([
    ['/v1/providers', cursor(['a', 'b'])],
    ['/v1/services', cursor(['a', 'b'])],
    ['/v1/providers', cursor([1, 2])],
    ['/v1/municipalities', cursor(['abc'])],
    ['/v1/api-keys', cursor(['not-a-uuid'])],
    ['/v1/audit/events', cursor(['x'])],
    ['/v1/eligibility', cursor(['x'])],
    ['/v1/reviews/expiring', cursor(['2026-13-01', 'registration', 'x'])],
    ['/v1/services/:service/registrations', cursor([1, 2, 3])],
    ['/v1/services/:service/assessments', cursor(['x', 'y', 'z'])],
    ['/v1/providers', cursor(['a\u0000', '00000000-0000-4000-8000-000000000001'])],
  ])('GET %s with a cursor of the wrong types', async (path, c) => {
    const res = await t.http.get(path.replace(':service', serviceId)).set(t.admin).query({ cursor: c });
    expectProblem(res, 400, 'INVALID_CURSOR');
  });

  it('a NUL byte in a search', async () => {
    const res = await t.http.get('/v1/services?q=a%00b');
    expectProblem(res, 400, 'UNSAFE_INPUT');
    expect(res.body.errors).toEqual([{ pointer: '/query/q', detail: expect.stringContaining('NUL') }]);
  });

  it.each(['0000-01-01', '10000-01-01', '2025-02-29'])('asOf=%s', async (asOf) => {
    expectProblem(await t.http.get(`/v1/services/${serviceId}/eligibility`).query({ asOf }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.get('/v1/eligibility').query({ asOf }), 400, 'VALIDATION_FAILED');
  });

  it('accepts the first and last representable dates', async () => {
    for (const asOf of ['0001-01-01', '9999-12-31']) {
      const res = await t.http.get(`/v1/services/${serviceId}/eligibility`).query({ asOf, edition: 'R6.10' });
      expect([res.status, res.body.detail]).toEqual([200, undefined]);
    }
  });

  it('refuses 2,000-deep JSON and changes nothing', async () => {
    const deep = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);
    const res = await t.http.post('/v1/providers').set(t.admin).set('Content-Type', 'application/json').send(deep);
    expectProblem(res, 400, 'UNSAFE_INPUT');
  });

  it.each([
    ['a NUL', { name: 'a\u0000b' }, '/name'],
    ['an unpaired surrogate', { name: 'a\uD800b' }, '/name'],
    ['a __proto__ key', JSON.parse('{"name":"x","__proto__":{"admin":true}}') as object, '/__proto__'],
  ])('refuses a body with %s, naming the field', async (_, body, pointer) => {
    const before = (await t.sql('SELECT count(*)::int AS n FROM providers'))[0].n;
    const res = await t.http.post('/v1/providers').set(t.admin).set('Content-Type', 'application/json').send(JSON.stringify(body));
    expectProblem(res, 400, 'UNSAFE_INPUT');
    expect(res.body.errors[0].pointer).toBe(pointer);
    expect((await t.sql('SELECT count(*)::int AS n FROM providers'))[0].n).toBe(before);
  });

  it('a provider id that is not a uuid is still a 400 in a body', async () => {
    const res = await t.http.post('/v1/services').set(t.admin).send({ providerId: 'nope', name: 'x', category: 'chat' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('well-formed Japanese and emoji text passes', async () => {
    const p = await makeProvider(t, { name: '株式会社テスト 🏯' });
    expect((await t.http.get(`/v1/providers/${p.id}`).expect(200)).body.name).toBe('株式会社テスト 🏯');
  });
});
