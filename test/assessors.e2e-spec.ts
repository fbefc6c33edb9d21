// Issue 12, the assessor registry over HTTP: an assessment counts only when its audit organisation
// was accredited on performedOn; auditor credentials belong to a registered organisation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { makeCredential, makeEndpoint, makeRegistration, makeService, registerOrganization } from './support/factories';
import { ATTESTATIONS, publish } from './support/scenarios';

const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

type Decision = {
  decision: string;
  requirements: { id: string; outcome: string; reason: string; basis: { type: string; id: string }[] }[];
};

/** A service whose only missing piece is an assessment (registration and destination in order). */
async function serviceReadyForAssessment() {
  const service = await makeService(t, { category: 'web_conferencing' });
  await makeRegistration(t, service.id, { registeredOn: '2025-05-01', auditPeriodEnd: '2025-03-31' });
  await makeEndpoint(t, service.id);
  return service;
}

async function auditorOf(organization: string, periods: { from: string; until?: string }[]) {
  await registerOrganization(t, organization, periods);
  const cred = await makeCredential(t, 'auditor', { organization });
  return { ...cred, organization };
}

const decide = async (serviceId: string, asOf = '2025-12-01'): Promise<Decision> =>
  (await t.http.get(`/v1/services/${serviceId}/eligibility`).query({ asOf }).expect(200)).body;

describe('the assessor registry', () => {
  it('an auditor credential must name a registered organisation', async () => {
    const res = await t.http.post('/v1/api-keys').set(t.admin).send({ name: 'x', role: 'auditor', organization: '未登録監査法人' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/organization', detail: expect.stringContaining('register it first') }]);
  });

  it('lists organisations with their accreditation periods; a second registration of a name is a 409', async () => {
    const created = await registerOrganization(t, '一覧監査法人', [{ from: '2024-04-01', until: '2025-03-31' }]);
    const one = (await t.http.get(`/v1/audit-organizations/${created!.id}`).expect(200)).body;
    expect(one).toMatchObject({ name: '一覧監査法人', accreditations: [{ from: '2024-04-01', until: '2025-03-31' }] });
    expect((await t.http.get('/v1/audit-organizations').expect(200)).body.items.map((o: { name: string }) => o.name)).toContain(
      '一覧監査法人',
    );
    await t.http.post('/v1/audit-organizations').set(t.admin).send({ name: '一覧監査法人' }).expect(409);
    await t.http.post('/v1/audit-organizations').send({ name: 'x' }).expect(401);
    await t.http
      .post(`/v1/audit-organizations/${created!.id}/accreditations`)
      .set(t.admin)
      .send({ from: '2025-04-01', until: '2025-03-01' })
      .expect(400);
  });

  it('an assessment by an organisation accredited on performedOn counts', async () => {
    const service = await serviceReadyForAssessment();
    const audit = await auditorOf('認定監査法人', [{ from: '2025-01-01', until: '2025-12-31' }]);
    await publish(t, service.id, audit, { performedOn: '2025-06-01' });
    expect((await decide(service.id)).decision).toBe('eligible');
  });

  it('an assessment by an organisation whose accreditation lapsed before performedOn does not count, with the reason', async () => {
    const service = await serviceReadyForAssessment();
    const audit = await auditorOf('失効監査法人', [{ from: '2023-01-01', until: '2025-05-31' }]);
    const assessment = await publish(t, service.id, audit, { performedOn: '2025-06-01' });
    const d = await decide(service.id);
    expect(d.decision).not.toBe('eligible');
    for (const id of ATTESTATIONS) {
      expect(d.requirements.find((r) => r.id === id)).toMatchObject({
        outcome: 'missing',
        reason: 'ASSESSOR_NOT_ACCREDITED',
        basis: [{ type: 'assessment', id: assessment.id }],
      });
    }
    const reasons = (await t.http.get('/v1/reasons').set('Accept-Language', 'en').expect(200)).body;
    expect(JSON.stringify(reasons)).toContain('ASSESSOR_NOT_ACCREDITED');
  });

  it('an assessment performed before the organisation was first accredited does not count; a later accreditation does not make it count', async () => {
    const service = await serviceReadyForAssessment();
    const audit = await auditorOf('新規監査法人', [{ from: '2025-07-01' }]);
    await publish(t, service.id, audit, { performedOn: '2025-06-01' });
    const d = await decide(service.id);
    expect(d.requirements.find((r) => r.id === 'MFA')).toMatchObject({ outcome: 'missing', reason: 'ASSESSOR_NOT_ACCREDITED' });
  });

  it('a newer unaccredited assessment does not outvote an older accredited one', async () => {
    const service = await serviceReadyForAssessment();
    const good = await auditorOf('良好監査法人', [{ from: '2020-01-01' }]);
    const lapsed = await auditorOf('後発失効監査法人', [{ from: '2020-01-01', until: '2025-01-31' }]);
    await publish(t, service.id, good, { performedOn: '2025-06-01' });
    await publish(t, service.id, lapsed, { performedOn: '2025-07-01' });
    expect((await decide(service.id)).decision).toBe('eligible');
  });
});
