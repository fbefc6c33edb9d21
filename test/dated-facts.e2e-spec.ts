// Issue 8, over HTTP on real PostgreSQL: every fact a decision reads is dated, destinations are judged on
// the whole Public Suffix List and routable space, and known future ends shorten "until when".
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions, withDatabase } from '@app/shared';
import { MIGRATIONS } from '../migrations/registry';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { makeEndpoint, makeRegistration, makeService, etagOf } from './support/factories';
import { auditor, eligibleService, findings, publish } from './support/scenarios';

const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));
let t: TestApp;
let audit: Awaited<ReturnType<typeof auditor>>;

beforeAll(async () => {
  t = await createTestApp({ clock });
  audit = await auditor(t);
});
afterAll(() => t.close());

type Decision = {
  decision: string;
  validUntil: string | null;
  requirements: { id: string; outcome: string; reason: string; validUntil: string | null }[];
  warnings: { code: string; validUntil?: string }[];
};
const decide = async (serviceId: string, asOf: string): Promise<Decision> =>
  (await t.http.get(`/v1/services/${serviceId}/eligibility`).query({ asOf }).expect(200)).body;
/** What a decision says, less "until when" (which a known future end rightly shortens). */
const outcomes = (d: Decision) => [d.decision, d.requirements.map((r) => [r.id, r.outcome, r.reason])];
const requirement = (d: Decision, id: string) => d.requirements.find((r) => r.id === id)!;
const allowlisted = async (asOf: string) =>
  ((await t.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf }).expect(200)).body.entries as { value: string }[]).map(
    (e) => e.value,
  );

describe('destinations on the whole Public Suffix List and routable space (findings 1, 2)', () => {
  it.each(['*.s3.amazonaws.com', '*.blob.core.windows.net', '*.amazonaws.com', '*.cloudfront.net', '*.co.jp'])(
    '%s fails DEST_ALLOWLIST and stays out of the allowlist',
    async (value) => {
      const { service } = await eligibleService(t, audit);
      await makeEndpoint(t, service.id, { value, ports: [443] });
      const d = await decide(service.id, '2025-12-01');
      expect(d.decision).toBe('ineligible');
      expect(requirement(d, 'DEST_ALLOWLIST')).toMatchObject({ outcome: 'failed', reason: 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD' });
      expect(await allowlisted('2025-12-01')).not.toContain(value);
    },
  );

  it('a concrete tenant name under a private suffix passes', async () => {
    const { service } = await eligibleService(t, audit);
    await makeEndpoint(t, service.id, { value: 'city-x.s3.ap-northeast-1.amazonaws.com' });
    expect((await decide(service.id, '2025-12-01')).decision).toBe('eligible');
  });

  it.each(['::ffff:0:0/96', '64:ff9b::/96', '::/32', '10.0.0.0/16', '192.168.0.0/16', '100.64.0.0/16'])(
    '%s is special-purpose space and fails',
    async (value) => {
      const { service } = await eligibleService(t, audit);
      await makeEndpoint(t, service.id, { kind: 'cidr', value });
      const d = await decide(service.id, '2025-12-01');
      expect(d.decision).toBe('ineligible');
      expect(requirement(d, 'DEST_ALLOWLIST').outcome).toBe('failed');
    },
  );
});

describe('a known future end shortens "until when" (finding 3)', () => {
  it('a revocation recorded ahead cuts validUntil, warns before and fails from its day; the expiring list agrees', async () => {
    const { service, registration } = await eligibleService(t, audit);
    const reg = await t.http.get(`/v1/registrations/${registration.id}`).expect(200);
    await t.http
      .patch(`/v1/registrations/${registration.id}`)
      .set(t.admin)
      .set('If-Match', reg.headers.etag)
      .send({ status: 'revoked', effectiveOn: '2026-03-01' })
      .expect(200);
    const before = await decide(service.id, '2026-01-15');
    expect(before).toMatchObject({ decision: 'eligible', validUntil: '2026-02-28' });
    expect(before.warnings).toContainEqual(expect.objectContaining({ code: 'EXPIRING_SOON', validUntil: '2026-02-28' }));
    expect((await decide(service.id, '2026-02-28')).decision).toBe('eligible');
    expect(requirement(await decide(service.id, '2026-03-01'), 'ISMAP_REGISTERED')).toMatchObject({
      outcome: 'failed',
      reason: 'REGISTRATION_REVOKED',
    });
    // the registration's own view says the same
    expect((await t.http.get(`/v1/registrations/${registration.id}`).expect(200)).body.validUntil).toBe('2026-02-28');
    const expiring = await t.http.get('/v1/reviews/expiring').query({ asOf: '2026-01-15', within: 90, limit: 500 }).expect(200);
    expect(expiring.body.items).toContainEqual(
      expect.objectContaining({ kind: 'registration', id: registration.id, validUntil: '2026-02-28', daysLeft: 44 }),
    );
  });
});

describe('retirement, destinations and category are dated (finding 4)', () => {
  it('a retirement dated ahead: eligible until the day before, SERVICE_RETIRED from its day, the past unchanged', async () => {
    const { service } = await eligibleService(t, audit);
    const past = await decide(service.id, '2025-12-01');
    const res = await t.http
      .patch(`/v1/services/${service.id}`)
      .set('If-Match', await etagOf(t, `/v1/services/${service.id}`))
      .set(t.admin)
      .send({ lifecycleStatus: 'retired', effectiveOn: '2026-03-01' })
      .expect(200);
    expect(res.body).toMatchObject({ lifecycleStatus: 'active', retiredOn: '2026-03-01' });
    const after = await decide(service.id, '2025-12-01');
    expect(outcomes(after)).toEqual(outcomes(past));
    expect([past.validUntil, after.validUntil]).toEqual(['2026-05-31', '2026-02-28']);
    expect(await decide(service.id, '2026-02-28')).toMatchObject({ decision: 'eligible', validUntil: '2026-02-28' });
    const gone = await decide(service.id, '2026-03-01');
    expect(gone.decision).toBe('ineligible');
    expect(gone.requirements[0]).toMatchObject({ id: 'SERVICE_ACTIVE', outcome: 'failed', reason: 'SERVICE_RETIRED' });
    // a retirement still ahead may be cancelled; once in effect it is history
    clock.set('2026-03-02T03:00:00Z');
    try {
      const undo = await t.http
        .patch(`/v1/services/${service.id}`)
        .set('If-Match', await etagOf(t, `/v1/services/${service.id}`))
        .set(t.admin)
        .send({ lifecycleStatus: 'active' });
      expect(undo.status).toBe(409);
      expect(undo.body.code).toBe('RETIREMENT_IN_EFFECT');
      expect((await t.http.get(`/v1/services/${service.id}`).expect(200)).body.lifecycleStatus).toBe('retired');
    } finally {
      clock.set('2025-12-01T03:00:00Z');
    }
  });

  it('removing a destination ends it: earlier dates keep it, a removal ahead cuts validUntil', async () => {
    const { service, endpoint } = await eligibleService(t, audit);
    const past = await decide(service.id, '2025-12-01');
    await t.http.delete(`/v1/endpoints/${endpoint.id}`).set(t.admin).query({ effectiveOn: '2026-04-01' }).expect(204);
    const listed = await t.http.get(`/v1/services/${service.id}/endpoints`).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: endpoint.id, effectiveOn: '2024-01-01', endedOn: '2026-04-01' })]);
    const after = await decide(service.id, '2025-12-01');
    expect(outcomes(after)).toEqual(outcomes(past));
    expect(after.validUntil).toBe('2026-03-31');
    expect(requirement(after, 'DEST_ALLOWLIST').validUntil).toBe('2026-03-31');
    expect(requirement(await decide(service.id, '2026-04-01'), 'DEST_ALLOWLIST')).toMatchObject({
      outcome: 'missing',
      reason: 'NO_DESTINATIONS',
    });
    expect(await allowlisted('2026-03-31')).toContain(endpoint.value);
    expect(await allowlisted('2026-04-01')).not.toContain(endpoint.value);
    // the same destination may be declared again once ended
    await makeEndpoint(t, service.id, { value: endpoint.value as string, effectiveOn: '2026-05-01' });
  });

  it('a category change dated ahead: the old category until the day before, the new one from its day', async () => {
    const { service } = await eligibleService(t, audit);
    const res = await t.http
      .patch(`/v1/services/${service.id}`)
      .set('If-Match', await etagOf(t, `/v1/services/${service.id}`))
      .set(t.admin)
      .send({ category: 'business_application', effectiveOn: '2026-04-01' })
      .expect(200);
    expect(res.body.category).toBe('web_conferencing');
    expect(res.body.categoryHistory).toEqual([
      { category: 'web_conferencing', effectiveOn: null, fileImportMethods: [] },
      { category: 'business_application', effectiveOn: '2026-04-01', fileImportMethods: [] },
    ]);
    expect(await decide(service.id, '2026-03-31')).toMatchObject({ decision: 'eligible', validUntil: '2026-03-31' });
    expect(requirement(await decide(service.id, '2026-04-01'), 'SERVICE_CATEGORY_ALLOWED')).toMatchObject({
      outcome: 'failed',
      reason: 'CATEGORY_NOT_ALLOWED',
    });
    // the list filters on the category in force today
    const today = await t.http.get('/v1/services').query({ category: 'web_conferencing', limit: 500 }).expect(200);
    expect(today.body.items.map((s: { id: string }) => s.id)).toContain(service.id);
  });

  it('single, bulk and allowlist agree on a registry of mixed cases, for every date', async () => {
    const fresh = await createTestApp({ clock });
    try {
      const a = await auditor(fresh);
      const ok = await eligibleService(fresh, a);
      const retiring = await eligibleService(fresh, a);
      await fresh.http
        .patch(`/v1/services/${retiring.service.id}`)
        .set('If-Match', await etagOf(fresh, `/v1/services/${retiring.service.id}`))
        .set(fresh.admin)
        .send({ lifecycleStatus: 'retired', effectiveOn: '2026-01-01' });
      const leaving = await eligibleService(fresh, a);
      await fresh.http.delete(`/v1/endpoints/${leaving.endpoint.id}`).set(fresh.admin).query({ effectiveOn: '2026-02-01' }).expect(204);
      const broad = await eligibleService(fresh, a);
      await makeEndpoint(fresh, broad.service.id, { value: '*.cloudfront.net' });
      await makeService(fresh);
      for (const asOf of ['2025-12-01', '2025-12-31', '2026-01-01', '2026-01-31', '2026-02-01', '2026-06-01']) {
        const bulk = (await fresh.http.get('/v1/eligibility').query({ asOf, limit: 500 }).expect(200)).body.items as {
          serviceId: string;
          decision: string;
        }[];
        for (const item of bulk) {
          const single = (await fresh.http.get(`/v1/services/${item.serviceId}/eligibility`).query({ asOf }).expect(200)).body;
          expect(single).toEqual(item);
        }
        const eligible = new Set(bulk.filter((d) => d.decision === 'eligible').map((d) => d.serviceId));
        const list = (await fresh.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf }).expect(200)).body;
        expect(list.serviceCount).toBe(eligible.size);
        expect(new Set(list.entries.flatMap((e: { services: string[] }) => e.services))).toEqual(eligible);
      }
      expect(ok.service.id).toBeDefined();
    } finally {
      await fresh.close();
    }
  });
});

describe('findings that need a person to read them (finding 7, finding 6)', () => {
  it('not_applicable needs a justification (400 without), and on a mandatory requirement warns NOT_APPLICABLE_CLAIMED', async () => {
    const { service } = await eligibleService(t, audit);
    const bare = findings({ MFA: 'not_applicable' }).map((f) => ({ ...f, justification: undefined }));
    const refused = await t.http
      .post(`/v1/services/${service.id}/assessments`)
      .set(audit.header)
      .send({
        profile: 'tokutei-tsushin',
        assessor: { organization: audit.organization },
        performedOn: '2025-07-01',
        validUntil: '2026-05-31',
        findings: bare,
      });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual({
      pointer: '/findings/2/justification',
      detail: 'not_applicable needs a written justification',
    });
    const published = await publish(t, service.id, audit, { performedOn: '2025-07-01', findings: findings({ MFA: 'not_applicable' }) });
    expect((published.findings as { requirementId: string; justification: string | null }[])[2]).toMatchObject({
      requirementId: 'MFA',
      justification: 'MFA does not apply to this service',
    });
    const d = await decide(service.id, '2025-12-01');
    expect(d.decision).toBe('eligible');
    expect(d.warnings).toContainEqual({
      code: 'NOT_APPLICABLE_CLAIMED',
      requirementId: 'MFA',
      message:
        'A mandatory requirement was found not applicable. Read the auditor’s justification. Requirement: Staff accounts can use multi-factor authentication.',
    });
  });

  it('a successor voided from its start supersedes nothing, and the predecessor may be superseded again', async () => {
    const { service, assessment } = await eligibleService(t, audit);
    const successor = await publish(t, service.id, audit, { performedOn: '2025-09-01', supersedes: assessment.id });
    await t.http.post(`/v1/assessments/${successor.id}/revoke`).set(audit.header).send({ reason: '誤登録' }).expect(200);
    expect((await t.http.get(`/v1/assessments/${assessment.id}`).expect(200)).body).toMatchObject({
      status: 'published',
      supersededBy: null,
    });
    const next = await publish(t, service.id, audit, { performedOn: '2025-10-01', supersedes: assessment.id });
    expect((await t.http.get(`/v1/assessments/${assessment.id}`).expect(200)).body.supersededBy).toBe(next.id);
  });
});

describe('confirmations and renewal filings are dated facts (finding 5)', () => {
  const patch = async (registrationId: string, body: object) => {
    const current = await t.http.get(`/v1/registrations/${registrationId}`).expect(200);
    return t.http.patch(`/v1/registrations/${registrationId}`).set(t.admin).set('If-Match', current.headers.etag).send(body);
  };

  it('an LGWAN-ASP confirmation dated after D does not count on D', async () => {
    const service = await makeService(t);
    const reg = await makeRegistration(t, service.id, {
      scheme: 'LGWAN_ASP',
      registrationNumber: `A-${Date.now()}`,
      registeredOn: '2023-01-01',
      auditPeriodEnd: undefined,
      lastConfirmedOn: '2023-01-01',
    });
    expect((await patch(reg.id, { lastConfirmedOn: '2025-11-01', effectiveOn: '2025-11-01' })).status).toBe(200);
    const on = async (asOf: string) =>
      (await t.http.get(`/v1/services/${service.id}/eligibility`).query({ asOf, profile: 'lgwan-asp' }).expect(200)).body as Decision;
    expect((await on('2025-06-01')).warnings.map((w) => w.code)).toContain('STALE_CONFIRMATION');
    expect((await on('2025-11-01')).warnings.map((w) => w.code)).not.toContain('STALE_CONFIRMATION');
  });

  it('a renewal filing recorded late counts from its filing date', async () => {
    clock.set('2026-08-10T03:00:00Z');
    try {
      const { service, registration } = await eligibleService(t, audit);
      const res = await patch(registration.id, { status: 'renewal_pending', renewalFiledOn: '2026-07-15' });
      expect(res.status).toBe(200);
      // validity ended 2026-07-31; the filing (2026-07-15) was in time, so 2026-08-01 is in grace
      const d = await decide(service.id, '2026-08-01');
      expect(requirement(d, 'ISMAP_REGISTERED')).toMatchObject({ outcome: 'satisfied', reason: 'REGISTRATION_RENEWAL_PENDING' });
      expect(d.warnings.map((w) => w.code)).toContain('RENEWAL_PENDING');
    } finally {
      clock.set('2025-12-01T03:00:00Z');
    }
  });
});

describe('a registration shows "until when" as soon as it is known (finding 7)', () => {
  it('before its registeredOn', async () => {
    const service = await makeService(t);
    const future = await makeRegistration(t, service.id, { registeredOn: '2026-06-01', auditPeriodEnd: '2026-03-31' });
    expect(future).toMatchObject({ validUntil: '2027-07-31', inEffect: false });
  });
});

describe('credentials and usages are for local governments only (finding 7)', () => {
  it('refuses a designated-city ward code with a 400 naming its city, for credentials and usages', async () => {
    const credential = await t.http
      .post('/v1/api-keys')
      .set(t.admin)
      .send({ name: 'ward', role: 'municipality', municipalityCode: '011011' });
    expect(credential.status).toBe(400);
    expect(credential.body).toMatchObject({ code: 'NOT_A_LOCAL_GOVERNMENT', errors: [{ pointer: '/municipalityCode' }] });
    expect(credential.body.detail).toContain('011002');
    const { service } = await eligibleService(t, audit);
    const usage = await t.http
      .post('/v1/municipalities/011011/usages')
      .set(t.admin)
      .send({ serviceId: service.id, profile: 'tokutei-tsushin' });
    expect(usage.status).toBe(400);
    expect(usage.body.code).toBe('NOT_A_LOCAL_GOVERNMENT');
    await t.http
      .post('/v1/municipalities/011002/usages')
      .set(t.admin)
      .send({ serviceId: service.id, profile: 'tokutei-tsushin' })
      .expect(201);
  });
});

describe('the migration carries the previous schema’s data over', () => {
  it('keeps retired services retired from their last change, and destinations in force from their creation day', async () => {
    const admin = process.env.TEST_DATABASE_URL!;
    const name = `${process.env.REGISTRY_TEST_RUN ?? 'tlocal'}_migr_${Date.now().toString(36)}`;
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    const url = withDatabase(admin, name);
    const index = MIGRATIONS.findIndex((m) => m.name.startsWith('DateCatalogFacts'));
    try {
      const previous = new DataSource(databaseOptions(url, [], MIGRATIONS.slice(0, index)));
      await previous.initialize();
      await previous.runMigrations({ transaction: 'each' });
      await previous.query(`INSERT INTO providers (id, name, search_text) VALUES ('00000000-0000-4000-8000-000000000001', 'P', 'p')`);
      await previous.query(
        `INSERT INTO services (id, provider_id, name, category, lifecycle_status, search_text, created_at, updated_at) VALUES
         ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', 'A', 'chat', 'active', 'a', '2025-01-10T00:00:00Z', '2025-01-10T00:00:00Z'),
         ('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-000000000001', 'B', 'chat', 'retired', 'b', '2025-01-10T00:00:00Z', '2025-08-31T16:00:00Z')`,
      );
      await previous.query(
        `INSERT INTO endpoints (service_id, kind, value, ports, created_at) VALUES
         ('00000000-0000-4000-8000-0000000000a1', 'fqdn', 'a.example.jp', '{443}', '2025-03-31T15:30:00Z')`,
      );
      await previous.destroy();

      const current = new DataSource(databaseOptions(url, [], MIGRATIONS));
      await current.initialize();
      await current.runMigrations({ transaction: 'each' });
      const services = await current.query<{ id: string; retired_on: string | null; category: string }[]>(
        `SELECT id, to_char(retired_on, 'YYYY-MM-DD') AS retired_on, category FROM services ORDER BY id`,
      );
      // 2025-08-31T16:00Z is 2025-09-01 in Asia/Tokyo
      expect(services).toEqual([
        { id: '00000000-0000-4000-8000-0000000000a1', retired_on: null, category: 'chat' },
        { id: '00000000-0000-4000-8000-0000000000a2', retired_on: '2025-09-01', category: 'chat' },
      ]);
      const endpoints = await current.query(`SELECT value, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, ended_on FROM endpoints`);
      expect(endpoints).toEqual([{ value: 'a.example.jp', effective_on: '2025-04-01', ended_on: null }]);
      await current.destroy();
    } finally {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    }
  });
});
