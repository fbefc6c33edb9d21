/**
 * Issue 13: file-import controls judged against a benchmark, the municipality's own context, edition
 * impact and the outlook — through the public HTTP API against real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { etagOf, makeCredential, makeEndpoint, makeRegistration, makeService } from './support/factories';
import ICAL from 'ical.js';
import { auditor, eligibleService, findings, publish, SHA } from './support/scenarios';

let t: TestApp;
let audit: Awaited<ReturnType<typeof auditor>>;
const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  audit = await auditor(t, 'ファイル取込み評価機関');
});
afterAll(async () => {
  await t?.close();
});

const evidence = (name: string) => [{ uri: `https://evidence.example.jp/fic/${name}.pdf`, sha256: SHA }];

/** A file-import-control product declaring `methods`, assessed on 2025-06-01 (valid through 2026-05-31). */
async function ficProduct(methods: string[], benchmark: { engines?: number; rate?: number; corpus?: string }) {
  const service = await makeService(t, { category: 'file_import_control', fileImportMethods: methods });
  const measurements = [
    ...(benchmark.engines === undefined ? [] : [{ measure: 'independentEngines', value: benchmark.engines }]),
    ...(benchmark.rate === undefined
      ? []
      : [{ measure: 'detectionRatePercent', value: benchmark.rate, corpus: benchmark.corpus ?? 'FIC-BENCH-2024' }]),
  ];
  const res = await t.http
    .post(`/v1/services/${service.id}/assessments`)
    .set(audit.header)
    .send({
      profile: 'file-import-control',
      assessor: { organization: audit.organization },
      performedOn: '2025-06-01',
      validUntil: '2026-05-31',
      findings: [
        { requirementId: 'FIC_MULTI_SCAN_BENCHMARK', outcome: 'met', measurements, evidence: evidence('scan') },
        { requirementId: 'FIC_ORIGINAL_PRESERVED', outcome: 'met', evidence: evidence('original') },
        { requirementId: 'FIC_IMPORT_LOGGING', outcome: 'met', evidence: evidence('logging') },
      ],
    });
  expect(res.status).toBe(201);
  return { service, assessment: res.body as { id: string; findings: { measurements: unknown[] }[] } };
}

const ficDecision = async (serviceId: string, asOf = '2025-12-01') =>
  (await t.http.get(`/v1/services/${serviceId}/eligibility?profile=file-import-control&asOf=${asOf}`).expect(200)).body as {
    decision: string;
    validUntil: string | null;
    requirements: { id: string; outcome: string; reason: string }[];
  };

describe('file-import controls judged against the benchmark', () => {
  it('a multi-scan product with findings below the threshold is ineligible with the reason', async () => {
    const { service } = await ficProduct(['multi_scan'], { engines: 2, rate: 99.5 });
    const d = await ficDecision(service.id);
    expect(d.decision).toBe('ineligible');
    expect(d.requirements.find((r) => r.id === 'FIC_MULTI_SCAN_BENCHMARK')).toMatchObject({ outcome: 'failed', reason: 'BELOW_THRESHOLD' });
  });

  it('exactly at the thresholds (3 engines, 99 % on the named corpus) is eligible until the evidence ends', async () => {
    const { service, assessment } = await ficProduct(['multi_scan'], { engines: 3, rate: 99 });
    expect(assessment.findings[0].measurements).toEqual([
      { measure: 'independentEngines', value: 3 },
      { measure: 'detectionRatePercent', value: 99, corpus: 'FIC-BENCH-2024' },
    ]);
    const d = await ficDecision(service.id);
    expect(d).toMatchObject({ decision: 'eligible', validUntil: '2026-05-31' });
    expect(d.requirements.map((r) => [r.id, r.outcome, r.reason])).toEqual([
      ['SERVICE_CATEGORY_ALLOWED', 'satisfied', 'CATEGORY_ALLOWED'],
      ['FIC_METHOD_DECLARED', 'satisfied', 'METHOD_ACCEPTED'],
      ['FIC_MULTI_SCAN_BENCHMARK', 'satisfied', 'FINDING_MET'],
      ['FIC_SANDBOX_EVASION_TESTED', 'not_applicable', 'METHOD_NOT_USED'],
      ['FIC_ORIGINAL_PRESERVED', 'satisfied', 'FINDING_MET'],
      ['FIC_IMPORT_LOGGING', 'satisfied', 'FINDING_MET'],
    ]);
  });

  it('a detection rate measured on another corpus is missing evidence (indeterminate), not a pass', async () => {
    const { service } = await ficProduct(['multi_scan'], { engines: 4, rate: 100, corpus: 'vendor-own-samples' });
    const d = await ficDecision(service.id);
    expect(d.decision).toBe('indeterminate');
    expect(d.requirements.find((r) => r.id === 'FIC_MULTI_SCAN_BENCHMARK')).toMatchObject({
      outcome: 'missing',
      reason: 'MEASUREMENT_MISSING',
    });
  });

  it('the method is a dated fact: adding a sandbox from 2026-01-01 needs the evasion test from that day only', async () => {
    const { service } = await ficProduct(['multi_scan'], { engines: 3, rate: 99.2 });
    const etag = (await t.http.get(`/v1/services/${service.id}`)).headers.etag;
    const patched = await t.http
      .patch(`/v1/services/${service.id}`)
      .set(t.admin)
      .set('If-Match', etag)
      .send({ fileImportMethods: ['sandbox', 'multi_scan'], effectiveOn: '2026-01-01' })
      .expect(200);
    expect(patched.body.fileImportMethods).toEqual(['multi_scan']);
    expect(patched.body.categoryHistory.at(-1)).toEqual({
      category: 'file_import_control',
      effectiveOn: '2026-01-01',
      fileImportMethods: ['multi_scan', 'sandbox'],
    });
    expect((await ficDecision(service.id, '2025-12-31')).decision).toBe('eligible');
    const after = await ficDecision(service.id, '2026-01-01');
    expect(after.decision).toBe('indeterminate');
    expect(after.requirements.find((r) => r.id === 'FIC_SANDBOX_EVASION_TESTED')).toMatchObject({
      outcome: 'missing',
      reason: 'NO_FINDING',
    });
  });

  it('an undeclared method leaves the product indeterminate; an unknown one makes it ineligible', async () => {
    const none = await makeService(t, { category: 'file_import_control' });
    expect((await ficDecision(none.id)).requirements.find((r) => r.id === 'FIC_METHOD_DECLARED')).toMatchObject({
      outcome: 'missing',
      reason: 'METHOD_NOT_DECLARED',
    });
    const odd = await makeService(t, { category: 'file_import_control', fileImportMethods: ['vendor_magic'] });
    expect((await ficDecision(odd.id)).decision).toBe('ineligible');
    expect(
      (
        await t.http
          .post('/v1/services')
          .set(t.admin)
          .send({ providerId: none.providerId, name: 'x', category: 'other', fileImportMethods: ['Bad Key'] })
      ).status,
    ).toBe(400);
  });

  it('thresholds come from profile data: an admin edition with a threshold that is not a number is a 400', async () => {
    const profile = (await t.http.get('/v1/profiles/file-import-control?edition=R6.10').expect(200)).body as Record<string, unknown>;
    const requirements = profile.requirements as { params: Record<string, unknown> }[];
    requirements[2].params = { appliesToMethods: ['multi_scan'], thresholds: [{ measure: 'independentEngines', min: 'three' }] };
    const res = await t.http
      .post('/v1/profiles')
      .set(t.admin)
      .send({ ...profile, edition: 'R9.bad', effectiveFrom: '2027-04-01' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('/requirements/2/params/thresholds/0/min');
  });
});

type Status = {
  id: string;
  status: string;
  reason: string;
  basis: { type: string; id: string; serviceId?: string }[];
  validUntil: string | null;
  message?: string;
};

async function setContext(code: string, body: { networkModel?: string | null; breakoutPoint?: string | null }) {
  const res = await t.http
    .patch(`/v1/municipalities/${code}`)
    .set(t.admin)
    .set('If-Match', await etagOf(t, `/v1/municipalities/${code}`))
    .send(body);
  expect(res.status).toBe(200);
  return res.body as { networkModel: string | null; breakoutPoint: string | null };
}

const statuses = async (serviceId: string, code: string, auth?: { Authorization: string }, asOf = '2025-12-01') => {
  const req = t.http.get(`/v1/services/${serviceId}/eligibility`).query({ municipality: code, asOf });
  const res = await (auth ? req.set(auth) : req);
  expect(res.status).toBe(200);
  return res as typeof res & { body: { decision: string; municipality: { view: string; obligations: Status[] } } };
};
const byId = (list: Status[]) => Object.fromEntries(list.map((s) => [s.id, s]));

describe('the municipality context: obligation statuses per municipality', () => {
  // 函館市 α with its own firewall, 小樽市 β' breaking out at the security cloud
  const ALPHA = '012025';
  const BETA_PRIME = '012033';
  let service: { id: string };
  let product: { id: string };
  let alphaKey: { header: { Authorization: string } };

  beforeAll(async () => {
    service = (await eligibleService(t, await auditor(t))).service;
    product = (await ficProduct(['multi_scan', 'sanitization'], { engines: 3, rate: 99.4 })).service;
    expect(await setContext(ALPHA, { networkModel: 'alpha', breakoutPoint: 'own_firewall' })).toMatchObject({
      networkModel: 'alpha',
      breakoutPoint: 'own_firewall',
    });
    await setContext(BETA_PRIME, { networkModel: 'beta_prime', breakoutPoint: 'security_cloud' });
    alphaKey = await makeCredential(t, 'municipality', { municipalityCode: ALPHA });
    await t.http
      .post(`/v1/municipalities/${ALPHA}/usages`)
      .set(alphaKey.header)
      .send({ serviceId: product.id, profile: 'file-import-control', purpose: 'ファイル取込み' })
      .expect(201);
    await t.http
      .post(`/v1/municipalities/${ALPHA}/measures`)
      .set(alphaKey.header)
      .send({ measure: 'LBO_RISK_ASSESSMENT', effectiveOn: '2025-10-01', validUntil: '2026-09-30', note: '庁内で実施' })
      .expect(201);
  });

  it('a municipality using an eligible file-import-control product sees FILE_IMPORT_CONTROL met until that product’s validUntil', async () => {
    const res = await statuses(service.id, ALPHA, alphaKey.header);
    const plain = (await t.http.get(`/v1/services/${service.id}/eligibility`).query({ asOf: '2025-12-01' }).expect(200)).body as Record<
      string,
      unknown
    >;
    const { municipality, ...decision } = res.body;
    expect(decision).toEqual(plain); // the service decision is unchanged
    expect(municipality).toMatchObject({ code: ALPHA, networkModel: 'alpha', breakoutPoint: 'own_firewall', view: 'private' });
    const s = byId(municipality.obligations);
    expect(s.FILE_IMPORT_CONTROL).toMatchObject({ status: 'met', reason: 'ELIGIBLE_USAGE', validUntil: '2026-05-31' });
    expect(s.FILE_IMPORT_CONTROL.basis[0].serviceId).toBe(product.id);
    expect(s.LBO_RISK_ASSESSMENT).toMatchObject({ status: 'met', reason: 'MEASURE_IN_EFFECT', validUntil: '2026-09-30' });
    expect(s.ENDPOINT_EDR).toMatchObject({ status: 'not_required', reason: 'NOT_REQUIRED_UNDER_MODEL' });
    expect(s.OUTBOUND_ONLY).toMatchObject({ status: 'open', reason: 'MEASURE_ABSENT' });
  });

  it("a β' municipality and an α municipality get different statuses for the same service and date, from profile data alone", async () => {
    const alpha = byId((await statuses(service.id, ALPHA, t.admin)).body.municipality.obligations);
    const betaPrime = byId((await statuses(service.id, BETA_PRIME, t.admin)).body.municipality.obligations);
    expect(Object.fromEntries(Object.entries(alpha).map(([k, v]) => [k, v.status]))).toEqual({
      FILE_IMPORT_CONTROL: 'met',
      ENDPOINT_EDR: 'not_required',
      OUTBOUND_ONLY: 'open',
      LBO_RISK_ASSESSMENT: 'met',
    });
    expect(Object.fromEntries(Object.entries(betaPrime).map(([k, v]) => [k, v.status]))).toEqual({
      FILE_IMPORT_CONTROL: 'not_required',
      ENDPOINT_EDR: 'open',
      OUTBOUND_ONLY: 'open',
      LBO_RISK_ASSESSMENT: 'not_required',
    });
    // a measure recorded by β' meets its EDR obligation from its date on
    await t.http
      .post(`/v1/municipalities/${BETA_PRIME}/measures`)
      .set(t.admin)
      .send({ measure: 'EDR_DEPLOYED', effectiveOn: '2025-11-15' })
      .expect(201);
    expect(byId((await statuses(service.id, BETA_PRIME, t.admin)).body.municipality.obligations).ENDPOINT_EDR).toMatchObject({
      status: 'met',
      validUntil: null,
    });
    expect(byId((await statuses(service.id, BETA_PRIME, t.admin, '2025-11-14')).body.municipality.obligations).ENDPOINT_EDR.status).toBe(
      'open',
    );
  });

  it('the public (and other municipalities) see only whether each obligation applies; caching is per caller', async () => {
    const anon = await statuses(service.id, ALPHA);
    expect(anon.body.municipality.view).toBe('public');
    expect(byId(anon.body.municipality.obligations).FILE_IMPORT_CONTROL).toEqual({
      id: 'FILE_IMPORT_CONTROL',
      title: expect.any(String),
      status: 'required',
      reason: 'REQUIRED',
      basis: [],
      validUntil: null,
      message: 'Required of this municipality (whether it is met is shown to the municipality and administrators only).',
    });
    const inJapanese = await t.http
      .get(`/v1/services/${service.id}/eligibility`)
      .query({ municipality: ALPHA, asOf: '2025-12-01' })
      .set('Accept-Language', 'ja')
      .expect(200);
    expect(byId(inJapanese.body.municipality.obligations).FILE_IMPORT_CONTROL.message).toMatch(/^この団体に求められる条件です/);
    const other = await makeCredential(t, 'municipality', { municipalityCode: BETA_PRIME });
    expect((await statuses(service.id, ALPHA, other.header)).body.municipality.view).toBe('public');
    const own = await statuses(service.id, ALPHA, alphaKey.header);
    expect(own.headers.etag).not.toBe(anon.headers.etag);
    expect(own.headers['cache-control']).toMatch(/^private/);
    expect(own.headers.vary).toMatch(/Authorization/);
    expect(anon.headers['cache-control']).toMatch(/^public/);
    // the same request again is deterministic, and revalidates per caller
    expect((await statuses(service.id, ALPHA, alphaKey.header)).body).toEqual(own.body);
    const again = await t.http
      .get(`/v1/services/${service.id}/eligibility`)
      .query({ municipality: ALPHA, asOf: '2025-12-01' })
      .set(alphaKey.header)
      .set('If-None-Match', own.headers.etag);
    expect(again.status).toBe(304);
    const crossed = await t.http
      .get(`/v1/services/${service.id}/eligibility`)
      .query({ municipality: ALPHA, asOf: '2025-12-01' })
      .set('If-None-Match', own.headers.etag);
    expect(crossed.status).toBe(200);
  });

  it('a credential counts only with municipality=: a revoked or unknown key is 401 there, and ignored on the public decision (cached or not)', async () => {
    const key = await makeCredential(t, 'municipality', { municipalityCode: ALPHA });
    await t.http
      .delete(`/v1/api-keys/${key.id}`)
      .set(t.admin)
      .set('If-Match', await etagOf(t, `/v1/api-keys/${key.id}`))
      .expect(204);
    const path = `/v1/services/${service.id}/eligibility`;
    expect((await t.http.get(path).query({ municipality: ALPHA, asOf: '2025-12-01' }).set(key.header)).status).toBe(401);
    const anon = await t.http.get(path).query({ asOf: '2025-12-02' }).expect(200);
    for (let i = 0; i < 2; i++) {
      // the first answer computes, the second comes from the cached bytes: both ignore the credential
      const res = await t.http.get(path).query({ asOf: '2025-12-02' }).set(key.header).expect(200);
      expect(res.text).toBe(anon.text);
    }
  });

  it('measures are the municipality’s own: others get 403, bad codes 400, unknown codes 404', async () => {
    const other = await makeCredential(t, 'municipality', { municipalityCode: BETA_PRIME });
    expect(
      (
        await t.http
          .post(`/v1/municipalities/${ALPHA}/measures`)
          .set(other.header)
          .send({ measure: 'EDR_DEPLOYED', effectiveOn: '2025-01-01' })
      ).status,
    ).toBe(403);
    expect((await t.http.get(`/v1/municipalities/${ALPHA}/measures`).set(other.header)).status).toBe(403);
    const list = await t.http.get(`/v1/municipalities/${ALPHA}/measures`).set(alphaKey.header).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ measure: 'LBO_RISK_ASSESSMENT', effectiveOn: '2025-10-01', validUntil: '2026-09-30' }),
    ]);
    expect(
      (
        await t.http
          .post(`/v1/municipalities/${ALPHA}/measures`)
          .set(alphaKey.header)
          .send({ measure: 'EDR_DEPLOYED', effectiveOn: '2025-05-01', validUntil: '2025-04-30' })
      ).status,
    ).toBe(400);
    expect((await t.http.get(`/v1/services/${service.id}/eligibility`).query({ municipality: '012026' })).status).toBe(400);
    expect((await t.http.get(`/v1/services/${service.id}/eligibility`).query({ municipality: '011011' })).body.code).toBe(
      'NOT_A_LOCAL_GOVERNMENT',
    );
    expect((await setContext(ALPHA, { breakoutPoint: 'security_cloud' })).networkModel).toBe('alpha');
    expect(byId((await statuses(service.id, ALPHA, t.admin)).body.municipality.obligations).LBO_RISK_ASSESSMENT.status).toBe(
      'not_required',
    );
    await setContext(ALPHA, { breakoutPoint: 'own_firewall' });
  });
});

interface OutlookItem {
  date: string;
  kind: string;
  summary: string;
  profile: string | null;
  edition: string | null;
  serviceId: string | null;
  usageId: string | null;
  subject: string | null;
  reason: string | null;
  services: string[];
}

describe('edition preview, impact and the outlook', () => {
  const CODE = '012041'; // 旭川市
  let strictLaw: { id: string };
  let allMet: { id: string };
  let own: { header: { Authorization: string } };

  beforeAll(async () => {
    const audit2 = await auditor(t, 'ISMAP監査機関B');
    // eligible today under R6.10 although governing law is not disclosed (only recommended there)
    strictLaw = await makeService(t, { category: 'web_conferencing' });
    await makeRegistration(t, strictLaw.id, { registeredOn: '2025-05-01', auditPeriodEnd: '2025-03-31' });
    await makeEndpoint(t, strictLaw.id);
    await publish(t, strictLaw.id, audit2, { findings: findings({ GOV_LAW_JURISDICTION: 'not_met' }) });
    allMet = (await eligibleService(t, audit2)).service;
    own = await makeCredential(t, 'municipality', { municipalityCode: CODE });
    await setContext(CODE, { networkModel: 'alpha', breakoutPoint: 'security_cloud' });
    for (const serviceId of [strictLaw.id, allMet.id]) {
      await t.http.post(`/v1/municipalities/${CODE}/usages`).set(own.header).send({ serviceId, profile: 'tokutei-tsushin' }).expect(201);
    }
    // the administrator publishes next April's edition ahead: governing law becomes mandatory
    const current = (await t.http.get('/v1/profiles/tokutei-tsushin?edition=R6.10').expect(200)).body as {
      requirements: { id: string; mandatory: boolean }[];
    } & Record<string, unknown>;
    const requirements = current.requirements.map((r) => (r.id === 'GOV_LAW_JURISDICTION' ? { ...r, mandatory: true } : r));
    await t.http
      .post('/v1/profiles')
      .set(t.admin)
      .send({ ...current, edition: 'R7.04', effectiveFrom: '2026-04-01', requirements })
      .expect(201);
  });

  it('the impact list names exactly the services the stricter requirement flips, with the requirement as the cause', async () => {
    const res = await t.http.get('/v1/profiles/tokutei-tsushin/editions/R7.04/impact').query({ asOf: '2026-04-01' }).expect(200);
    expect(res.body).toMatchObject({
      profile: { key: 'tokutei-tsushin', edition: 'R7.04' },
      baseline: { edition: 'R6.10' },
      effectiveFrom: '2026-04-01',
    });
    const services = res.body.services as {
      serviceId: string;
      from: { decision: string };
      to: { decision: string };
      causes: { requirementId: string }[];
    }[];
    expect(services.map((s) => s.serviceId)).toContain(strictLaw.id);
    expect(services.map((s) => s.serviceId)).not.toContain(allMet.id);
    for (const s of services) expect(s.causes.map((c) => c.requirementId)).toEqual(['GOV_LAW_JURISDICTION']);
    expect(services.find((s) => s.serviceId === strictLaw.id)).toMatchObject({
      from: { decision: 'eligible' },
      to: { decision: 'ineligible' },
    });
    // decisions before April are untouched; from April the new edition decides
    expect((await t.http.get(`/v1/services/${strictLaw.id}/eligibility`).query({ asOf: '2026-03-31' }).expect(200)).body.decision).toBe(
      'eligible',
    );
    expect((await t.http.get(`/v1/services/${strictLaw.id}/eligibility`).query({ asOf: '2026-04-01' }).expect(200)).body).toMatchObject({
      decision: 'ineligible',
      profile: { edition: 'R7.04' },
    });
    expect((await t.http.get('/v1/profiles/tokutei-tsushin/editions/R9.99/impact')).status).toBe(404);
  });

  it('the outlook lists what is coming, dated and ordered, with the flip in the affected municipality only', async () => {
    const res = await t.http.get(`/v1/municipalities/${CODE}/outlook`).query({ until: '2026-12-31' }).set(own.header).expect(200);
    expect(res.body).toMatchObject({ code: CODE, asOf: '2025-12-01', until: '2026-12-31', view: 'private' });
    const items = res.body.items as OutlookItem[];
    const dates = items.map((i) => i.date);
    expect(dates).toEqual([...dates].sort());
    const flip = items.find((i) => i.kind === 'edition_effective' && i.profile === 'tokutei-tsushin')!;
    expect(flip).toMatchObject({ date: '2026-04-01', edition: 'R7.04', services: [strictLaw.id] });
    expect(items).toContainEqual(expect.objectContaining({ date: '2026-05-31', kind: 'usage_expiry', serviceId: allMet.id }));
    expect(items).toContainEqual(
      expect.objectContaining({ date: '2026-07-31', kind: 'renewal_deadline', serviceId: allMet.id, reason: 'ISMAP_REGISTERED' }),
    );
    // α: file import control is required and nothing meets it yet
    expect(items).toContainEqual(expect.objectContaining({ date: '2025-12-01', kind: 'obligation_open', subject: 'FILE_IMPORT_CONTROL' }));
    // a municipality that does not use the service sees the edition date, not a flip
    const other = await t.http.get('/v1/municipalities/012025/outlook').query({ until: '2026-12-31' }).set(t.admin).expect(200);
    expect(
      (other.body.items as OutlookItem[]).find((i) => i.kind === 'edition_effective' && i.profile === 'tokutei-tsushin'),
    ).toMatchObject({ services: [] });
    // the public sees the edition dates only
    const pub = await t.http.get(`/v1/municipalities/${CODE}/outlook`).query({ until: '2026-12-31' }).expect(200);
    expect(pub.body.view).toBe('public');
    expect((pub.body.items as OutlookItem[]).map((i) => [i.kind, i.services])).toEqual([['edition_effective', []]]);
    expect((await t.http.get(`/v1/municipalities/${CODE}/outlook`).query({ until: '2025-01-01' })).status).toBe(400);
    expect((await t.http.get('/v1/municipalities/012026/outlook')).status).toBe(400);
  });

  it('the outlook as iCalendar parses with a standard library: one all-day event per item', async () => {
    const json = (await t.http.get(`/v1/municipalities/${CODE}/outlook`).query({ until: '2026-12-31' }).set(own.header).expect(200))
      .body as {
      items: OutlookItem[];
    };
    const res = await t.http
      .get(`/v1/municipalities/${CODE}/outlook`)
      .query({ until: '2026-12-31', format: 'ics' })
      .set(own.header)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const text = res.text;
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(json.items.length);
    const flip = events.find((e) => e.summary.includes('R7.04'))!;
    expect(flip.startDate.isDate).toBe(true);
    expect(flip.startDate.toString()).toBe('2026-04-01');
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    // deterministic: the same outlook gives the same bytes
    expect(
      (await t.http.get(`/v1/municipalities/${CODE}/outlook`).query({ until: '2026-12-31', format: 'ics' }).set(own.header)).text,
    ).toBe(text);
  });
});
