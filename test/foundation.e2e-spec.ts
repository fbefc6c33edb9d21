import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createApp, createTestApp, type TestApp } from './support/app';
import {
  corporateNumber,
  makeCredential,
  registerOrganization,
  makeEndpoint,
  makeProvider,
  makeRegistration,
  makeService,
  etagOf,
} from './support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const expectProblem = (
  res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
  code: string,
) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
  expect(typeof res.body.requestId).toBe('string');
};

describe('platform', () => {
  it('is live and ready (database reachable, migrations applied)', async () => {
    await t.http.get('/health/live').expect(200);
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' } });
  });

  it('is not ready while a migration is pending, and says which check failed', async () => {
    const [latest] = await t.sql<{ timestamp: string; name: string }>(
      'SELECT timestamp, name FROM migrations ORDER BY timestamp DESC LIMIT 1',
    );
    await t.sql('DELETE FROM migrations WHERE name = $1', [latest.name]);
    try {
      const res = await t.http.get('/health/ready');
      expectProblem(res, 503, 'UNAVAILABLE');
      expect(res.body.checks).toEqual({ migrations: { status: 'down', pending: true } });
    } finally {
      await t.sql('INSERT INTO migrations (timestamp, name) VALUES ($1, $2)', [latest.timestamp, latest.name]);
    }
    await t.http.get('/health/ready').expect(200);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await t.http.get('/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.paths['/v1/services/{id}/registrations']).toBeDefined();
    expect(doc.body.components.schemas.ProblemDto).toBeDefined();
    await t.http.get('/docs/').expect(200).expect('content-type', /html/);
  });

  it('sends security headers and echoes a well-formed request id', async () => {
    const res = await t.http.get('/health/live').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const bad = await t.http.get('/health/live').set('X-Request-Id', 'bad id with spaces');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("makes requests and responses with Express's prototypes, so Express never changes them (see express-adapter.ts)", async () => {
    const express = t.app.getHttpAdapter().getInstance() as { request: object; response: object };
    const server = t.app.getHttpServer();
    const seen: [object | null, object | null][] = [];
    const record = (req: object, res: object) => seen.push([Object.getPrototypeOf(req), Object.getPrototypeOf(res)]);
    server.prependListener('request', record);
    try {
      const live = await t.http.get('/health/live').expect(200);
      expect(live.body).toMatchObject({ status: 'ok' });
      await t.http.get('/v1/providers?limit=1').expect(200);
    } finally {
      server.removeListener('request', record);
    }
    expect(seen).toHaveLength(2);
    for (const [req, res] of seen) {
      expect(req).toBe(express.request);
      expect(res).toBe(express.response);
    }
  });

  it('parses the query string once per request however often it is read (see queryParsedOnce)', async () => {
    const express = t.app.getHttpAdapter().getInstance() as {
      get(name: 'query parser fn'): (query: string) => unknown;
      set(name: 'query parser fn', fn: (query: string) => unknown): void;
    };
    const parse = express.get('query parser fn');
    const parsed: string[] = [];
    express.set('query parser fn', (query: string) => {
      parsed.push(query);
      return parse(query);
    });
    try {
      const page = await t.http.get('/v1/providers?limit=1').expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      expectProblem(await t.http.get('/v1/providers?limit=0'), 400, 'VALIDATION_FAILED');
    } finally {
      express.set('query parser fn', parse);
    }
    expect(parsed).toEqual(['limit=1', 'limit=0']);
  });

  it('answers unknown routes, malformed JSON and oversize bodies with problems', async () => {
    expectProblem(await t.http.get('/v1/nothing-here'), 404, 'NOT_FOUND');
    expectProblem(
      await t.http.post('/v1/providers').set(t.admin).set('Content-Type', 'application/json').send('{"name":'),
      400,
      'MALFORMED_JSON',
    );
    expectProblem(
      await t.http
        .post('/v1/providers')
        .set(t.admin)
        .send({ name: 'x'.repeat(300_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });
});

describe('rate limits', () => {
  it('answers writes over the limit with a 429 problem carrying RateLimit headers', async () => {
    const limited = await createTestApp({ config: { WRITE_RATE_LIMIT_PER_MINUTE: 2 } });
    try {
      await limited.http.post('/v1/providers').set(limited.admin).send({ name: 'a' }).expect(201);
      await limited.http.post('/v1/providers').set(limited.admin).send({ name: 'b' }).expect(201);
      const res = await limited.http.post('/v1/providers').set(limited.admin).send({ name: 'c' });
      expectProblem(res, 429, 'RATE_LIMITED');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.ratelimit ?? res.headers['ratelimit-policy']).toBeDefined();
      await limited.http.get('/v1/providers').expect(200); // reads have their own, larger budget
    } finally {
      await limited.close();
    }
  });

  it('counts in PostgreSQL, so two replicas share one budget: limit 6, 4 hits on each → the 3rd on the second is 429', async () => {
    const first = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: 6, RATE_LIMIT_STORE: 'postgres', RATE_LIMIT_SYNC_MS: 0 } });
    const second = await createApp({ config: first.config });
    try {
      await second.init();
      const other = request(second.getHttpServer());
      for (let i = 0; i < 4; i++) await first.http.get('/v1/providers').expect(200);
      await other.get('/v1/providers').expect(200);
      await other.get('/v1/providers').expect(200);
      const res = await other.get('/v1/providers');
      expectProblem(res, 429, 'RATE_LIMITED');
      expect(res.headers.ratelimit).toMatch(/limit=6, remaining=0, reset=\d+/);
      expectProblem(await first.http.get('/v1/providers'), 429, 'RATE_LIMITED');
      await first.http.get('/health/live').expect(200); // probes are never limited
      const [row] = await first.sql<{ hits: number }>(`SELECT hits FROM rate_limit_counters WHERE key LIKE 'all:%'`);
      expect(row.hits).toBe(8);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('synced every RATE_LIMIT_SYNC_MS: replicas share one budget without a round trip per request', async () => {
    const first = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: 6, RATE_LIMIT_STORE: 'postgres', RATE_LIMIT_SYNC_MS: 50 } });
    const second = await createApp({ config: first.config });
    const shared = async () =>
      (await first.sql<{ hits: number }>(`SELECT hits FROM rate_limit_counters WHERE key LIKE 'all:%'`))[0]?.hits ?? 0;
    const until = async (done: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await done()); i++) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      await second.init();
      const other = request(second.getHttpServer());
      for (let i = 0; i < 4; i++) await first.http.get('/v1/providers').expect(200);
      await until(async () => (await shared()) === 4); // the first replica added its hits
      await other.get('/v1/providers').expect(200); // a client's first hit on a replica reads the shared total: 5
      await other.get('/v1/providers').expect(200); // 6
      expectProblem(await other.get('/v1/providers'), 429, 'RATE_LIMITED');
      await until(async () => (await shared()) === 7);
      // the first replica takes back the total at its next sync and refuses too
      let status = 200;
      for (let i = 0; i < 20 && status === 200; i++) {
        await new Promise((r) => setTimeout(r, 60));
        status = (await first.http.get('/v1/providers')).status;
      }
      expect(status).toBe(429);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('counts per process with RATE_LIMIT_STORE=memory', async () => {
    const first = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: 2, RATE_LIMIT_STORE: 'memory' } });
    const second = await createApp({ config: first.config });
    try {
      await second.init();
      for (const http of [first.http, request(second.getHttpServer())]) {
        await http.get('/v1/providers').expect(200);
        await http.get('/v1/providers').expect(200);
        expectProblem(await http.get('/v1/providers'), 429, 'RATE_LIMITED');
      }
      expect(await first.sql('SELECT 1 FROM rate_limit_counters')).toHaveLength(0);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('credentials and roles', () => {
  it('creates credentials whose secret is shown once and stored only as a hash', async () => {
    await registerOrganization(t, 'ISMAP auditor A');
    const res = await t.http
      .post('/v1/api-keys')
      .set(t.admin)
      .send({ name: 'auditor A', role: 'auditor', organization: 'ISMAP auditor A' })
      .expect(201);
    expect(res.body.key).toMatch(/^lgr_/);
    const [row] = await t.sql<{ key_hash: string }>('SELECT key_hash FROM api_credentials WHERE id = $1', [res.body.id]);
    expect(row.key_hash).toHaveLength(64);
    expect(row.key_hash).not.toContain(res.body.key);
    const list = await t.http.get('/v1/api-keys').set(t.admin).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(res.body.key);
  });

  it('needs a credential for writes (401) and the right role (403); reads are public', async () => {
    expectProblem(await t.http.post('/v1/providers').send({ name: 'x' }), 401, 'UNAUTHENTICATED');
    expectProblem(
      await t.http.post('/v1/providers').set({ Authorization: 'Bearer lgr_unknownunknownunknown' }).send({ name: 'x' }),
      401,
      'UNAUTHENTICATED',
    );
    const auditor = await makeCredential(t, 'auditor');
    expectProblem(await t.http.post('/v1/providers').set(auditor.header).send({ name: 'x' }), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http.post('/v1/api-keys').set(auditor.header).send({ name: 'x', role: 'admin' }), 403, 'FORBIDDEN_ROLE');
    await t.http.get('/v1/providers').expect(200);
  });

  it('validates role scopes: auditors need an organisation, municipalities a real code', async () => {
    expectProblem(await t.http.post('/v1/api-keys').set(t.admin).send({ name: 'x', role: 'auditor' }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await t.http.post('/v1/api-keys').set(t.admin).send({ name: 'x', role: 'municipality', municipalityCode: '011003' }),
      400,
      'INVALID_MUNICIPALITY_CODE',
    );
    expectProblem(
      await t.http.post('/v1/api-keys').set(t.admin).send({ name: 'x', role: 'municipality', municipalityCode: '019992' }),
      404,
      'MUNICIPALITY_NOT_FOUND',
    );
  });

  it('revoked credentials stop working at once', async () => {
    const admin2 = await makeCredential(t, 'admin');
    await t.http.post('/v1/providers').set(admin2.header).send({ name: '失効前' }).expect(201);
    await t.http.delete(`/v1/api-keys/${admin2.id}`).set(t.admin).expect(204);
    expectProblem(await t.http.post('/v1/providers').set(admin2.header).send({ name: '失効後' }), 401, 'UNAUTHENTICATED');
  });
});

describe('providers', () => {
  it('validates the corporate number check digit', async () => {
    expectProblem(
      await t.http.post('/v1/providers').set(t.admin).send({ name: 'x', corporateNumber: '1000012050002' }),
      400,
      'INVALID_CORPORATE_NUMBER',
    );
    const res = await t.http.post('/v1/providers').set(t.admin).send({ name: 'x', corporateNumber: '12345' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ pointer: '/corporateNumber', detail: expect.any(String) }]);
  });

  it('rejects unknown and wrong-typed fields with a pointer to each', async () => {
    const res = await t.http.post('/v1/providers').set(t.admin).send({ name: 42, colour: 'red' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/name', '/colour']));
  });

  it('PATCH answers with a strong ETag, honours If-Match and refuses stale writes with 412', async () => {
    const p = await makeProvider(t);
    const read = await t.http.get(`/v1/providers/${p.id}`).expect(200);
    const etag = read.headers.etag;
    expect(etag).toMatch(/^"[^"]+"$/);
    const first = await t.http.patch(`/v1/providers/${p.id}`).set(t.admin).set('If-Match', etag).send({ nameEn: 'First' }).expect(200);
    expect(first.headers.etag).not.toBe(etag);
    expect(first.body).toMatchObject({ nameEn: 'First', version: 2 });
    expectProblem(
      await t.http.patch(`/v1/providers/${p.id}`).set(t.admin).set('If-Match', etag).send({ nameEn: 'Second' }),
      412,
      'PRECONDITION_FAILED',
    );
    const after = await t.http.get(`/v1/providers/${p.id}`).expect(200);
    expect(after.body.nameEn).toBe('First');
  });

  it('lets exactly one of two concurrent writers with the same If-Match win', async () => {
    const p = await makeProvider(t);
    const { headers } = await t.http.get(`/v1/providers/${p.id}`);
    const results = await Promise.all(
      ['A', 'B', 'C', 'D'].map((n) => t.http.patch(`/v1/providers/${p.id}`).set(t.admin).set('If-Match', headers.etag).send({ nameEn: n })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
  });

  it('refuses to clear a required field', async () => {
    const p = await makeProvider(t);
    expectProblem(
      await t.http
        .patch(`/v1/providers/${p.id}`)
        .set('If-Match', await etagOf(t, `/v1/providers/${p.id}`))
        .set(t.admin)
        .send({ name: null }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('answers malformed ids with 400 and unknown ones with 404', async () => {
    const bad = await t.http.get('/v1/providers/not-a-uuid');
    expectProblem(bad, 400, 'INVALID_ID');
    expect(bad.body.errors).toEqual([{ pointer: '/id', detail: 'must be a UUID' }]);
    expectProblem(await t.http.get('/v1/providers/7b0c1c52-0f8e-4a4c-9a43-2d7e3a5b8c01'), 404, 'PROVIDER_NOT_FOUND');
  });

  it('refuses a corporate number another provider holds', async () => {
    const cn = corporateNumber();
    await makeProvider(t, { corporateNumber: cn });
    expectProblem(
      await t.http.post('/v1/providers').set(t.admin).send({ name: 'dup', corporateNumber: cn }),
      409,
      'DUPLICATE_CORPORATE_NUMBER',
    );
  });

  it('answers concurrent duplicates with 409 too: the unique constraint names the same error', async () => {
    const cn = corporateNumber();
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        t.http
          .post('/v1/providers')
          .set(t.admin)
          .send({ name: `race ${i}`, corporateNumber: cn }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    for (const res of answers.filter((r) => r.status !== 201)) expectProblem(res, 409, 'DUPLICATE_CORPORATE_NUMBER');
  });
});

describe('services', () => {
  it('accepts only categories from the data', async () => {
    const p = await makeProvider(t);
    expectProblem(
      await t.http.post('/v1/services').set(t.admin).send({ providerId: p.id, name: 'x', category: 'crypto_mining' }),
      400,
      'UNKNOWN_CATEGORY',
    );
    expectProblem(
      await t.http
        .post('/v1/services')
        .set(t.admin)
        .send({ providerId: '7b0c1c52-0f8e-4a4c-9a43-2d7e3a5b8c01', name: 'x', category: 'chat' }),
      404,
      'PROVIDER_NOT_FOUND',
    );
    const cats = await t.http.get('/v1/categories').expect(200);
    expect(cats.body.map((c: { key: string }) => c.key)).toEqual(
      expect.arrayContaining(['web_conferencing', 'file_sharing', 'groupware', 'chat', 'other']),
    );
  });

  it('filters by q (Japanese partial match, kana folded), provider, category and scheme, with cursor pagination', async () => {
    const provider = await makeProvider(t, { name: '株式会社フィルタ試験' });
    const a = await makeService(t, { providerId: provider.id, name: 'サクラ会議 A', category: 'web_conferencing' });
    const b = await makeService(t, { providerId: provider.id, name: 'サクラ共有 B', category: 'file_sharing' });
    const c = await makeService(t, { providerId: provider.id, name: 'サクラ連絡 C', category: 'chat' });
    await makeRegistration(t, b.id, { scheme: 'ISMAP' });
    await makeRegistration(t, c.id, { scheme: 'LGWAN_ASP', auditPeriodEnd: undefined });

    const byQ = await t.http.get('/v1/services').query({ q: 'さくら', providerId: provider.id }).expect(200);
    expect(byQ.body.items.map((s: { id: string }) => s.id)).toEqual([a.id, b.id, c.id]);
    const halfWidth = await t.http.get('/v1/services').query({ q: 'ｻｸﾗ会議' }).expect(200);
    expect(halfWidth.body.items.map((s: { id: string }) => s.id)).toContain(a.id);
    const byProviderName = await t.http.get('/v1/services').query({ q: 'フィルタ試験' }).expect(200);
    expect(byProviderName.body.items).toHaveLength(3);
    const byCategory = await t.http.get('/v1/services').query({ providerId: provider.id, category: 'chat' }).expect(200);
    expect(byCategory.body.items.map((s: { id: string }) => s.id)).toEqual([c.id]);
    const byScheme = await t.http.get('/v1/services').query({ providerId: provider.id, scheme: 'ISMAP' }).expect(200);
    expect(byScheme.body.items.map((s: { id: string }) => s.id)).toEqual([b.id]);

    const page1 = await t.http.get('/v1/services').query({ providerId: provider.id, limit: 2 }).expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t.http.get('/v1/services').query({ providerId: provider.id, limit: 2, cursor: page1.body.nextCursor }).expect(200);
    expect(page2.body.items.map((s: { id: string }) => s.id)).toEqual([c.id]);
    expect(page2.body.nextCursor).toBeNull();
    expectProblem(await t.http.get('/v1/services').query({ cursor: 'garbage' }), 400, 'INVALID_CURSOR');
  });

  it('PATCH retires a service and honours If-Match', async () => {
    const s = await makeService(t);
    const res = await t.http
      .patch(`/v1/services/${s.id}`)
      .set('If-Match', await etagOf(t, `/v1/services/${s.id}`))
      .set(t.admin)
      .send({ lifecycleStatus: 'retired' })
      .expect(200);
    expect(res.body.lifecycleStatus).toBe('retired');
    expectProblem(
      await t.http.patch(`/v1/services/${s.id}`).set(t.admin).set('If-Match', '"stale"').send({ name: 'x' }),
      412,
      'PRECONDITION_FAILED',
    );
  });
});

describe('endpoints', () => {
  it.each([
    ['fqdn', 'Meet.Example.JP.', 'meet.example.jp'],
    ['fqdn', '*.files.example.com', '*.files.example.com'],
    ['cidr', '203.0.113.0/24', '203.0.113.0/24'],
    ['cidr', '2001:DB8::/48', '2001:db8::/48'],
  ])('accepts %s %s, normalised to %s', async (kind, value, normalised) => {
    const s = await makeService(t);
    const res = await t.http
      .post(`/v1/services/${s.id}/endpoints`)
      .set(t.admin)
      .send({ kind, value, ports: [443, 443, 80] })
      .expect(201);
    expect(res.body).toMatchObject({ kind, value: normalised, ports: [80, 443] });
  });

  it.each([
    ['fqdn', 'not a host'],
    ['fqdn', 'a.*.example.jp'],
    ['fqdn', '192.0.2.1'],
    ['cidr', '203.0.113.1/24'],
    ['cidr', '300.0.0.0/8'],
    ['cidr', '2001:db8::/129'],
  ])('rejects %s %s', async (kind, value) => {
    const s = await makeService(t);
    expectProblem(await t.http.post(`/v1/services/${s.id}/endpoints`).set(t.admin).send({ kind, value }), 400, 'INVALID_ENDPOINT');
  });

  it('rejects ports outside 1–65535 and duplicates; lists and deletes', async () => {
    const s = await makeService(t);
    const res = await t.http
      .post(`/v1/services/${s.id}/endpoints`)
      .set(t.admin)
      .send({ kind: 'fqdn', value: 'a.example.jp', ports: [0, 65536] });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.every((e: { pointer: string }) => e.pointer === '/ports')).toBe(true);
    const e = await makeEndpoint(t, s.id, { value: 'a.example.jp' });
    expectProblem(
      await t.http.post(`/v1/services/${s.id}/endpoints`).set(t.admin).send({ kind: 'fqdn', value: 'A.example.jp' }),
      409,
      'DUPLICATE_ENDPOINT',
    );
    const list = await t.http.get(`/v1/services/${s.id}/endpoints`).expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([e.id]);
    await t.http.delete(`/v1/endpoints/${e.id}`).set(t.admin).expect(204);
    // removing a destination ends it (second edition of the rules): the record stays, a second removal is a conflict
    expectProblem(await t.http.delete(`/v1/endpoints/${e.id}`).set(t.admin), 409, 'ENDPOINT_ALREADY_ENDED');
    expectProblem(await t.http.delete(`/v1/endpoints/00000000-0000-4000-8000-00000000e0e0`).set(t.admin), 404, 'ENDPOINT_NOT_FOUND');
  });
});

describe('registrations', () => {
  it('computes ISMAP validity by civil-code counting, and an explicit validUntil overrides it', async () => {
    const s = await makeService(t);
    const computed = await makeRegistration(t, s.id, { auditPeriodEnd: '2025-06-30', registeredOn: '2025-08-01' });
    expect(computed).toMatchObject({ validUntil: '2026-10-31', validUntilSource: 'computed', status: 'registered' });
    const explicit = await makeRegistration(t, s.id, { auditPeriodEnd: '2025-06-30', validUntil: '2026-09-30' });
    expect(explicit).toMatchObject({ validUntil: '2026-09-30', validUntilSource: 'explicit' });
  });

  it('refuses a registration number the scheme already records with 409', async () => {
    const s = await makeService(t);
    const first = await makeRegistration(t, s.id);
    const other = await makeService(t);
    expectProblem(
      await t.http
        .post(`/v1/services/${other.id}/registrations`)
        .set(t.admin)
        .send({ scheme: 'ISMAP', registrationNumber: first.registrationNumber, status: 'registered', auditPeriodEnd: '2025-03-31' }),
      409,
      'DUPLICATE_REGISTRATION',
    );
  });

  it('needs what the scheme rule needs, and a rejected request writes nothing', async () => {
    const s = await makeService(t);
    const before = await t.sql<{ n: string }>('SELECT count(*) AS n FROM scheme_registrations');
    const res = await t.http
      .post(`/v1/services/${s.id}/registrations`)
      .set(t.admin)
      .send({ scheme: 'ISMAP', registrationNumber: 'X-1', status: 'registered' });
    expectProblem(res, 400, 'VALIDITY_INPUT_MISSING');
    expectProblem(
      await t.http
        .post(`/v1/services/${s.id}/registrations`)
        .set(t.admin)
        .send({ scheme: 'NOPE', registrationNumber: 'X-1', status: 'registered' }),
      400,
      'UNKNOWN_SCHEME',
    );
    expectProblem(
      await t.http
        .post(`/v1/services/${s.id}/registrations`)
        .set(t.admin)
        .send({ scheme: 'ISMAP', registrationNumber: 'X-1', status: 'registered', auditPeriodEnd: '2025-02-30' }),
      400,
      'VALIDATION_FAILED',
    );
    const after = await t.sql<{ n: string }>('SELECT count(*) AS n FROM scheme_registrations');
    expect(after[0].n).toBe(before[0].n);
  });

  it('keeps status history with the date each status takes effect', async () => {
    const s = await makeService(t);
    const created = await t.http
      .post(`/v1/services/${s.id}/registrations`)
      .set(t.admin)
      .send({
        scheme: 'ISMAP',
        registrationNumber: `C25-${Date.now()}-1`,
        status: 'registered',
        registeredOn: '2025-05-01',
        auditPeriodEnd: '2025-03-31',
      })
      .expect(201);
    const r = created.body as { id: string };
    const { headers, body } = await t.http.get(`/v1/registrations/${r.id}`).expect(200);
    expect(headers.etag).toBe(created.headers.etag); // the write answers with what a read gives
    expect(body).toEqual(created.body);
    const res = await t.http
      .patch(`/v1/registrations/${r.id}`)
      .set(t.admin)
      .set('If-Match', headers.etag)
      .send({ status: 'renewal_pending', renewalFiledOn: '2026-06-01', effectiveOn: '2026-06-01' })
      .expect(200);
    expect(res.body.history.map((h: { status: string; effectiveOn: string }) => [h.status, h.effectiveOn])).toEqual([
      ['registered', '2025-05-01'],
      ['renewal_pending', '2026-06-01'],
    ]);
    expect(res.body.history[1].auditPeriodEnd).toBe('2025-03-31');
    expectProblem(
      await t.http.patch(`/v1/registrations/${r.id}`).set(t.admin).set('If-Match', headers.etag).send({ status: 'expired' }),
      412,
      'PRECONDITION_FAILED',
    );
    expectProblem(
      await t.http
        .patch(`/v1/registrations/${r.id}`)
        .set('If-Match', await etagOf(t, `/v1/registrations/${r.id}`))
        .set(t.admin)
        .send({ status: 'expired', effectiveOn: '2020-01-01' }),
      400,
      'VALIDATION_FAILED',
    );
    const list = await t.http.get(`/v1/services/${s.id}/registrations`).expect(200);
    expect(list.body.items).toHaveLength(1);
  });

  it('keeps LGWAN-ASP without an invented expiry', async () => {
    const s = await makeService(t);
    const r = await makeRegistration(t, s.id, { scheme: 'LGWAN_ASP', auditPeriodEnd: undefined, lastConfirmedOn: '2025-04-01' });
    expect(r).toMatchObject({
      scheme: 'LGWAN_ASP',
      validUntil: null,
      validUntilSource: 'none',
      lastConfirmedOn: '2025-04-01',
      inEffect: true,
    });
  });
});

describe('municipalities', () => {
  it('serves Sapporo with its wards; a bad check digit is 400, an unknown code 404', async () => {
    const res = await t.http.get('/v1/municipalities/011002').expect(200);
    expect(res.body).toMatchObject({ code: '011002', name: '札幌市', kind: 'designated_city', prefectureCode: '010006' });
    expect(res.body.wards).toHaveLength(10);
    expectProblem(await t.http.get('/v1/municipalities/011003'), 400, 'INVALID_MUNICIPALITY_CODE');
    expectProblem(await t.http.get('/v1/municipalities/019992'), 404, 'MUNICIPALITY_NOT_FOUND');
  });

  it('loads 47 prefectures and 1,741 municipalities', async () => {
    const [row] = await t.sql<{ prefectures: string; municipalities: string; wards: string }>(
      `SELECT count(*) FILTER (WHERE kind = 'prefecture') AS prefectures,
              count(*) FILTER (WHERE kind NOT IN ('prefecture', 'ward')) AS municipalities,
              count(*) FILTER (WHERE kind = 'ward') AS wards FROM municipalities`,
    );
    expect(row).toEqual({ prefectures: '47', municipalities: '1741', wards: '175' });
  });

  it('lists by prefecture and kana or kanji name', async () => {
    const tokyo = await t.http.get('/v1/municipalities').query({ prefecture: '130001', kind: 'special_ward', limit: 100 }).expect(200);
    expect(tokyo.body.items).toHaveLength(23);
    const kana = await t.http.get('/v1/municipalities').query({ q: 'ちよだ' }).expect(200);
    expect(kana.body.items.map((m: { code: string }) => m.code)).toContain('131016');
    const kanji = await t.http.get('/v1/municipalities').query({ q: '千代田', prefecture: '13' }).expect(200);
    expect(kanji.body.items.map((m: { code: string }) => m.code)).toEqual(['131016']);
  });

  it('lets an admin or the municipality itself set its network model, nobody else', async () => {
    const own = await makeCredential(t, 'municipality', { municipalityCode: '011002' });
    const other = await makeCredential(t, 'municipality', { municipalityCode: '131016' });
    const res = await t.http
      .patch('/v1/municipalities/011002')
      .set('If-Match', await etagOf(t, '/v1/municipalities/011002'))
      .set(own.header)
      .send({ networkModel: 'alpha_prime' })
      .expect(200);
    expect(res.body.networkModel).toBe('alpha_prime');
    expectProblem(
      await t.http
        .patch('/v1/municipalities/011002')
        .set('If-Match', await etagOf(t, '/v1/municipalities/011002'))
        .set(other.header)
        .send({ networkModel: 'beta' }),
      403,
      'FORBIDDEN_MUNICIPALITY',
    );
    expectProblem(
      await t.http
        .patch('/v1/municipalities/011002')
        .set('If-Match', await etagOf(t, '/v1/municipalities/011002'))
        .set(t.admin)
        .send({ networkModel: 'gamma' }),
      400,
      'VALIDATION_FAILED',
    );
    await t.http
      .patch('/v1/municipalities/011002')
      .set('If-Match', await etagOf(t, '/v1/municipalities/011002'))
      .set(t.admin)
      .send({ networkModel: 'beta' })
      .expect(200);
  });
});
