import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './support/app';
import { makeRegistration, makeService } from './support/factories';
import { eventually, Receiver } from './support/receiver';

const ALLOWED = 'https://portal.example.lg.jp';
const OTHER = 'https://elsewhere.example.com';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ config: { CORS_ORIGINS: [ALLOWED] } });
});
afterAll(async () => {
  await t?.close();
});

const scrape = async () => {
  const res = await t.http.get('/metrics').expect(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.text;
};
/** The value of one sample line (`name{labels} value`), or undefined when absent. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics', () => {
  it('counts a request and its latency by method, route template and status, never the raw URL', async () => {
    const service = await makeService(t);
    await t.http.get(`/v1/services/${service.id}`).expect(200);
    const text = await scrape();
    const labels = 'method="GET",route="/v1/services/:id",status="200"';
    expect(sample(text, `registry_http_requests_total{${labels}}`)).toBe(1);
    expect(sample(text, `registry_http_request_duration_seconds_count{${labels}}`)).toBe(1);
    expect(sample(text, `registry_http_request_duration_seconds_bucket{le="+Inf",${labels}}`)).toBe(1);
    expect(text).not.toContain(service.id);
    expect(sample(text, 'registry_http_requests_total{method="POST",route="/v1/services",status="201"}')).toBeGreaterThanOrEqual(1);
  });

  it('counts a known answer and a 304 (served before routing) under their route too', async () => {
    const service = await makeService(t);
    const path = `/v1/services/${service.id}/eligibility?asOf=2026-01-15`;
    const series = (status: number) => `registry_http_requests_total{method="GET",route="/v1/services/:id/eligibility",status="${status}"}`;
    const before = await scrape();
    const first = await t.http.get(path).expect(200); // computed by the route
    await t.http.get(path).expect(200); // the cached bytes
    await t.http.get(path).set('If-None-Match', first.headers.etag).expect(304);
    const after = await scrape();
    expect((sample(after, series(200)) ?? 0) - (sample(before, series(200)) ?? 0)).toBe(2);
    expect((sample(after, series(304)) ?? 0) - (sample(before, series(304)) ?? 0)).toBe(1);
  });

  it('labels requests that matched no route as (unmatched)', async () => {
    await t.http.get('/v1/no-such-thing/123').expect(404);
    expect(sample(await scrape(), 'registry_http_requests_total{method="GET",route="(unmatched)",status="404"}')).toBeGreaterThanOrEqual(1);
  });

  it('exposes the database pool gauges and the default process metrics', async () => {
    const text = await scrape();
    const total = sample(text, 'registry_db_pool_connections');
    expect(total).toBeGreaterThanOrEqual(1);
    expect(total).toBeLessThanOrEqual(t.config.DATABASE_POOL_SIZE);
    expect(sample(text, 'registry_db_pool_idle_connections')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'registry_db_pool_waiting_requests')).toBe(0);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts each returned decision by its value: single, bulk JSON items and bulk CSV rows', async () => {
    const service = await makeService(t);
    const single = await t.http.get(`/v1/services/${service.id}/eligibility`).query({ profile: 'tokutei-tsushin' }).expect(200);
    const decision = single.body.decision as string;
    const series = `registry_decisions_total{decision="${decision}"}`;
    const afterSingle = sample(await scrape(), series) ?? 0;
    expect(afterSingle).toBeGreaterThanOrEqual(1);

    const bulk = await t.http.get('/v1/eligibility').query({ profile: 'tokutei-tsushin', format: 'json', limit: 100 }).expect(200);
    const items = bulk.body.items as { decision: string }[];
    const same = items.filter((d) => d.decision === decision).length;
    expect(same).toBeGreaterThanOrEqual(1);
    expect(sample(await scrape(), series)).toBe(afterSingle + same);

    const csv = await t.http.get('/v1/eligibility').query({ profile: 'tokutei-tsushin', format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    // the CSV holds the same decisions as the JSON page (fewer than 100 services here)
    expect(sample(await scrape(), series)).toBe(afterSingle + 2 * same);

    // an error returns no decision
    await t.http.get(`/v1/services/${service.id}/eligibility`).query({ profile: 'No such profile' }).expect(400);
    expect(sample(await scrape(), series)).toBe(afterSingle + 2 * same);
  });

  it('counts sweep runs by outcome', async () => {
    const series = 'registry_sweep_runs_total{outcome="unchanged"}';
    const before = sample(await scrape(), series) ?? 0;
    await t.http.post('/v1/admin/sweeps').set(t.admin).send({ asOf: '2025-12-01' }).expect(200);
    await t.http.post('/v1/admin/sweeps').set(t.admin).send({ asOf: '2025-12-01' }).expect(200);
    // the second run for the same date announces nothing
    expect(sample(await scrape(), series)).toBeGreaterThanOrEqual(before + 1);
  });

  it('is not rate limited and not in the OpenAPI document', async () => {
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['ratelimit']).toBeUndefined();
    const doc = await t.http.get('/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
  });
});

describe('/metrics with the worker in process', () => {
  it('counts webhook delivery attempts by outcome', async () => {
    const receiver = await Receiver.start();
    const w = await createTestApp({
      config: { RUN_WORKER_IN_PROCESS: true, OUTBOX_POLL_MS: 50, WEBHOOK_RETRY_BASE_MS: 20, WEBHOOK_ALLOW_PRIVATE_TARGETS: true },
    });
    try {
      receiver.script('/hook', 500, 200);
      await w.http
        .post('/v1/webhooks')
        .set(w.admin)
        .send({ url: receiver.url('/hook'), events: ['registration.created'], secret: 'whsec-0123456789abcdef' })
        .expect(201);
      const service = await makeService(w);
      await makeRegistration(w, service.id);
      const text = await eventually(async () => {
        const body = (await w.http.get('/metrics').expect(200)).text;
        return body.includes('registry_webhook_delivery_attempts_total{outcome="delivered"} 1') && body;
      });
      expect(text).toContain('registry_webhook_delivery_attempts_total{outcome="pending"} 1');
    } finally {
      await w.close();
      await receiver.close();
    }
  });
});

describe('CORS for public reads (CORS_ORIGINS)', () => {
  it('gives an allowed origin CORS on GET with ETag exposed', async () => {
    const res = await t.http.get('/v1/profiles').set('Origin', ALLOWED).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-expose-headers']).toContain('ETag');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['vary']).toContain('Origin');
  });

  it('answers the preflight of a read from an allowed origin', async () => {
    const res = await t.http
      .options('/v1/profiles')
      .set('Origin', ALLOWED)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'if-none-match');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-methods']).toBe('GET,HEAD');
    expect(res.headers['access-control-allow-headers']).toContain('If-None-Match');
  });

  it('gives any other origin no CORS headers', async () => {
    const res = await t.http.get('/v1/profiles').set('Origin', OTHER).expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['vary']).toContain('Origin');
    const preflight = await t.http.options('/v1/profiles').set('Origin', OTHER).set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never gives writes CORS, even from an allowed origin', async () => {
    const preflight = await t.http
      .options('/v1/services')
      .set('Origin', ALLOWED)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const write = await t.http.post('/v1/services').set('Origin', ALLOWED).set(t.admin).send({});
    expect(write.status).toBe(400);
    expect(write.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS off by default', () => {
  it('sends no CORS headers when CORS_ORIGINS is empty', async () => {
    const plain = await createTestApp();
    try {
      const res = await plain.http.get('/v1/profiles').set('Origin', ALLOWED).expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
