import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { makeCredential, makeService } from './support/factories';
import { auditor, eligibleService, publish } from './support/scenarios';

let t: TestApp;
let audit: Awaited<ReturnType<typeof auditor>>;
const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  audit = await auditor(t);
});
afterAll(async () => {
  await t?.close();
});

interface OutboxRow {
  type: string;
  subject_id: string;
  service_id: string | null;
  municipality_code: string | null;
  data: Record<string, unknown>;
}
/** The lifecycle events about a service (not the created/published/revoked ones its writes emit). */
const eventsAbout = (serviceId: string) =>
  t.sql<OutboxRow>(
    `SELECT type, subject_id, service_id, municipality_code, data FROM outbox_events
     WHERE service_id = $1 AND type ~ '(expiring|expired|eligibility|usage)' ORDER BY seq`,
    [serviceId],
  );
const sweep = async (asOf: string) =>
  (await t.http.post('/v1/admin/sweeps').set(t.admin).send({ asOf }).expect(200)).body as { emitted: Record<string, number> };

describe('usages', () => {
  it('a municipality records, lists (with the current decision) and removes its own usages; others get 403', async () => {
    const { service } = await eligibleService(t, audit);
    const own = await makeCredential(t, 'municipality', { municipalityCode: '011002' });
    const other = await makeCredential(t, 'municipality', { municipalityCode: '131016' });
    const created = await t.http
      .post('/v1/municipalities/011002/usages')
      .set(own.header)
      .send({ serviceId: service.id, profile: 'tokutei-tsushin', purpose: 'ウェブ会議' })
      .expect(201);
    expect(created.body).toMatchObject({
      municipalityCode: '011002',
      serviceId: service.id,
      profile: 'tokutei-tsushin',
      current: { decision: 'eligible', validUntil: '2026-05-31', asOf: '2025-12-01' },
    });
    expect(
      (await t.http.post('/v1/municipalities/011002/usages').set(own.header).send({ serviceId: service.id, profile: 'tokutei-tsushin' }))
        .body.code,
    ).toBe('USAGE_EXISTS');
    expect(
      (await t.http.post('/v1/municipalities/011002/usages').set(other.header).send({ serviceId: service.id, profile: 'tokutei-tsushin' }))
        .status,
    ).toBe(403);
    expect((await t.http.get('/v1/municipalities/011002/usages').set(other.header)).status).toBe(403);
    expect((await t.http.get('/v1/municipalities/011002/usages')).status).toBe(401);
    const list = await t.http.get('/v1/municipalities/011002/usages').set(own.header).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: created.body.id, current: expect.objectContaining({ decision: 'eligible' }) }),
    ]);
    const admin = await t.http.get('/v1/municipalities/011002/usages').set(t.admin).expect(200);
    expect(admin.body.items).toHaveLength(1);
    await t.http.delete(`/v1/municipalities/011002/usages/${created.body.id}`).set(other.header).expect(403);
    await t.http.delete(`/v1/municipalities/011002/usages/${created.body.id}`).set(own.header).expect(204);
    expect((await t.http.get('/v1/municipalities/011002/usages').set(own.header)).body.items).toEqual([]);
  });

  it('rejects bad codes, unknown services and profiles', async () => {
    const s = await makeService(t);
    expect(
      (await t.http.post('/v1/municipalities/011003/usages').set(t.admin).send({ serviceId: s.id, profile: 'tokutei-tsushin' })).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post('/v1/municipalities/011002/usages')
          .set(t.admin)
          .send({ serviceId: '7b0c1c52-0f8e-4a4c-9a43-2d7e3a5b8c01', profile: 'tokutei-tsushin' })
      ).body.code,
    ).toBe('SERVICE_NOT_FOUND');
    expect((await t.http.post('/v1/municipalities/011002/usages').set(t.admin).send({ serviceId: s.id, profile: 'nope' })).body.code).toBe(
      'PROFILE_NOT_FOUND',
    );
  });

  it('announces usage.at_risk at once for a service that is not eligible', async () => {
    const s = await makeService(t);
    const res = await t.http
      .post('/v1/municipalities/131016/usages')
      .set(t.admin)
      .send({ serviceId: s.id, profile: 'tokutei-tsushin' })
      .expect(201);
    const events = await eventsAbout(s.id);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'usage.at_risk',
        subject_id: res.body.id,
        municipality_code: '131016',
        data: expect.objectContaining({ reason: 'NOT_ELIGIBLE', decision: 'ineligible' }),
      }),
    ]);
  });
});

describe('expiry sweep', () => {
  it('emits expiring at 90/30/7 days and expired once per record, and nothing new when run twice', async () => {
    const { service, registration, assessment } = await eligibleService(t, audit);
    // assessment valid through 2026-05-31, registration through 2026-07-31
    await sweep('2026-03-01'); // 91 days before the assessment ends: nothing yet for this service
    expect(await eventsAbout(service.id)).toEqual([]);
    await sweep('2026-03-02');
    let events = await eventsAbout(service.id);
    expect(events.map((e) => [e.type, e.subject_id, e.data.threshold])).toEqual([['assessment.expiring', assessment.id, 90]]);
    expect((await sweep('2026-03-02')).emitted).toEqual({}); // idempotent
    await sweep('2026-05-24'); // 7 days left: crosses 30 and 7 at once → one announcement (threshold 7)
    await sweep('2026-05-25');
    events = await eventsAbout(service.id);
    expect(events.filter((e) => e.type === 'assessment.expiring').map((e) => e.data.threshold)).toEqual([90, 7]);
    await sweep('2026-06-01');
    await sweep('2026-06-01');
    await sweep('2026-06-02');
    events = await eventsAbout(service.id);
    expect(events.filter((e) => e.type === 'assessment.expired')).toEqual([
      expect.objectContaining({ subject_id: assessment.id, data: expect.objectContaining({ validUntil: '2026-05-31' }) }),
    ]);
    expect(events.filter((e) => e.type === 'registration.expiring').map((e) => e.data.threshold)).toEqual([90]); // 2026-05-02 … 2026-06-02
    await sweep('2026-08-01');
    events = await eventsAbout(service.id);
    expect(events.filter((e) => e.type === 'registration.expired')).toEqual([
      expect.objectContaining({
        subject_id: registration.id,
        data: expect.objectContaining({ scheme: 'ISMAP', validUntil: '2026-07-31' }),
      }),
    ]);
  });

  it('emits eligibility.changed when a decision changes and usage.at_risk to the municipalities using it', async () => {
    const { service, assessment } = await eligibleService(t, audit);
    const usage = await t.http
      .post('/v1/municipalities/011002/usages')
      .set(t.admin)
      .send({ serviceId: service.id, profile: 'tokutei-tsushin' })
      .expect(201);
    await sweep('2025-12-01'); // baseline: eligible, not expiring
    expect((await eventsAbout(service.id)).map((e) => e.type)).toEqual([]);
    await sweep('2026-03-02'); // enters the 90-day window
    let events = await eventsAbout(service.id);
    expect(events.filter((e) => e.type === 'usage.at_risk')).toEqual([
      expect.objectContaining({
        subject_id: usage.body.id,
        municipality_code: '011002',
        data: expect.objectContaining({ reason: 'EXPIRING', decision: 'eligible', validUntil: '2026-05-31' }),
      }),
    ]);
    await t.http.post(`/v1/assessments/${assessment.id}/revoke`).set(audit.header).send({ reason: '再評価が必要' }).expect(200);
    await sweep('2026-03-03');
    events = await eventsAbout(service.id);
    expect(events.filter((e) => e.type === 'eligibility.changed')).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ from: 'eligible', to: 'indeterminate', profile: { key: 'tokutei-tsushin', edition: 'R6.10' } }),
      }),
    ]);
    expect(events.filter((e) => e.type === 'usage.at_risk').map((e) => e.data.reason)).toEqual(['EXPIRING', 'NOT_ELIGIBLE']);
    expect((await sweep('2026-03-03')).emitted).toEqual({});
    await publish(t, service.id, audit, { performedOn: '2026-03-04', validUntil: '2027-03-03' });
    await sweep('2026-03-05');
    events = await eventsAbout(service.id);
    expect(events.filter((e) => e.type === 'eligibility.changed').map((e) => e.data.to)).toEqual(['indeterminate', 'eligible']);
  });

  it('is for administrators only and validates the date', async () => {
    const muni = await makeCredential(t, 'municipality', { municipalityCode: '011002' });
    expect((await t.http.post('/v1/admin/sweeps').set(muni.header).send({})).status).toBe(403);
    expect((await t.http.post('/v1/admin/sweeps').set(t.admin).send({ asOf: '2026-13-01' })).status).toBe(400);
    const today = await t.http.post('/v1/admin/sweeps').set(t.admin).send({}).expect(200);
    expect(today.body.asOf).toBe('2025-12-01');
  });
});
