import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, FixedClock, QueryCounter, type TestApp } from './support/app';
import { makeEndpoint, makeRegistration, makeService, etagOf } from './support/factories';
import { auditor, eligibleService, findings, languageNeutral, publish } from './support/scenarios';

let t: TestApp;
let audit: Awaited<ReturnType<typeof auditor>>;
const queries = new QueryCounter();
const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock, queryLogger: queries });
  audit = await auditor(t);
});
afterAll(async () => {
  await t?.close();
});

const decide = async (serviceId: string, asOf: string, query: Record<string, string> = {}) => {
  const res = await t.http.get(`/v1/services/${serviceId}/eligibility`).query({ asOf, ...query });
  expect(res.status).toBe(200);
  // the codes only: messages are the subject of languages.e2e-spec.ts
  return languageNeutral(res.body) as {
    decision: string;
    validUntil: string | null;
    profile: { key: string; edition: string };
    requirements: { id: string; outcome: string; reason: string; basis: { type: string; id: string }[]; validUntil: string | null }[];
    obligations: { id: string }[];
    warnings: { code: string; requirementId?: string; validUntil?: string }[];
  };
};
const req = (d: Awaited<ReturnType<typeof decide>>, id: string) => d.requirements.find((r) => r.id === id)!;

describe('criteria profiles', () => {
  it('ships tokutei-tsushin, lgwan-asp and file-import-control R6.10 with requirements, kinds and obligations', async () => {
    const list = await t.http.get('/v1/profiles').expect(200);
    expect(list.body.items.map((p: { key: string; edition: string }) => `${p.key}@${p.edition}`)).toEqual([
      'file-import-control@R6.10',
      'lgwan-asp@R6.10',
      'tokutei-tsushin@R6.10',
    ]);
    const p = await t.http.get('/v1/profiles/tokutei-tsushin').query({ asOf: '2025-04-01' }).expect(200);
    expect(p.body.requirements.map((r: { id: string }) => r.id)).toEqual([
      'ISMAP_REGISTERED',
      'SERVICE_CATEGORY_ALLOWED',
      'DEST_ALLOWLIST',
      'NO_SHARED_CDN',
      'TLS12_PLUS',
      'TENANT_RESTRICTION',
      'MFA',
      'AUDIT_LOG',
      'DATA_LOCATION_DISCLOSED',
      'GOV_LAW_JURISDICTION',
    ]);
    expect(p.body.obligations.map((o: { id: string }) => o.id)).toEqual([
      'FILE_IMPORT_CONTROL',
      'ENDPOINT_EDR',
      'OUTBOUND_ONLY',
      'LBO_RISK_ASSESSMENT',
    ]);
  });

  it('answers unknown profiles, editions and dates before any edition with 404', async () => {
    expect((await t.http.get('/v1/profiles/nope')).body.code).toBe('PROFILE_NOT_FOUND');
    expect((await t.http.get('/v1/profiles/tokutei-tsushin').query({ edition: 'R1.1' })).body.code).toBe('EDITION_NOT_FOUND');
    expect((await t.http.get('/v1/profiles/tokutei-tsushin').query({ asOf: '2020-01-01' })).body.code).toBe('NO_EDITION_IN_EFFECT');
  });
});

describe('assessments', () => {
  it('publishes an assessment with findings and evidence, immutable and listed newest first', async () => {
    const s = await makeService(t);
    const first = await publish(t, s.id, audit, { performedOn: '2025-01-10', validUntil: '2025-12-31' });
    const second = await publish(t, s.id, audit, { performedOn: '2025-06-01', validUntil: '2026-05-31', supersedes: first.id });
    expect(second).toMatchObject({ status: 'published', supersedes: first.id, profile: { key: 'tokutei-tsushin', edition: 'R6.10' } });
    const got = await t.http.get(`/v1/assessments/${first.id}`).expect(200);
    expect(got.body).toMatchObject({ status: 'superseded', supersededBy: second.id });
    expect(got.body.findings[0]).toMatchObject({ requirementId: 'TLS12_PLUS', outcome: 'met', evidence: [{ sha256: 'a'.repeat(64) }] });
    const list = await t.http.get(`/v1/services/${s.id}/assessments`).expect(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([second.id, first.id]);
  });

  it('a successor revoked from its start supersedes nothing: the predecessor shows published again', async () => {
    const s = await makeService(t);
    const first = await publish(t, s.id, audit, { performedOn: '2025-01-10', validUntil: '2025-12-31' });
    const second = await publish(t, s.id, audit, { performedOn: '2025-06-01', validUntil: '2026-05-31', supersedes: first.id });
    await t.http.post(`/v1/assessments/${second.id}/revoke`).set(audit.header).send({ reason: '誤登録' }).expect(200);
    const got = await t.http.get(`/v1/assessments/${first.id}`).expect(200);
    expect(got.body).toMatchObject({ status: 'published', supersededBy: null });
    const list = await t.http.get(`/v1/services/${s.id}/assessments`).expect(200);
    expect(list.body.items.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([
      [second.id, 'revoked'],
      [first.id, 'published'],
    ]);
  });

  it('rejects bad findings listing each offending field, and writes nothing', async () => {
    const s = await makeService(t);
    const before = await t.sql<{ n: string }>('SELECT count(*) AS n FROM assessments');
    const res = await t.http
      .post(`/v1/services/${s.id}/assessments`)
      .set(audit.header)
      .send({
        profile: 'tokutei-tsushin',
        assessor: { organization: audit.organization },
        performedOn: '2025-06-01',
        validUntil: '2025-05-31',
        findings: [
          { requirementId: 'TLS12_PLUS', outcome: 'met' },
          { requirementId: 'TLS12_PLUS', outcome: 'met' },
          { requirementId: 'NOT_A_REQUIREMENT', outcome: 'met' },
          { requirementId: 'ISMAP_REGISTERED', outcome: 'met' },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_FINDINGS');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/findings/1/requirementId',
      '/findings/2/requirementId',
      '/findings/3/requirementId',
      '/validUntil',
    ]);
    const shape = await t.http
      .post(`/v1/services/${s.id}/assessments`)
      .set(audit.header)
      .send({
        profile: 'tokutei-tsushin',
        assessor: { organization: audit.organization },
        performedOn: '2025-02-30',
        validUntil: '2026-05-31',
        findings: [{ requirementId: 'MFA', outcome: 'maybe', evidence: [{ uri: 'http://insecure.example.jp/x', sha256: 'XYZ' }] }],
      });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/findings/0/evidence/0/sha256',
      '/findings/0/evidence/0/uri',
      '/findings/0/outcome',
      '/performedOn',
    ]);
    const after = await t.sql<{ n: string }>('SELECT count(*) AS n FROM assessments');
    expect(after[0].n).toBe(before[0].n);
  });

  it('lets an auditor act only for its own organisation; 404 for unknown profile or edition', async () => {
    const s = await makeService(t);
    const other = await auditor(t, '別の監査機関');
    const res = await t.http
      .post(`/v1/services/${s.id}/assessments`)
      .set(other.header)
      .send({
        profile: 'tokutei-tsushin',
        assessor: { organization: audit.organization },
        performedOn: '2025-06-01',
        validUntil: '2026-05-31',
        findings: findings(),
      });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN_ORGANIZATION');
    const a = await publish(t, s.id, audit);
    expect((await t.http.post(`/v1/assessments/${a.id}/revoke`).set(other.header).send({ reason: 'not mine' })).status).toBe(403);
    expect(
      (
        await t.http
          .post(`/v1/services/${s.id}/assessments`)
          .set(audit.header)
          .send({
            profile: 'nope',
            assessor: { organization: audit.organization },
            performedOn: '2025-06-01',
            validUntil: '2026-05-31',
            findings: findings(),
          })
      ).status,
    ).toBe(404);
    expect((await t.http.post(`/v1/services/${s.id}/assessments`).set(t.admin).send({})).status).toBe(403);
  });

  it('revokes once; a second revocation is a conflict', async () => {
    const s = await makeService(t);
    const a = await publish(t, s.id, audit);
    const r = await t.http
      .post(`/v1/assessments/${a.id}/revoke`)
      .set(audit.header)
      .send({ reason: '証跡の誤り', effectiveOn: '2025-09-01' })
      .expect(200);
    expect(r.body).toMatchObject({ status: 'revoked', revocation: { reason: '証跡の誤り', effectiveOn: '2025-09-01' } });
    expect((await t.http.post(`/v1/assessments/${a.id}/revoke`).set(audit.header).send({ reason: 'again' })).body.code).toBe(
      'ASSESSMENT_ALREADY_REVOKED',
    );
  });
});

describe('one decision', () => {
  it('is eligible with a validUntil from the earliest evidence, obligations and reasons per requirement', async () => {
    const { service, registration, assessment, endpoint } = await eligibleService(t, audit);
    const d = await decide(service.id, '2025-12-01');
    expect(d.decision).toBe('eligible');
    expect(d.profile).toEqual({ key: 'tokutei-tsushin', edition: 'R6.10' });
    expect(d.validUntil).toBe('2026-05-31'); // the assessment ends before the ISMAP registration (2026-07-31)
    expect(req(d, 'ISMAP_REGISTERED')).toMatchObject({
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      basis: [{ type: 'registration', id: registration.id }],
      validUntil: '2026-07-31',
    });
    expect(req(d, 'DEST_ALLOWLIST')).toMatchObject({ outcome: 'satisfied', basis: [{ type: 'endpoint', id: endpoint.id }] });
    expect(req(d, 'MFA')).toMatchObject({
      outcome: 'satisfied',
      reason: 'FINDING_MET',
      basis: [{ type: 'assessment', id: assessment.id }],
    });
    expect(d.obligations.map((o) => o.id)).toEqual(['FILE_IMPORT_CONTROL', 'ENDPOINT_EDR', 'OUTBOUND_ONLY', 'LBO_RISK_ASSESSMENT']);
  });

  it.each([
    ['2026-05-31', 'eligible'], // last day the assessment is valid
    ['2026-06-01', 'indeterminate'], // the day after: evidence expired, needs review
    ['2025-05-31', 'indeterminate'], // before performedOn, the findings do not count yet
    ['2025-04-30', 'ineligible'], // before registeredOn the registration does not exist
  ])('on %s is %s', async (asOf, expected) => {
    const { service } = await eligibleService(t, audit);
    const d = await decide(service.id, asOf);
    expect(d.decision).toBe(expected);
    if (expected !== 'eligible') {
      expect(d.obligations).toEqual([]);
      expect(d.validUntil).toBeNull();
    }
  });

  it('is ineligible the day after the ISMAP registration lapses, eligible on its last day (renewal filed late)', async () => {
    const { service, registration } = await eligibleService(t, audit);
    await publish(t, service.id, audit, { performedOn: '2026-05-01', validUntil: '2027-04-30' });
    await t.http
      .patch(`/v1/registrations/${registration.id}`)
      .set('If-Match', await etagOf(t, `/v1/registrations/${registration.id}`))
      .set(t.admin)
      .send({ status: 'renewal_pending', renewalFiledOn: '2026-08-01', effectiveOn: '2026-08-01' })
      .expect(200);
    expect((await decide(service.id, '2026-07-31')).decision).toBe('eligible');
    const after = await decide(service.id, '2026-08-01');
    expect(after.decision).toBe('ineligible');
    expect(req(after, 'ISMAP_REGISTERED')).toMatchObject({ outcome: 'failed', reason: 'REGISTRATION_EXPIRED' });
  });

  it('stays eligible in renewal grace when renewal was filed before validity ended, with RENEWAL_PENDING', async () => {
    const { service, registration } = await eligibleService(t, audit);
    await publish(t, service.id, audit, { performedOn: '2026-05-01', validUntil: '2027-04-30' });
    await t.http
      .patch(`/v1/registrations/${registration.id}`)
      .set('If-Match', await etagOf(t, `/v1/registrations/${registration.id}`))
      .set(t.admin)
      .send({ status: 'renewal_pending', renewalFiledOn: '2026-07-31', effectiveOn: '2026-07-31' })
      .expect(200);
    const d = await decide(service.id, '2026-09-01');
    expect(d.decision).toBe('eligible');
    expect(req(d, 'ISMAP_REGISTERED')).toMatchObject({ reason: 'REGISTRATION_RENEWAL_PENDING', validUntil: null });
    expect(d.warnings).toEqual(expect.arrayContaining([{ code: 'RENEWAL_PENDING', requirementId: 'ISMAP_REGISTERED' }]));
    expect(d.validUntil).toBe('2027-04-30');
  });

  it.each([
    ['revoked', 'REGISTRATION_REVOKED'],
    ['withdrawn', 'REGISTRATION_WITHDRAWN'],
    ['suspended', 'REGISTRATION_SUSPENDED'],
    ['expired', 'REGISTRATION_EXPIRED'],
  ])('a registration %s from a date fails the scheme requirement from that day (%s)', async (status, reason) => {
    const { service, registration } = await eligibleService(t, audit);
    await t.http
      .patch(`/v1/registrations/${registration.id}`)
      .set('If-Match', await etagOf(t, `/v1/registrations/${registration.id}`))
      .set(t.admin)
      .send({ status, effectiveOn: '2025-10-01' })
      .expect(200);
    expect((await decide(service.id, '2025-09-30')).decision).toBe('eligible');
    const d = await decide(service.id, '2025-10-01');
    expect(d.decision).toBe('ineligible');
    expect(req(d, 'ISMAP_REGISTERED')).toMatchObject({ outcome: 'failed', reason, basis: [{ type: 'registration', id: registration.id }] });
  });

  it('a renewal decided by the committee starts a new period: the old explicit end and the filing do not carry over', async () => {
    const s = await makeService(t);
    const r = await makeRegistration(t, s.id, { registeredOn: '2025-05-01', auditPeriodEnd: '2025-03-31', validUntil: '2026-07-31' });
    await t.http
      .patch(`/v1/registrations/${r.id}`)
      .set('If-Match', await etagOf(t, `/v1/registrations/${r.id}`))
      .set(t.admin)
      .send({ status: 'renewal_pending', renewalFiledOn: '2026-07-01', effectiveOn: '2026-07-01' })
      .expect(200);
    const renewed = await t.http
      .patch(`/v1/registrations/${r.id}`)
      .set('If-Match', await etagOf(t, `/v1/registrations/${r.id}`))
      .set(t.admin)
      .send({ status: 'registered', auditPeriodEnd: '2026-06-30', effectiveOn: '2026-09-01' })
      .expect(200);
    expect(renewed.body.history[2]).toMatchObject({
      status: 'registered',
      effectiveOn: '2026-09-01',
      auditPeriodEnd: '2026-06-30',
      validUntil: null,
      renewalFiledOn: null,
    });
    const grace = await decide(s.id, '2026-08-15');
    expect(req(grace, 'ISMAP_REGISTERED')).toMatchObject({ outcome: 'satisfied', reason: 'REGISTRATION_RENEWAL_PENDING' });
    expect(req(await decide(s.id, '2027-10-31'), 'ISMAP_REGISTERED')).toMatchObject({ outcome: 'satisfied', validUntil: '2027-10-31' });
    expect(req(await decide(s.id, '2027-11-01'), 'ISMAP_REGISTERED')).toMatchObject({ outcome: 'failed', reason: 'REGISTRATION_EXPIRED' });
  });

  it('a superseding assessment takes over from its performedOn; a not_met finding makes it ineligible', async () => {
    const { service, assessment } = await eligibleService(t, audit);
    await publish(t, service.id, audit, {
      performedOn: '2025-10-01',
      validUntil: '2026-09-30',
      supersedes: assessment.id,
      findings: findings({ MFA: 'not_met' }),
    });
    expect((await decide(service.id, '2025-09-30')).decision).toBe('eligible');
    const d = await decide(service.id, '2025-10-01');
    expect(d.decision).toBe('ineligible');
    expect(req(d, 'MFA')).toMatchObject({ outcome: 'failed', reason: 'FINDING_NOT_MET' });
  });

  it('a revocation counts from its effectiveOn; without one it voids the assessment from the start', async () => {
    const a = await eligibleService(t, audit);
    await t.http
      .post(`/v1/assessments/${a.assessment.id}/revoke`)
      .set(audit.header)
      .send({ reason: 'x', effectiveOn: '2025-09-01' })
      .expect(200);
    expect((await decide(a.service.id, '2025-08-31')).decision).toBe('eligible');
    expect((await decide(a.service.id, '2025-09-01')).decision).toBe('indeterminate');
    const b = await eligibleService(t, audit);
    await t.http.post(`/v1/assessments/${b.assessment.id}/revoke`).set(audit.header).send({ reason: 'void' }).expect(200);
    expect((await decide(b.service.id, '2025-08-31')).decision).toBe('indeterminate');
  });

  it('fails a too-broad or public-suffix destination, and a category outside the profile', async () => {
    const broad = await eligibleService(t, audit);
    await makeEndpoint(t, broad.service.id, { kind: 'cidr', value: '10.0.0.0/8' });
    expect(req(await decide(broad.service.id, '2025-12-01'), 'DEST_ALLOWLIST')).toMatchObject({
      outcome: 'failed',
      reason: 'ENDPOINT_TOO_BROAD',
    });
    const wildcard = await eligibleService(t, audit);
    await makeEndpoint(t, wildcard.service.id, { kind: 'fqdn', value: '*.co.jp' });
    const w = await decide(wildcard.service.id, '2025-12-01');
    expect(w.decision).toBe('ineligible');
    expect(req(w, 'DEST_ALLOWLIST')).toMatchObject({ reason: 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD' });
    const other = await eligibleService(t, audit, { category: 'business_application' });
    expect(req(await decide(other.service.id, '2025-12-01'), 'SERVICE_CATEGORY_ALLOWED')).toMatchObject({
      outcome: 'failed',
      reason: 'CATEGORY_NOT_ALLOWED',
    });
  });

  it('warns EXPIRING_SOON within 90 days and RECOMMENDED_NOT_MET for a recommended requirement', async () => {
    const s = await makeService(t);
    await makeRegistration(t, s.id, { registeredOn: '2025-05-01', auditPeriodEnd: '2025-03-31' });
    await makeEndpoint(t, s.id);
    await publish(t, s.id, audit, { findings: findings({ GOV_LAW_JURISDICTION: 'not_met' }) });
    const d = await decide(s.id, '2026-03-02'); // 90 days before 2026-05-31
    expect(d.decision).toBe('eligible');
    expect(d.warnings).toEqual(
      expect.arrayContaining([
        { code: 'EXPIRING_SOON', requirementId: 'TLS12_PLUS', validUntil: '2026-05-31' },
        { code: 'RECOMMENDED_NOT_MET', requirementId: 'GOV_LAW_JURISDICTION' },
      ]),
    );
    const earlier = await decide(s.id, '2026-03-01'); // 91 days before
    expect(earlier.warnings.filter((w) => w.code === 'EXPIRING_SOON' && w.requirementId === 'TLS12_PLUS')).toEqual([]);
  });

  it('is indeterminate without destinations or findings; LGWAN-ASP decisions warn STALE_CONFIRMATION', async () => {
    const s = await makeService(t);
    await makeRegistration(t, s.id, { registeredOn: '2025-05-01', auditPeriodEnd: '2025-03-31' });
    const d = await decide(s.id, '2025-12-01');
    expect(d.decision).toBe('indeterminate');
    expect(req(d, 'DEST_ALLOWLIST')).toMatchObject({ outcome: 'missing', reason: 'NO_DESTINATIONS' });
    expect(req(d, 'MFA')).toMatchObject({ outcome: 'missing', reason: 'NO_FINDING' });
    await makeRegistration(t, s.id, {
      scheme: 'LGWAN_ASP',
      auditPeriodEnd: undefined,
      registeredOn: '2024-01-01',
      lastConfirmedOn: '2024-06-01',
    });
    const asp = await decide(s.id, '2025-12-01', { profile: 'lgwan-asp' });
    expect(asp).toMatchObject({ decision: 'eligible', validUntil: null, profile: { key: 'lgwan-asp', edition: 'R6.10' } });
    expect(asp.warnings).toEqual([{ code: 'STALE_CONFIRMATION', requirementId: 'LGWAN_ASP_REGISTERED' }]);
  });

  it('rejects impossible dates and unknown services or profiles', async () => {
    const s = await makeService(t);
    const bad = await t.http.get(`/v1/services/${s.id}/eligibility`).query({ asOf: '2025-02-29' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.headers.etag).toBeUndefined(); // an error is never cached under a validator
    expect(bad.headers['cache-control']).toBe('no-store');
    expect((await t.http.get('/v1/services/7b0c1c52-0f8e-4a4c-9a43-2d7e3a5b8c01/eligibility')).body.code).toBe('SERVICE_NOT_FOUND');
    expect((await t.http.get(`/v1/services/${s.id}/eligibility`).query({ profile: 'nope' })).body.code).toBe('PROFILE_NOT_FOUND');
    expect((await t.http.get(`/v1/services/${s.id}/eligibility`).query({ edition: 'R9.9' })).body.code).toBe('EDITION_NOT_FOUND');
  });

  it('defaults asOf to today in Asia/Tokyo', async () => {
    const { service } = await eligibleService(t, audit);
    clock.set('2025-12-31T15:30:00Z'); // 2026-01-01 00:30 in Tokyo
    try {
      const d = await decide(service.id, undefined as unknown as string);
      expect(d).toMatchObject({ asOf: '2026-01-01' });
    } finally {
      clock.set('2025-12-01T03:00:00Z'); // the file's other tests expect the shared clock's start
    }
  });

  it('loads its facts in at most two queries, and answers If-None-Match with 304 before loading any', async () => {
    const { service } = await eligibleService(t, audit);
    const path = `/v1/services/${service.id}/eligibility?asOf=2025-12-01`;
    let res = await t.http.get(path); // warms the profile cache
    const n = await queries.count(async () => {
      res = await t.http.get(path).expect(200);
    });
    expect(n).toBeLessThanOrEqual(2);
    expect(res.headers.etag).toMatch(/^"/);
    expect(res.headers['cache-control']).toMatch(/max-age/);
    const again = await t.http.get(path);
    expect(again.text).toBe(res.text); // byte-identical
    const conditional = await queries.count(async () => {
      await t.http.get(path).set('If-None-Match', res.headers.etag).expect(304);
    });
    expect(conditional).toBe(0);
    // any write moves the registry revision: the old ETag no longer matches
    await makeService(t);
    const changed = await t.http.get(path).set('If-None-Match', res.headers.etag).expect(200);
    expect(changed.headers.etag).not.toBe(res.headers.etag);
    expect(changed.text).toBe(res.text);
  });

  it('keeps decisions under an edition unchanged when a newer edition is added', async () => {
    const { service } = await eligibleService(t, audit);
    const before = await t.http.get(`/v1/services/${service.id}/eligibility`).query({ asOf: '2026-01-15', edition: 'R6.10' });
    const inPeriod = await t.http.get(`/v1/services/${service.id}/eligibility`).query({ asOf: '2025-12-31', edition: 'R6.10' });
    const profile = (await t.http.get('/v1/profiles/tokutei-tsushin').query({ edition: 'R6.10' })).body;
    const next = {
      ...profile,
      edition: 'R7.10',
      effectiveFrom: '2026-01-01',
      requirements: profile.requirements.map((r: { id: string; params: Record<string, unknown> }) =>
        r.id === 'SERVICE_CATEGORY_ALLOWED' ? { ...r, params: { allowedCategories: ['chat'] } } : r,
      ),
    };
    await t.http.post('/v1/profiles').set(t.admin).send(next).expect(201);
    expect((await t.http.post('/v1/profiles').set(t.admin).send(next)).body.code).toBe('EDITION_EXISTS');
    const bad = await t.http
      .post('/v1/profiles')
      .set(t.admin)
      .send({ ...next, edition: 'R7.11', requirements: [{ ...next.requirements[0], params: { schemes: ['NOPE'] } }] });
    expect(bad.body).toMatchObject({ code: 'INVALID_PROFILE', errors: [{ pointer: '/requirements/0/params/schemes' }] });
    // within R6.10's period (through the day before R7.10's effectiveFrom) nothing changes, byte for byte
    const inPeriodAfter = await t.http.get(`/v1/services/${service.id}/eligibility`).query({ asOf: '2025-12-31', edition: 'R6.10' });
    expect(inPeriodAfter.text).toBe(inPeriod.text);
    // after it, the same answer, now marked as decided under an edition no longer in effect
    const after = await t.http.get(`/v1/services/${service.id}/eligibility`).query({ asOf: '2026-01-15', edition: 'R6.10' });
    expect(languageNeutral(after.body)).toEqual(
      languageNeutral({ ...before.body, warnings: [{ code: 'PROFILE_NOT_IN_EFFECT' }, ...before.body.warnings] }),
    );
    const current = await decide(service.id, '2026-01-15');
    expect(current.profile.edition).toBe('R7.10');
    expect(current.decision).toBe('ineligible');
    expect((await decide(service.id, '2025-12-15')).profile.edition).toBe('R6.10');
  });
});

describe('bulk decisions, allowlists and expiring reviews', () => {
  it('decides every service, each item with its serviceId; filters by decision; pages by cursor', async () => {
    const fresh = await createTestApp({ clock });
    try {
      const localAudit = await auditor(fresh);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await eligibleService(fresh, localAudit)).service.id);
      ids.push((await makeService(fresh)).id); // indeterminate
      const all = await fresh.http.get('/v1/eligibility').query({ asOf: '2025-12-01', limit: 500 }).expect(200);
      expect(all.body.items.map((d: { serviceId: string }) => d.serviceId)).toEqual([...ids].sort());
      const eligible = await fresh.http.get('/v1/eligibility').query({ asOf: '2025-12-01', decision: 'eligible' }).expect(200);
      expect(eligible.body.items).toHaveLength(3);
      const p1 = await fresh.http.get('/v1/eligibility').query({ asOf: '2025-12-01', limit: 2 }).expect(200);
      const p2 = await fresh.http.get('/v1/eligibility').query({ asOf: '2025-12-01', limit: 2, cursor: p1.body.nextCursor }).expect(200);
      expect([...p1.body.items, ...p2.body.items].map((d: { serviceId: string }) => d.serviceId)).toEqual([...ids].sort());
      expect(p2.body.nextCursor).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it('bulk and allowlist cost the same number of queries for 2 services or 12', async () => {
    const counter = new QueryCounter();
    const fresh = await createTestApp({ clock, queryLogger: counter });
    try {
      const localAudit = await auditor(fresh);
      const measure = async (asOf: string) =>
        counter.count(async () => {
          await fresh.http.get('/v1/eligibility').query({ asOf }).expect(200);
          await fresh.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf }).expect(200);
        });
      for (let i = 0; i < 2; i++) await eligibleService(fresh, localAudit);
      const small = await measure('2025-12-01');
      for (let i = 0; i < 10; i++) await eligibleService(fresh, localAudit);
      const large = await measure('2025-12-02');
      expect(large).toBe(small);
      expect(large).toBeLessThanOrEqual(3);
    } finally {
      await fresh.close();
    }
  });

  it('publishes the destinations of eligible services, de-duplicated and sorted, as JSON or text', async () => {
    const fresh = await createTestApp({ clock });
    try {
      const localAudit = await auditor(fresh);
      const a = await eligibleService(fresh, localAudit);
      const b = await eligibleService(fresh, localAudit);
      await makeEndpoint(fresh, a.service.id, { kind: 'fqdn', value: 'shared.example.jp', ports: [443] });
      await makeEndpoint(fresh, b.service.id, { kind: 'fqdn', value: 'shared.example.jp', ports: [8443] });
      await makeEndpoint(fresh, b.service.id, { kind: 'cidr', value: '150.95.10.0/24' }); // global unicast (documentation nets fail)
      const blocked = await makeService(fresh);
      await makeEndpoint(fresh, blocked.id, { value: 'not-eligible.example.jp' });
      const json = await fresh.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf: '2025-12-01' }).expect(200);
      expect(json.body).toMatchObject({
        profile: { key: 'tokutei-tsushin', edition: 'R6.10' },
        asOf: '2025-12-01',
        serviceCount: 2,
        validUntil: '2026-05-31',
      });
      const entries = json.body.entries as { kind: string; value: string }[];
      const values = entries.map((e) => e.value);
      const key = (e: { kind: string; value: string }) => `${e.kind} ${e.value}`;
      expect(entries.map(key)).toEqual(entries.map(key).sort());
      expect(new Set(values).size).toBe(values.length);
      expect(values).not.toContain('not-eligible.example.jp');
      expect(json.body.entries.find((e: { value: string }) => e.value === 'shared.example.jp')).toMatchObject({
        ports: [443, 8443],
        services: [a.service.id, b.service.id].sort(),
      });
      expect(json.body.entries[0]).toMatchObject({ kind: 'cidr', value: '150.95.10.0/24' });
      const txt = await fresh.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf: '2025-12-01', format: 'txt' }).expect(200);
      expect(txt.headers['content-type']).toMatch(/^text\/plain/);
      // the text keeps ports: one destination:port per line, the bare destination when any port
      const lines = (json.body.entries as { value: string; ports: number[] }[]).flatMap((e) =>
        e.ports.length === 0 ? [e.value] : e.ports.map((p) => `${e.value}:${p}`),
      );
      expect(txt.text).toBe(`${lines.join('\n')}\n`);
      expect(txt.text).toContain('shared.example.jp:443\nshared.example.jp:8443\n');
      const later = await fresh.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf: '2026-06-01', format: 'txt' }).expect(200);
      expect(later.text).toBe('');
    } finally {
      await fresh.close();
    }
  });

  it('a retired service is ineligible (SERVICE_RETIRED) in single, bulk and allowlist alike', async () => {
    const fresh = await createTestApp({ clock });
    try {
      const localAudit = await auditor(fresh);
      const kept = await eligibleService(fresh, localAudit);
      const gone = await eligibleService(fresh, localAudit);
      await makeEndpoint(fresh, gone.service.id, { kind: 'fqdn', value: 'retired.example.jp', ports: [443] });
      await fresh.http
        .patch(`/v1/services/${gone.service.id}`)
        .set('If-Match', await etagOf(fresh, `/v1/services/${gone.service.id}`))
        .set(fresh.admin)
        .send({ lifecycleStatus: 'retired' })
        .expect(200);
      const single = await fresh.http.get(`/v1/services/${gone.service.id}/eligibility`).query({ asOf: '2025-12-01' }).expect(200);
      expect(single.body.decision).toBe('ineligible');
      expect(single.body.requirements[0]).toEqual({
        id: 'SERVICE_ACTIVE',
        mandatory: true,
        outcome: 'failed',
        reason: 'SERVICE_RETIRED',
        message: 'The service has been retired (on or before this date).',
        basis: [{ type: 'service', id: gone.service.id }],
        validUntil: null,
      });
      const bulk = await fresh.http.get('/v1/eligibility').query({ asOf: '2025-12-01', decision: 'eligible', limit: 500 }).expect(200);
      expect(bulk.body.items.map((d: { serviceId: string }) => d.serviceId)).toEqual([kept.service.id]);
      const list = await fresh.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf: '2025-12-01' }).expect(200);
      expect(list.body.serviceCount).toBe(1);
      expect(list.body.entries.map((e: { value: string }) => e.value)).not.toContain('retired.example.jp');
    } finally {
      await fresh.close();
    }
  });

  it('lists registrations and assessments whose validity ends within N days, soonest first', async () => {
    const fresh = await createTestApp({ clock });
    try {
      const localAudit = await auditor(fresh);
      const { service, registration, assessment } = await eligibleService(fresh, localAudit);
      const res = await fresh.http.get('/v1/reviews/expiring').query({ within: 90, asOf: '2026-05-02' }).expect(200);
      expect(res.body.items).toEqual([
        { kind: 'assessment', id: assessment.id, serviceId: service.id, validUntil: '2026-05-31', daysLeft: 29 },
        { kind: 'registration', id: registration.id, serviceId: service.id, validUntil: '2026-07-31', daysLeft: 90 },
      ]);
      const narrow = await fresh.http.get('/v1/reviews/expiring').query({ within: 29, asOf: '2026-05-02' }).expect(200);
      expect(narrow.body.items.map((i: { kind: string }) => i.kind)).toEqual(['assessment']);
      const p1 = await fresh.http.get('/v1/reviews/expiring').query({ within: 90, asOf: '2026-05-02', limit: 1 }).expect(200);
      const p2 = await fresh.http
        .get('/v1/reviews/expiring')
        .query({ within: 90, asOf: '2026-05-02', limit: 1, cursor: p1.body.nextCursor })
        .expect(200);
      expect(p2.body.items[0].kind).toBe('registration');
      expect((await fresh.http.get('/v1/reviews/expiring').query({ within: -1 })).status).toBe(400);
    } finally {
      await fresh.close();
    }
  });
});
