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

  it('the expiring-reviews list names an accredited assessment nearing its end, never one that did not count', async () => {
    const accredited = await serviceReadyForAssessment();
    const unaccredited = await serviceReadyForAssessment();
    const good = await auditorOf('期限一覧認定監査法人', [{ from: '2020-01-01' }]);
    const lapsed = await auditorOf('期限一覧失効監査法人', [{ from: '2020-01-01', until: '2025-05-31' }]);
    const counted = await publish(t, accredited.id, good, { performedOn: '2025-06-01', validUntil: '2026-02-28' });
    const ignored = await publish(t, unaccredited.id, lapsed, { performedOn: '2025-06-01', validUntil: '2026-02-28' });
    const expiring = async (asOf: string) =>
      ((await t.http.get('/v1/reviews/expiring').query({ asOf, within: 90, limit: 200 }).expect(200)).body.items as { id: string }[]).map(
        (i) => i.id,
      );
    const before = await expiring('2026-01-15');
    expect(before).toContain(counted.id);
    expect(before).not.toContain(ignored.id);
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

/**
 * Required properties of the OSCAL JSON model (usnistgov/OSCAL json/schema: oscal_assessment-results
 * and oscal_component schemas; NIST OSCAL-Reference v1.1.1): each object kind → what it must carry.
 */
const REQUIRED: Record<string, string[]> = {
  'assessment-results': ['uuid', 'metadata', 'import-ap', 'results'],
  'component-definition': ['uuid', 'metadata'],
  metadata: ['title', 'last-modified', 'version', 'oscal-version'],
  'import-ap': ['href'],
  result: ['uuid', 'title', 'description', 'start', 'reviewed-controls'],
  'reviewed-controls': ['control-selections'],
  finding: ['uuid', 'title', 'description', 'target'],
  'finding-target': ['type', 'target-id', 'status'],
  'objective-status': ['state'],
  component: ['uuid', 'type', 'title', 'description'],
  'control-implementation': ['uuid', 'source', 'description', 'implemented-requirements'],
  'implemented-requirement': ['uuid', 'control-id', 'description'],
  party: ['uuid', 'type'],
  property: ['name', 'value'],
};
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/;
const DATE_TIME_TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Problems of an OSCAL document against the model's required structure (empty = none). */
function oscalProblems(doc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const need = (kind: string, o: unknown, path: string) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return problems.push(`${path}: not an object`);
    for (const k of REQUIRED[kind]) if (!(k in o)) problems.push(`${path}: ${kind} lacks ${k}`);
    for (const [k, v] of Object.entries(o)) {
      if (Array.isArray(v) && v.length === 0) problems.push(`${path}/${k}: arrays have at least one item`);
      if (k === 'uuid' && !UUID.test(String(v))) problems.push(`${path}/uuid: not a v4/v5 UUID`);
    }
  };
  const each = (kind: string, list: unknown, path: string, then?: (o: Record<string, unknown>, p: string) => void) =>
    ((list as Record<string, unknown>[] | undefined) ?? []).forEach((o, i) => {
      need(kind, o, `${path}/${i}`);
      then?.(o, `${path}/${i}`);
    });
  const metadata = (m: Record<string, unknown>, path: string) => {
    need('metadata', m, path);
    if (!DATE_TIME_TZ.test(String(m['last-modified']))) problems.push(`${path}/last-modified: not a date-time with time zone`);
    if (!/^1\.1\.\d+$/.test(String(m['oscal-version']))) problems.push(`${path}/oscal-version: not 1.1.x`);
    each('party', m.parties, `${path}/parties`);
  };
  if ('assessment-results' in doc) {
    const ar = doc['assessment-results'] as Record<string, unknown>;
    need('assessment-results', ar, '/assessment-results');
    metadata(ar.metadata as Record<string, unknown>, '/assessment-results/metadata');
    need('import-ap', ar['import-ap'], '/assessment-results/import-ap');
    each('result', ar.results, '/assessment-results/results', (r, p) => {
      if (!DATE_TIME_TZ.test(String(r.start))) problems.push(`${p}/start: not a date-time with time zone`);
      need('reviewed-controls', r['reviewed-controls'], `${p}/reviewed-controls`);
      each('property', r.props, `${p}/props`);
      each('finding', r.findings, `${p}/findings`, (f, fp) => {
        const target = f.target as Record<string, unknown>;
        need('finding-target', target, `${fp}/target`);
        if (!['statement-id', 'objective-id'].includes(String(target.type)))
          problems.push(`${fp}/target/type: not statement-id|objective-id`);
        need('objective-status', target.status, `${fp}/target/status`);
        const state = (target.status as { state?: string }).state;
        if (!['satisfied', 'not-satisfied'].includes(String(state))) problems.push(`${fp}/target/status/state: ${state}`);
      });
    });
  } else if ('component-definition' in doc) {
    const cd = doc['component-definition'] as Record<string, unknown>;
    need('component-definition', cd, '/component-definition');
    metadata(cd.metadata as Record<string, unknown>, '/component-definition/metadata');
    each('component', cd.components, '/component-definition/components', (c, p) =>
      each('control-implementation', c['control-implementations'], `${p}/control-implementations`, (ci, cp) =>
        each('implemented-requirement', ci['implemented-requirements'], `${cp}/implemented-requirements`),
      ),
    );
  } else problems.push('neither assessment-results nor component-definition');
  return problems;
}

describe('OSCAL exports', () => {
  it('assessment-results and component-definition follow the model, with UUIDs stable across exports', async () => {
    const service = await serviceReadyForAssessment();
    const audit = await auditorOf('OSCAL監査法人', [{ from: '2020-01-01' }]);
    const assessment = await publish(t, service.id, audit, { performedOn: '2025-06-01' });

    const ar = (await t.http.get(`/v1/assessments/${assessment.id}/oscal`).expect(200)).body;
    expect(oscalProblems(ar)).toEqual([]);
    const result = ar['assessment-results'].results[0];
    expect(result.findings.map((f: { target: { 'target-id': string } }) => f.target['target-id'])).toEqual([...ATTESTATIONS]);
    expect(ar).toEqual((await t.http.get(`/v1/assessments/${assessment.id}/oscal`).expect(200)).body);

    const cd = (await t.http.get(`/v1/services/${service.id}/oscal`).expect(200)).body;
    expect(oscalProblems(cd)).toEqual([]);
    const implemented = cd['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'];
    expect(implemented.map((r: { 'control-id': string }) => r['control-id'])).toEqual([...ATTESTATIONS]);
    expect(cd).toEqual((await t.http.get(`/v1/services/${service.id}/oscal`).expect(200)).body);
    await t.http.get(`/v1/assessments/00000000-0000-4000-8000-000000000099/oscal`).expect(404);
  });

  it('the checker catches a document missing a required field', () => {
    expect(oscalProblems({ 'assessment-results': { uuid: 'x', metadata: {}, results: [] } })).toEqual(
      expect.arrayContaining([
        '/assessment-results: assessment-results lacks import-ap',
        '/assessment-results/metadata: metadata lacks title',
      ]),
    );
  });
});
