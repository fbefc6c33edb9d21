import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp, createTestApp, type TestApp } from './support/app';
import { makeCredential, makeRegistration, makeService } from './support/factories';
import { closedPortUrl, eventually, Receiver } from './support/receiver';
import { auditor, publish } from './support/scenarios';

const SECRET = 'whsec-0123456789abcdef';
const WORKER = { RUN_WORKER_IN_PROCESS: true, OUTBOX_POLL_MS: 50, WEBHOOK_RETRY_BASE_MS: 20 } as const;

type Header = { Authorization: string };
interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attemptCount: number;
  attempts: { attempt: number; statusCode: number | null; error: string | null; durationMs: number }[];
}
interface FeedItem {
  id: string;
  type: string;
  occurredAt: string;
  subject: { type: string; id: string };
  data: Record<string, unknown>;
}

let receiver: Receiver;
let pathSeq = 0;
const freshPath = (name: string) => `/${name}-${++pathSeq}`;

beforeAll(async () => {
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
});

async function subscribe(
  t: TestApp,
  body: { url: string; events: string[]; secret?: string },
  auth: Header = t.admin,
): Promise<{ id: string }> {
  const res = await t.http
    .post('/v1/webhooks')
    .set(auth)
    .send({ secret: SECRET, ...body });
  if (res.status !== 201) throw new Error(`POST /v1/webhooks → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

async function deliveries(t: TestApp, subscriptionId: string, auth: Header = t.admin): Promise<Delivery[]> {
  const res = await t.http.get(`/v1/webhooks/${subscriptionId}/deliveries`).set(auth).expect(200);
  return res.body.items as Delivery[];
}

/** The received body of `path` about the given subject, once it has arrived. */
const bodyAbout = (path: string, subjectId: string, type?: string) =>
  eventually(
    () => {
      const found = receiver
        .received(path)
        .map((r) => ({ request: r, body: JSON.parse(r.rawBody) as FeedItem }))
        .find(({ body }) => body.subject.id === subjectId && (type === undefined || body.type === type));
      return found;
    },
    10_000,
    `a delivery to ${path} about ${subjectId}`,
  );

describe('webhooks with the worker running (private targets allowed for the local receiver)', () => {
  let t: TestApp;
  let audit: Awaited<ReturnType<typeof auditor>>;

  beforeAll(async () => {
    t = await createTestApp({
      config: { ...WORKER, WEBHOOK_ALLOW_PRIVATE_TARGETS: true, WEBHOOK_MAX_ATTEMPTS: 4, WEBHOOK_TIMEOUT_MS: 2000 },
    });
    audit = await auditor(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('delivers a signed JSON POST of the feed item; the receiver verifies the signature over the raw body', async () => {
    const path = freshPath('signed');
    const sub = await subscribe(t, { url: receiver.url(path), events: ['registration.created'] });
    const service = await makeService(t);
    const registration = await makeRegistration(t, service.id);

    const { request, body } = await bodyAbout(path, registration.id);
    const expected = `sha256=${createHmac('sha256', SECRET).update(request.rawBody).digest('hex')}`;
    expect(request.headers['x-registry-signature']).toBe(expected);
    // and per Standard Webhooks, so receivers can reject replays: verified with the reference library
    const standard = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    expect(standard['webhook-id']).toBe(request.headers['x-registry-delivery']);
    const realNow = Date.now;
    Date.now = () => Number(standard['webhook-timestamp']) * 1000;
    try {
      expect(new Webhook(Buffer.from(SECRET, 'utf8').toString('base64')).verify(request.rawBody, standard)).toEqual(
        JSON.parse(request.rawBody),
      );
    } finally {
      Date.now = realNow;
    }
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-registry-event']).toBe('registration.created');
    expect(body).toEqual({
      id: expect.any(String),
      type: 'registration.created',
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      subject: { type: 'registration', id: registration.id },
      data: expect.objectContaining({ registrationId: registration.id, serviceId: service.id }),
    });
    // the same item is on the feed
    const feed = await t.http.get('/v1/events').query({ serviceId: service.id, type: 'registration.created' }).expect(200);
    expect(feed.body.items).toEqual([body]);

    const delivered = await eventually(async () =>
      (await deliveries(t, sub.id)).find((d) => d.eventId === body.id && d.status === 'delivered'),
    );
    expect(request.headers['x-registry-delivery']).toBe(delivered.id);
    expect(delivered).toMatchObject({
      eventType: 'registration.created',
      attemptCount: 1,
      attempts: [{ attempt: 1, statusCode: 200, error: null }],
    });
    await t.http.delete(`/v1/webhooks/${sub.id}`).set(t.admin).expect(204);
  });

  it('retries with backoff: 500, 500, then 200 is delivered after three attempts with the same delivery id', async () => {
    const path = freshPath('flaky');
    receiver.script(path, 500, 500, 200);
    const sub = await subscribe(t, { url: receiver.url(path), events: ['registration.created'] });
    const registration = await makeRegistration(t, (await makeService(t)).id);

    const delivery = await eventually(async () => (await deliveries(t, sub.id)).find((d) => d.status === 'delivered'));
    expect(delivery.attemptCount).toBe(3);
    expect(delivery.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
      [3, 200, null],
    ]);
    const requests = receiver.received(path);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['x-registry-delivery']))).toEqual(new Set([delivery.id]));
    expect(new Set(requests.map((r) => (JSON.parse(r.rawBody) as FeedItem).subject.id))).toEqual(new Set([registration.id]));
    await t.http.delete(`/v1/webhooks/${sub.id}`).set(t.admin).expect(204);
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS failed attempts, and does not follow redirects', async () => {
    const failing = freshPath('down');
    const redirecting = freshPath('redirect');
    const target = freshPath('redirect-target');
    receiver.script(failing, 503);
    receiver.script(redirecting, { status: 302, location: receiver.url(target) });
    const subFailing = await subscribe(t, { url: receiver.url(failing), events: ['registration.created'] });
    const subRedirect = await subscribe(t, { url: receiver.url(redirecting), events: ['registration.created'] });
    await makeRegistration(t, (await makeService(t)).id);

    const failed = await eventually(async () => (await deliveries(t, subFailing.id)).find((d) => d.status === 'failed'));
    expect(failed.attemptCount).toBe(4);
    expect(failed.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503, 503]);
    expect(receiver.received(failing)).toHaveLength(4);

    const redirected = await eventually(async () => (await deliveries(t, subRedirect.id)).find((d) => d.status === 'failed'));
    expect(redirected.attempts.map((a) => [a.statusCode, a.error])).toEqual(Array(4).fill([302, 'redirect 302 not followed']));
    expect(receiver.received(target)).toHaveLength(0);
    await t.http.delete(`/v1/webhooks/${subFailing.id}`).set(t.admin).expect(204);
    await t.http.delete(`/v1/webhooks/${subRedirect.id}`).set(t.admin).expect(204);
  });

  it('does not let a hanging or dead receiver hold up another subscription', async () => {
    const hanging = freshPath('hang');
    const healthy = freshPath('healthy');
    receiver.script(hanging, 'hang');
    const subHang = await subscribe(t, { url: receiver.url(hanging), events: ['registration.created'] });
    const subDead = await subscribe(t, { url: await closedPortUrl('/dead'), events: ['*'] });
    const subHealthy = await subscribe(t, { url: receiver.url(healthy), events: ['assessment.published'] });
    const service = await makeService(t);
    await makeRegistration(t, service.id);
    // the hanging receiver now holds a request open …
    await eventually(() => receiver.openCount(hanging) >= 1, 10_000, 'the hanging request');
    // … while another event is delivered to another subscription
    const assessment = await publish(t, service.id, audit);
    await bodyAbout(healthy, assessment.id, 'assessment.published');
    await eventually(async () => (await deliveries(t, subHealthy.id)).find((d) => d.status === 'delivered'));
    const held = await deliveries(t, subHang.id);
    expect(held.length).toBeGreaterThanOrEqual(1);
    for (const d of held) expect(d).toMatchObject({ status: 'pending', attemptCount: 1, attempts: [] });
    expect(receiver.openCount(hanging)).toBeGreaterThanOrEqual(1);

    // the dead receiver's attempts fail on the connection, also without holding anything up
    const dead = await eventually(async () => (await deliveries(t, subDead.id)).find((d) => d.attempts.length > 0));
    expect(dead.attempts[0]).toMatchObject({ statusCode: null, error: expect.stringContaining('ECONNREFUSED') });
    // and the hanging one is cut off at the timeout and recorded
    const timedOut = await eventually(async () => (await deliveries(t, subHang.id)).find((d) => d.attempts.length > 0));
    expect(timedOut.attempts[0]).toMatchObject({ statusCode: null, error: 'timeout after 2000 ms' });
    for (const sub of [subHang, subDead, subHealthy]) await t.http.delete(`/v1/webhooks/${sub.id}`).set(t.admin).expect(204);
  });

  it('filters by type, and ["*"] receives every type', async () => {
    const all = freshPath('all');
    const onlyAssessments = freshPath('assessments');
    const subAll = await subscribe(t, { url: receiver.url(all), events: ['*'] });
    const subAssessments = await subscribe(t, {
      url: receiver.url(onlyAssessments),
      events: ['assessment.published', 'assessment.revoked'],
    });
    const service = await makeService(t);
    const registration = await makeRegistration(t, service.id);
    const assessment = await publish(t, service.id, audit);

    await bodyAbout(all, registration.id, 'registration.created');
    await bodyAbout(all, assessment.id, 'assessment.published');
    await bodyAbout(onlyAssessments, assessment.id, 'assessment.published');
    const types = new Set(receiver.received(onlyAssessments).map((r) => (JSON.parse(r.rawBody) as FeedItem).type));
    expect([...types]).toEqual(['assessment.published']);
    expect((await deliveries(t, subAssessments.id)).every((d) => d.eventType.startsWith('assessment.'))).toBe(true);
    await t.http.delete(`/v1/webhooks/${subAll.id}`).set(t.admin).expect(204);
    await t.http.delete(`/v1/webhooks/${subAssessments.id}`).set(t.admin).expect(204);
  });

  it('sends a municipality only events about services it uses and its own records, and hides its webhooks from others', async () => {
    const sapporo = await makeCredential(t, 'municipality', { municipalityCode: '011002' });
    const chiyoda = await makeCredential(t, 'municipality', { municipalityCode: '131016' });
    const path = freshPath('sapporo');
    const sub = await subscribe(t, { url: receiver.url(path), events: ['*'] }, sapporo.header);
    const used = await makeService(t);
    const unused = await makeService(t);
    await t.sql(
      `INSERT INTO service_usages (municipality_code, service_id, profile_key, created_by) VALUES ('011002', $1, 'tokutei-tsushin', $2)`,
      [used.id, sapporo.id],
    );
    const other = await insertEvent(t, { municipalityCode: '131016', serviceId: used.id });
    const unusedRegistration = await makeRegistration(t, unused.id);
    const own = await insertEvent(t, { municipalityCode: '011002', serviceId: unused.id });
    const usedRegistration = await makeRegistration(t, used.id);

    await bodyAbout(path, usedRegistration.id, 'registration.created');
    await bodyAbout(path, own.subjectId, 'usage.at_risk');
    const seen = (await deliveries(t, sub.id, sapporo.header)).map((d) => d.eventId);
    const events = await t.sql<{ id: string; subject_id: string }>('SELECT id, subject_id FROM outbox_events WHERE subject_id = ANY($1)', [
      [unusedRegistration.id, other.subjectId],
    ]);
    expect(events).toHaveLength(2);
    for (const e of events) expect(seen).not.toContain(e.id);

    // another municipality neither sees nor deletes it; an administrator sees it
    expect((await t.http.get(`/v1/webhooks/${sub.id}`).set(chiyoda.header)).status).toBe(404);
    expect((await t.http.get(`/v1/webhooks/${sub.id}/deliveries`).set(chiyoda.header)).status).toBe(404);
    expect((await t.http.delete(`/v1/webhooks/${sub.id}`).set(chiyoda.header)).body.code).toBe('WEBHOOK_NOT_FOUND');
    expect((await t.http.get('/v1/webhooks').set(chiyoda.header).expect(200)).body.items.map((w: { id: string }) => w.id)).not.toContain(
      sub.id,
    );
    expect((await t.http.get('/v1/webhooks').set(sapporo.header).expect(200)).body.items.map((w: { id: string }) => w.id)).toContain(
      sub.id,
    );
    expect((await t.http.get('/v1/webhooks').set(t.admin).expect(200)).body.items.map((w: { id: string }) => w.id)).toContain(sub.id);
    const got = await t.http.get(`/v1/webhooks/${sub.id}`).set(t.admin).expect(200);
    expect(got.body).toEqual({
      id: sub.id,
      url: receiver.url(path),
      events: ['*'],
      ownerRole: 'municipality',
      municipalityCode: '011002',
      createdAt: expect.any(String),
    });

    // an auditor may not manage webhooks
    expect((await t.http.get('/v1/webhooks').set(audit.header)).status).toBe(403);
    // the owner deletes it: gone from reads, and no longer delivered to
    await t.http.delete(`/v1/webhooks/${sub.id}`).set(sapporo.header).expect(204);
    expect((await t.http.get(`/v1/webhooks/${sub.id}`).set(sapporo.header)).status).toBe(404);
    const [row] = await t.sql<{ active: boolean; deleted_at: Date | null }>(
      'SELECT active, deleted_at FROM webhook_subscriptions WHERE id = $1',
      [sub.id],
    );
    expect(row.active).toBe(false);
    expect(row.deleted_at).not.toBeNull();
  });

  it('creates and deletes subscriptions through the audit trail without the secret, and emits no events for them', async () => {
    const sub = await subscribe(t, { url: 'https://hooks.example.jp/registry', events: ['registration.created', 'registration.created'] });
    const view = await t.http.get(`/v1/webhooks/${sub.id}`).set(t.admin).expect(200);
    expect(view.body.events).toEqual(['registration.created']);
    expect(JSON.stringify(view.body)).not.toContain(SECRET);
    await t.http.delete(`/v1/webhooks/${sub.id}`).set(t.admin).expect(204);
    expect((await t.http.delete(`/v1/webhooks/${sub.id}`).set(t.admin)).status).toBe(404);
    const trail = await t.sql<{ action: string; after: unknown; before: unknown }>(
      'SELECT action, before, after FROM audit_events WHERE subject_id = $1 ORDER BY seq',
      [sub.id],
    );
    expect(trail.map((e) => e.action)).toEqual(['webhook.created', 'webhook.deleted']);
    expect(JSON.stringify(trail)).not.toContain(SECRET);
    expect(await t.sql('SELECT 1 FROM outbox_events WHERE subject_id = $1', [sub.id])).toHaveLength(0);
  });

  it("lists a municipality's subscriptions newest first, a page at a time", async () => {
    const kawasaki = await makeCredential(t, 'municipality', { municipalityCode: '141305' });
    const colleague = await makeCredential(t, 'municipality', { municipalityCode: '141305' });
    const created = [];
    for (let i = 0; i < 3; i++)
      created.push(
        await subscribe(
          t,
          { url: `https://hooks.example.jp/${i}`, events: ['usage.at_risk'] },
          i === 1 ? colleague.header : kawasaki.header,
        ),
      );
    const first = await t.http.get('/v1/webhooks').query({ limit: 2 }).set(kawasaki.header).expect(200);
    const second = await t.http.get('/v1/webhooks').query({ limit: 2, cursor: first.body.nextCursor }).set(kawasaki.header).expect(200);
    // the municipality, not the credential, owns them: a colleague's key sees the same list
    expect([...first.body.items, ...second.body.items].map((w: { id: string }) => w.id)).toEqual(created.map((c) => c.id).reverse());
    expect(second.body.nextCursor).toBeNull();
    expect((await t.http.get('/v1/webhooks').query({ cursor: 'garbage' }).set(kawasaki.header)).body.code).toBe('INVALID_CURSOR');
  });

  it('answers bad input with a 400 problem and stores nothing', async () => {
    const before = await t.sql<{ n: string }>('SELECT count(*) AS n FROM webhook_subscriptions');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ url: 'not a url', events: ['*'] }, 'INVALID_WEBHOOK_URL', '/url'],
      [{ url: 'ftp://example.jp/x', events: ['*'] }, 'INVALID_WEBHOOK_URL', '/url'],
      [{ url: 'https://user:pw@example.jp/x', events: ['*'] }, 'INVALID_WEBHOOK_URL', '/url'],
      [{ url: 'https://example.jp/x', events: ['registration.created', 'nope'] }, 'UNKNOWN_EVENT_TYPE', '/events/1'],
      [{ url: 'https://example.jp/x', events: ['*', 'registration.created'] }, 'UNKNOWN_EVENT_TYPE', '/events/0'],
      [{ url: 'https://example.jp/x', events: [] }, 'VALIDATION_FAILED', '/events'],
      [{ url: 'https://example.jp/x', events: ['*'], secret: 'too-short' }, 'VALIDATION_FAILED', '/secret'],
      [{ url: 'https://example.jp/x', events: ['*'], active: false }, 'VALIDATION_FAILED', '/active'],
    ];
    for (const [body, code, pointer] of cases) {
      const res = await t.http
        .post('/v1/webhooks')
        .set(t.admin)
        .send({ secret: SECRET, ...body });
      expect([res.status, res.body.code, res.body.errors?.[0]?.pointer]).toEqual([400, code, pointer]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await t.sql<{ n: string }>('SELECT count(*) AS n FROM webhook_subscriptions')).toEqual(before);
    expect((await t.http.post('/v1/webhooks').send({ url: 'https://example.jp/x', events: ['*'], secret: SECRET })).status).toBe(401);
  });

  describe('the change feed', () => {
    it('pages in commit order; nextCursor always continues, even from an empty page', async () => {
      const service = await makeService(t);
      const regs = [];
      for (let i = 0; i < 3; i++) regs.push(await makeRegistration(t, service.id));
      const assessment = await publish(t, service.id, audit);

      const first = await t.http.get('/v1/events').query({ serviceId: service.id, limit: 2 }).expect(200);
      expect(first.body.items.map((e: FeedItem) => e.subject.id)).toEqual([regs[0].id, regs[1].id]);
      const second = await t.http.get('/v1/events').query({ serviceId: service.id, limit: 2, after: first.body.nextCursor }).expect(200);
      expect(second.body.items.map((e: FeedItem) => e.subject.id)).toEqual([regs[2].id, assessment.id]);
      const empty = await t.http.get('/v1/events').query({ serviceId: service.id, after: second.body.nextCursor }).expect(200);
      expect(empty.body).toEqual({ items: [], nextCursor: second.body.nextCursor });

      // polling with that cursor picks up the next change
      const later = await makeRegistration(t, service.id);
      const polled = await t.http.get('/v1/events').query({ serviceId: service.id, after: empty.body.nextCursor }).expect(200);
      expect(polled.body.items.map((e: FeedItem) => e.subject.id)).toEqual([later.id]);

      // a client that has never read the feed gets a starting position even from an empty page
      const start = await t.http.get('/v1/events').query({ serviceId: randomUUID() }).expect(200);
      expect(start.body.items).toEqual([]);
      const fromStart = await t.http.get('/v1/events').query({ serviceId: service.id, after: start.body.nextCursor }).expect(200);
      expect(fromStart.body.items).toHaveLength(5);
    });

    it('filters by type (repeated or comma-separated) and service', async () => {
      const service = await makeService(t);
      const registration = await makeRegistration(t, service.id);
      const assessment = await publish(t, service.id, audit);
      const ids = async (query: string) =>
        (await t.http.get(`/v1/events?serviceId=${service.id}&${query}`).expect(200)).body.items.map((e: FeedItem) => e.subject.id);
      expect(await ids('type=assessment.published')).toEqual([assessment.id]);
      expect(await ids('type=registration.created')).toEqual([registration.id]);
      expect(await ids('type=registration.created,assessment.published')).toEqual([registration.id, assessment.id]);
      expect(await ids('type=registration.created&type=assessment.published')).toEqual([registration.id, assessment.id]);
      expect(await ids('type=assessment.revoked')).toEqual([]);
    });

    it("shows a municipality's events only to that municipality and administrators", async () => {
      const service = await makeService(t);
      const sapporoEvent = await insertEvent(t, { municipalityCode: '011002', serviceId: service.id });
      const chiyodaEvent = await insertEvent(t, { municipalityCode: '131016', serviceId: service.id });
      const registration = await makeRegistration(t, service.id);
      const sapporo = await makeCredential(t, 'municipality', { municipalityCode: '011002' });
      const ids = async (auth?: Header) => {
        const req = t.http.get('/v1/events').query({ serviceId: service.id });
        return (await (auth ? req.set(auth) : req).expect(200)).body.items.map((e: FeedItem) => e.subject.id);
      };
      expect(await ids()).toEqual([registration.id]);
      expect(await ids(audit.header)).toEqual([registration.id]);
      expect(await ids(sapporo.header)).toEqual([sapporoEvent.subjectId, registration.id]);
      expect(await ids(t.admin)).toEqual([sapporoEvent.subjectId, chiyodaEvent.subjectId, registration.id]);
      expect((await t.http.get('/v1/events').set({ Authorization: 'Bearer not-a-real-credential-xyz' })).status).toBe(401);
    });

    it('answers a bad cursor, an unknown type or a bad serviceId with 400', async () => {
      const bad = async (query: Record<string, string>, code: string) => {
        const res = await t.http.get('/v1/events').query(query);
        expect([res.status, res.body.code]).toEqual([400, code]);
      };
      await bad({ after: 'garbage' }, 'INVALID_CURSOR');
      await bad({ after: Buffer.from(JSON.stringify(['x'])).toString('base64url') }, 'INVALID_CURSOR');
      await bad({ after: Buffer.from(JSON.stringify(['1', '2'])).toString('base64url') }, 'INVALID_CURSOR');
      await bad({ type: 'registration.created,nope' }, 'UNKNOWN_EVENT_TYPE');
      await bad({ type: '*' }, 'UNKNOWN_EVENT_TYPE');
      await bad({ serviceId: 'not-a-uuid' }, 'VALIDATION_FAILED');
      await bad({ limit: '0' }, 'VALIDATION_FAILED');
    });
  });
});

describe('SSRF protection (private targets not allowed)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ config: { ...WORKER, WEBHOOK_MAX_ATTEMPTS: 1 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['loopback', () => receiver.url('/ssrf')],
    ['private', () => 'http://10.0.0.1/'],
    ['IPv6 loopback', () => 'http://[::1]/'],
    ['link-local metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['IPv4-mapped loopback', () => 'http://[::ffff:127.0.0.1]/'],
    ['localhost name', () => 'http://localhost:8080/'],
  ])('refuses a %s target with 400 WEBHOOK_TARGET_FORBIDDEN', async (_, url) => {
    const res = await t.http
      .post('/v1/webhooks')
      .set(t.admin)
      .send({ url: url(), events: ['*'], secret: SECRET });
    expect([res.status, res.body.code]).toEqual([400, 'WEBHOOK_TARGET_FORBIDDEN']);
  });

  it('re-checks the target when delivering and records a failed attempt instead of connecting', async () => {
    // a subscription whose name resolved publicly when created and privately now (DNS rebinding)
    const path = freshPath('rebound');
    const [sub] = await t.sql<{ id: string }>(
      `INSERT INTO webhook_subscriptions (url, events, secret, owner_credential_id, owner_role)
       VALUES ($1, '{*}', $2, '00000000-0000-4000-8000-000000000000', 'admin') RETURNING id`,
      [receiver.url(path), SECRET],
    );
    await makeRegistration(t, (await makeService(t)).id);
    const failed = await eventually(async () => (await deliveries(t, sub.id)).find((d) => d.status === 'failed'));
    expect(failed.attempts).toEqual([
      expect.objectContaining({ statusCode: null, error: expect.stringMatching(/^target forbidden: .*127\.0\.0\.1 \(loopback\)/) }),
    ]);
    expect(receiver.received(path)).toHaveLength(0);
  });
});

describe('crash and resume', () => {
  let t: TestApp;
  let second: NestExpressApplication | null = null;

  beforeAll(async () => {
    t = await createTestApp({ config: { WEBHOOK_ALLOW_PRIVATE_TARGETS: true } });
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('delivers events written while no worker ran once a worker starts on the same database', async () => {
    const path = freshPath('resume');
    const sub = await subscribe(t, { url: receiver.url(path), events: ['registration.created'] });
    const registration = await makeRegistration(t, (await makeService(t)).id);
    const [event] = await t.sql<{ dispatched: boolean }>('SELECT dispatched FROM outbox_events WHERE subject_id = $1', [registration.id]);
    expect(event.dispatched).toBe(false);
    expect(await deliveries(t, sub.id)).toEqual([]);

    second = await createApp({ config: { ...t.config, ...WORKER, WEBHOOK_ALLOW_PRIVATE_TARGETS: true } });
    await second.init();
    await bodyAbout(path, registration.id, 'registration.created');
    const delivered = await eventually(async () => (await deliveries(t, sub.id)).find((d) => d.status === 'delivered'));
    expect(delivered.attemptCount).toBe(1);
  });

  it('retries a delivery whose worker died mid-send once its lease expires', async () => {
    const path = freshPath('lease');
    const sub = await subscribe(t, { url: receiver.url(path), events: ['registration.created'] });
    // stop the worker from picking it up first: a delivery leased by a worker that then died
    await second!.close();
    second = null;
    const registration = await makeRegistration(t, (await makeService(t)).id);
    const [event] = await t.sql<{ seq: string; id: string }>('SELECT seq, id FROM outbox_events WHERE subject_id = $1', [registration.id]);
    await t.sql('UPDATE outbox_events SET dispatched = true WHERE seq = $1', [event.seq]);
    await t.sql(
      `INSERT INTO webhook_deliveries (subscription_id, event_seq, event_id, event_type, next_attempt_at, attempts, lease_until)
       VALUES ($1, $2, $3, 'registration.created', now(), 1, now() - interval '1 second')`,
      [sub.id, event.seq, event.id],
    );
    second = await createApp({ config: { ...t.config, ...WORKER, WEBHOOK_ALLOW_PRIVATE_TARGETS: true } });
    await second.init();
    const delivered = await eventually(async () => (await deliveries(t, sub.id)).find((d) => d.status === 'delivered'));
    expect(delivered.attemptCount).toBe(2);
    expect(delivered.attempts).toEqual([expect.objectContaining({ attempt: 2, statusCode: 200 })]);
    expect(receiver.received(path)).toHaveLength(1);
  });
});

/** Writes an outbox event about a municipality's own record, as the lifecycle sweep does. */
async function insertEvent(t: TestApp, event: { municipalityCode: string; serviceId: string }): Promise<{ subjectId: string }> {
  const subjectId = randomUUID();
  await t.sql(
    `INSERT INTO outbox_events (id, type, occurred_at, subject_type, subject_id, service_id, municipality_code, data)
     VALUES (gen_random_uuid(), 'usage.at_risk', now(), 'usage', $1, $2, $3, $4)`,
    [subjectId, event.serviceId, event.municipalityCode, { usageId: subjectId, municipalityCode: event.municipalityCode }],
  );
  return { subjectId };
}

describe('webhook secrets at rest', () => {
  let t: TestApp;
  const apps: NestExpressApplication[] = [];
  const K1 = Buffer.alloc(32, 0x11).toString('base64');
  const K2 = Buffer.alloc(32, 0x22).toString('hex');

  beforeAll(async () => {
    t = await createTestApp({ config: { WEBHOOK_ALLOW_PRIVATE_TARGETS: true } });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t?.close();
  });

  const stored = (id: string) =>
    t.sql<{ secret: string | null; secret_sealed: string | null }>(
      'SELECT secret, secret_sealed FROM webhook_subscriptions WHERE id = $1',
      [id],
    );
  const keyIdOf = (sealed: string | null) => sealed?.split(':')[1];
  /** Boots an app (worker included) on the same database with `config`; its boot reseals. */
  const boot = async (config: Partial<TestApp['config']>) => {
    const app = await createApp({ config: { ...t.config, ...WORKER, WEBHOOK_ALLOW_PRIVATE_TARGETS: true, ...config } });
    apps.push(app);
    await app.init();
    return app;
  };
  const stop = async (app: NestExpressApplication) => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };
  /** A registration event delivered to `path`: its X-Registry-Signature verifies with SECRET. */
  const deliveredSigned = async (path: string) => {
    const registration = await makeRegistration(t, (await makeService(t)).id);
    const { request } = await bodyAbout(path, registration.id, 'registration.created');
    expect(request.headers['x-registry-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(request.rawBody).digest('hex')}`);
  };

  it('stores only the sealed secret: no plaintext in the row, and the secret is never answered', async () => {
    const sub = await subscribe(t, { url: 'https://hooks.example.jp/sealed', events: ['*'] });
    const [row] = await stored(sub.id);
    expect(row.secret).toBeNull();
    expect(row.secret_sealed).toMatch(/^v1:[0-9a-f]{16}:[\w-]{16}:[\w-]+:[\w-]{22}$/);
    for (const form of [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex')]) {
      expect(JSON.stringify(await t.sql('SELECT * FROM webhook_subscriptions WHERE id = $1', [sub.id]))).not.toContain(form);
    }
    // the generated key (no WEBHOOK_SECRET_KEY here) is recorded, by id only, in the audit trail
    const [created] = await t.sql<{ after: { keyId: string } }>(
      `SELECT after FROM audit_events WHERE action = 'webhook_secret_key.created'`,
    );
    expect(created.after.keyId).toBe(keyIdOf(row.secret_sealed));
  });

  it('reseals clear and older secrets at boot with the configured key, rotates with WEBHOOK_SECRET_KEYS_OLD, and deliveries still verify', async () => {
    const path = freshPath('rotated');
    const sealedSub = await subscribe(t, { url: receiver.url(path), events: ['registration.created'] });
    const [legacy] = await t.sql<{ id: string }>(
      `INSERT INTO webhook_subscriptions (url, events, secret, owner_credential_id, owner_role)
       VALUES ($1, '{registration.created}', $2, '00000000-0000-4000-8000-000000000000', 'admin') RETURNING id`,
      [receiver.url(freshPath('legacy')), SECRET],
    );
    const generatedKey = keyIdOf((await stored(sealedSub.id))[0].secret_sealed);

    const first = await boot({ WEBHOOK_SECRET_KEY: K1 });
    const [a, b] = [(await stored(sealedSub.id))[0], (await stored(legacy.id))[0]];
    expect([a.secret, b.secret]).toEqual([null, null]);
    const k1 = keyIdOf(a.secret_sealed);
    expect(k1).not.toBe(generatedKey);
    expect(keyIdOf(b.secret_sealed)).toBe(k1);
    await deliveredSigned(path);
    await stop(first);

    // rotation: K2 current, K1 still opened, everything resealed with K2
    const second = await boot({ WEBHOOK_SECRET_KEY: K2, WEBHOOK_SECRET_KEYS_OLD: [K1] });
    const k2 = keyIdOf((await stored(sealedSub.id))[0].secret_sealed);
    expect(k2).not.toBe(k1);
    expect(keyIdOf((await stored(legacy.id))[0].secret_sealed)).toBe(k2);
    await deliveredSigned(path);
    await stop(second);
    const resealed = await t.sql<{ after: { keyId: string; count: number } }>(
      `SELECT after FROM audit_events WHERE action = 'webhook_secrets.resealed' ORDER BY seq`,
    );
    expect(resealed.map((e) => e.after.keyId)).toEqual([k1, k2]);
  });

  it('records a failed attempt, never a send, when the secret was sealed with a key no longer configured', async () => {
    const path = freshPath('lost-key');
    const withK1 = await boot({ WEBHOOK_SECRET_KEY: K1, RUN_WORKER_IN_PROCESS: false });
    const created = await request(withK1.getHttpServer())
      .post('/v1/webhooks')
      .set(t.admin)
      .send({ url: receiver.url(path), events: ['registration.created'], secret: SECRET })
      .expect(201);
    const sub = created.body as { id: string };
    await stop(withK1);
    await boot({ WEBHOOK_SECRET_KEY: Buffer.alloc(32, 0x33).toString('base64'), WEBHOOK_MAX_ATTEMPTS: 1 });
    expect((await stored(sub.id))[0].secret_sealed).not.toBeNull(); // left as it was: it cannot be opened
    await makeRegistration(t, (await makeService(t)).id);
    const failed = await eventually(async () => (await deliveries(t, sub.id)).find((d) => d.status === 'failed'));
    expect(failed.attempts).toEqual([expect.objectContaining({ statusCode: null, error: expect.stringMatching(/^secret unavailable: /) })]);
    expect(receiver.received(path)).toHaveLength(0);
  });
});
