import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './support/app';
import { etagOf, makeCredential, makeProvider, makeRegistration, makeService } from './support/factories';
import { findings } from './support/scenarios';

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

describe('null where a value is required, and numbers out of range, are 400 problems (issue 10 regressions)', () => {
  const pointers = (res: { body: { errors?: { pointer: string }[] } }) => (res.body.errors ?? []).map((e) => e.pointer);

  it('POST a registration with registrationNumber: null', async () => {
    const res = await t.http
      .post(`/v1/services/${serviceId}/registrations`)
      .set(t.admin)
      .send({ scheme: 'ISMAP', registrationNumber: null, registeredOn: '2025-05-01', auditPeriodEnd: '2025-03-31' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(pointers(res)).toContain('/registrationNumber');
  });

  it('PATCH a registration with null for a value it cannot clear, but null clears a nullable date', async () => {
    const registration = await makeRegistration(t, serviceId);
    const path = `/v1/registrations/${registration.id}`;
    for (const body of [{ registrationNumber: null }, { status: null }, { effectiveOn: null }]) {
      const res = await t.http
        .patch(path)
        .set(t.admin)
        .set('If-Match', await etagOf(t, path))
        .send(body);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect([...new Set(pointers(res))]).toEqual([`/${Object.keys(body)[0]}`]);
    }
    await t.http
      .patch(path)
      .set(t.admin)
      .set('If-Match', await etagOf(t, path))
      .send({ validUntil: null })
      .expect(200);
  });

  it.each([
    ['category: null', { category: null }, '/category'],
    ['name: null', { name: null }, '/name'],
    ['nameEn: null', { nameEn: null }, '/nameEn'],
    ['serviceModel: null', { serviceModel: null }, '/serviceModel'],
  ])('POST a service with %s', async (_, override, pointer) => {
    const providerId = (await makeProvider(t)).id;
    const res = await t.http
      .post('/v1/services')
      .set(t.admin)
      .send({ name: 'null のサービス', providerId, category: 'web_conferencing', ...override });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(pointers(res)).toContain(pointer);
  });

  it('PATCH a provider with name: null', async () => {
    const provider = await makeProvider(t);
    const path = `/v1/providers/${provider.id}`;
    const res = await t.http
      .patch(path)
      .set(t.admin)
      .set('If-Match', await etagOf(t, path))
      .send({ name: null });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('an assessment without an assessor, or with assessor: null', async () => {
    const auditor = await makeCredential(t, 'auditor', { organization: 'J-LIS' });
    const body = { profile: 'tokutei-tsushin', performedOn: '2025-06-01', validUntil: '2026-05-31', findings: findings() };
    for (const assessor of [undefined, null]) {
      const res = await t.http
        .post(`/v1/services/${serviceId}/assessments`)
        .set(auditor.header)
        .send({ ...body, assessor });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(pointers(res)).toContain('/assessor');
    }
  });

  const profile = (maxEvidenceAgeDays: unknown) => ({
    key: `bounds-${Math.random().toString(36).slice(2, 8)}`,
    edition: 'R1',
    title: 't',
    titleEn: 't',
    effectiveFrom: '2025-01-01',
    effectiveUntil: null,
    maxEvidenceAgeDays,
    source: 's',
    requirements: [{ id: 'A', kind: 'attestation', mandatory: true, title: 't', titleEn: 't', params: {}, source: 's' }],
    obligations: [],
  });

  it.each([1e308, 2 ** 31, 36_501, -1, 1.5, '30'])('a profile with maxEvidenceAgeDays: %p', async (days) => {
    const res = await t.http.post('/v1/profiles').set(t.admin).send(profile(days));
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(pointers(res)).toContain('/maxEvidenceAgeDays');
  });

  it('a profile with maxEvidenceAgeDays at its bounds (and null) is accepted', async () => {
    for (const days of [0, 36_500, null]) await t.http.post('/v1/profiles').set(t.admin).send(profile(days)).expect(201);
  });

  it.each([
    ['a list limit', '/v1/providers?limit=1e308'],
    ['an expiring window', '/v1/reviews/expiring?within=1e308'],
  ])('%s of 1e308', async (_, path) => {
    expectProblem(await t.http.get(path), 400, 'VALIDATION_FAILED');
  });
});

describe('the contract says what the edge enforces', () => {
  it('documents 400 on every operation (the input bounds apply to every query) and the roles of every guarded one', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[]; 'x-roles'?: string[] }>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ at: `${method} ${path}`, op })),
    );
    expect(ops.filter(({ op }) => !op.responses['400']).map(({ at }) => at)).toEqual([]);
    expect(ops.filter(({ op }) => op.security?.length && !op['x-roles'] && !op.responses['401']).map(({ at }) => at)).toEqual([]);
    expect(doc.paths['/v1/services/{id}/assessments'].post['x-roles']).toEqual(['auditor']);
    expect(doc.paths['/v1/providers'].post['x-roles']).toEqual(['admin']);
  });
});
