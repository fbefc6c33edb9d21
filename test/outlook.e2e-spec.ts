/**
 * Issue 13: file-import controls judged against a benchmark, the municipality's own context, edition
 * impact and the outlook — through the public HTTP API against real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { makeService } from './support/factories';
import { auditor, SHA } from './support/scenarios';

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
