import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { makeCredential, etagOf } from './support/factories';
import { eventually, Receiver } from './support/receiver';
import { auditor, eligibleService } from './support/scenarios';

/**
 * One municipality's story through the public API only: it records that it uses a service and
 * subscribes to webhooks; the service's evidence is revoked; the sweep notices, and a signed
 * `usage.at_risk` reaches the municipality's receiver, while the change feed shows every step.
 */
let t: TestApp;
let receiver: Receiver;
const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));

beforeAll(async () => {
  receiver = await Receiver.start();
  t = await createTestApp({
    clock,
    config: { RUN_WORKER_IN_PROCESS: true, OUTBOX_POLL_MS: 50, WEBHOOK_RETRY_BASE_MS: 20, WEBHOOK_ALLOW_PRIVATE_TARGETS: true },
  });
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('a municipality is told when a service it uses stops being eligible', () => {
  it('delivers a signed usage.at_risk after a revocation, and the feed shows each step', async () => {
    const audit = await auditor(t);
    const sapporo = await makeCredential(t, 'municipality', { municipalityCode: '011002' });
    const secret = 'sapporo-webhook-secret-0123';
    await t.http
      .post('/v1/webhooks')
      .set(sapporo.header)
      .send({ url: receiver.url('/sapporo'), events: ['usage.at_risk', 'eligibility.changed'], secret })
      .expect(201);

    const { service, registration, assessment } = await eligibleService(t, audit);
    await t.http
      .post('/v1/municipalities/011002/usages')
      .set(sapporo.header)
      .send({ serviceId: service.id, profile: 'tokutei-tsushin', purpose: 'ウェブ会議' })
      .expect(201);
    await t.http.post('/v1/admin/sweeps').set(t.admin).send({ asOf: '2025-12-01' }).expect(200); // baseline
    await t.http
      .patch(`/v1/registrations/${registration.id}`)
      .set('If-Match', await etagOf(t, `/v1/registrations/${registration.id}`))
      .set(t.admin)
      .send({ status: 'renewal_pending', renewalFiledOn: '2025-12-01', effectiveOn: '2025-12-01' })
      .expect(200);
    await t.http.post(`/v1/assessments/${assessment.id}/revoke`).set(audit.header).send({ reason: '証跡の不備' }).expect(200);
    await t.http.post('/v1/admin/sweeps').set(t.admin).send({ asOf: '2025-12-01' }).expect(200);

    const delivered = await eventually(() => {
      const got = receiver.received('/sapporo');
      return got.length >= 2 ? got : undefined;
    });
    const types = delivered.map((r) => r.headers['x-registry-event']).sort();
    expect(types).toEqual(['eligibility.changed', 'usage.at_risk']);
    for (const r of delivered) {
      expect(r.headers['x-registry-signature']).toBe(`sha256=${createHmac('sha256', secret).update(r.rawBody).digest('hex')}`);
    }
    const atRisk = JSON.parse(delivered.find((r) => r.headers['x-registry-event'] === 'usage.at_risk')!.rawBody) as {
      data: Record<string, unknown>;
    };
    expect(atRisk.data).toMatchObject({
      municipalityCode: '011002',
      serviceId: service.id,
      reason: 'NOT_ELIGIBLE',
      decision: 'indeterminate',
    });

    const feed = await t.http.get('/v1/events').query({ serviceId: service.id }).set(sapporo.header).expect(200);
    expect(feed.body.items.map((e: { type: string }) => e.type)).toEqual([
      'registration.created',
      'assessment.published',
      'registration.status_changed',
      'assessment.revoked',
      'eligibility.changed',
      'usage.at_risk',
    ]);
    const statusChanged = feed.body.items.find((e: { type: string }) => e.type === 'registration.status_changed');
    expect(statusChanged).toMatchObject({
      subject: { type: 'registration', id: registration.id },
      data: { from: 'registered', to: 'renewal_pending', effectiveOn: '2025-12-01' },
    });
    // anonymous readers see the registry's events, not a municipality's own
    const anonymous = await t.http.get('/v1/events').query({ serviceId: service.id }).expect(200);
    expect(anonymous.body.items.map((e: { type: string }) => e.type)).not.toContain('usage.at_risk');
  });
});
