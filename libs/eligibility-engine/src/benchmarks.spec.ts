/**
 * File-import controls judged against a benchmark (issue 13): the `method` requirement, attestations
 * that apply to one method only, and numeric thresholds from profile data — each rule as a table,
 * with the values exactly at, just below and just above the threshold and the dates around a change.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide, judgeThresholds, methodsOn } from './engine';
import { parseProfileFile, ProfileFileError } from './profile-file';
import type { AssessmentFacts, Measurement, ProfileEdition, RequirementSpec, ServiceFacts, Threshold } from './types';

const spec = (id: string, kind: RequirementSpec['kind'], params: RequirementSpec['params'] = {}): RequirementSpec => ({
  id,
  kind,
  mandatory: true,
  title: id,
  titleEn: id,
  source: 'test',
  params,
});

const ENGINES: Threshold = { measure: 'independentEngines', min: 3 };
const RATE: Threshold = { measure: 'detectionRatePercent', min: 99, corpus: 'FIC-BENCH-2024' };

const PROFILE: ProfileEdition = {
  key: 'file-import-control',
  edition: 'R6.10',
  effectiveFrom: '2024-10-01',
  effectiveUntil: null,
  maxEvidenceAgeDays: null,
  requirements: [
    spec('FIC_METHOD_DECLARED', 'method', { acceptedMethods: ['sanitization', 'multi_scan', 'sandbox'] }),
    spec('FIC_MULTI_SCAN_BENCHMARK', 'attestation', { appliesToMethods: ['multi_scan'], thresholds: [ENGINES, RATE] }),
    spec('FIC_ORIGINAL_PRESERVED', 'attestation'),
  ],
  obligations: [],
};

const assessment = (findings: AssessmentFacts['findings']): AssessmentFacts => ({
  id: 'asm-1',
  profileKey: 'file-import-control',
  edition: 'R6.10',
  performedOn: '2025-06-01',
  validUntil: '2026-05-31',
  createdSeq: 1,
  revoked: null,
  supersededFrom: null,
  findings,
});

const facts = (
  methods: ServiceFacts['service']['methods'],
  measurements: Measurement[],
  outcome: 'met' | 'not_met' = 'met',
): ServiceFacts => ({
  service: { id: 'svc-1', category: 'file_import_control', methods },
  registrations: [],
  endpoints: [],
  assessments: [
    assessment([
      { requirementId: 'FIC_MULTI_SCAN_BENCHMARK', outcome, measurements },
      { requirementId: 'FIC_ORIGINAL_PRESERVED', outcome: 'met' },
    ]),
  ],
});

const m = (measure: string, value: number, corpus?: string): Measurement =>
  corpus === undefined ? { measure, value } : { measure, value, corpus };
const MULTI = [{ value: ['multi_scan'], from: '0001-01-01' }];
const GOOD = [m('independentEngines', 3), m('detectionRatePercent', 99, 'FIC-BENCH-2024')];

describe('judgeThresholds', () => {
  it.each<[string, Threshold[], Measurement[], ReturnType<typeof judgeThresholds>]>([
    ['exactly at both thresholds passes', [ENGINES, RATE], GOOD, null],
    ['above both passes', [ENGINES, RATE], [m('independentEngines', 5), m('detectionRatePercent', 99.9, 'FIC-BENCH-2024')], null],
    [
      'one engine short fails',
      [ENGINES, RATE],
      [m('independentEngines', 2), m('detectionRatePercent', 99.5, 'FIC-BENCH-2024')],
      { outcome: 'failed', reason: 'BELOW_THRESHOLD', measure: 'independentEngines' },
    ],
    [
      'a rate just below fails',
      [RATE],
      [m('detectionRatePercent', 98.99, 'FIC-BENCH-2024')],
      { outcome: 'failed', reason: 'BELOW_THRESHOLD', measure: 'detectionRatePercent' },
    ],
    [
      'a rate on another corpus does not count',
      [RATE],
      [m('detectionRatePercent', 100, 'vendor-own-set')],
      { outcome: 'missing', reason: 'MEASUREMENT_MISSING', measure: 'detectionRatePercent' },
    ],
    ['no corpus named by the threshold: any corpus counts', [ENGINES], [m('independentEngines', 3, 'x')], null],
    [
      'nothing measured is missing',
      [ENGINES, RATE],
      [],
      { outcome: 'missing', reason: 'MEASUREMENT_MISSING', measure: 'independentEngines' },
    ],
    [
      'below one threshold and missing another: failed wins',
      [ENGINES, RATE],
      [m('detectionRatePercent', 50, 'FIC-BENCH-2024')],
      { outcome: 'failed', reason: 'BELOW_THRESHOLD', measure: 'detectionRatePercent' },
    ],
    [
      'of two measurements of one measure the lowest counts',
      [ENGINES],
      [m('independentEngines', 4), m('independentEngines', 2)],
      { outcome: 'failed', reason: 'BELOW_THRESHOLD', measure: 'independentEngines' },
    ],
  ])('%s', (_name, thresholds, measurements, expected) => {
    expect(judgeThresholds(thresholds, measurements)).toEqual(expected);
  });
});

describe('method and benchmark requirements in decisions', () => {
  const result = (f: ServiceFacts, asOf = '2025-07-01', id = 'FIC_MULTI_SCAN_BENCHMARK') =>
    decide(PROFILE, f, asOf).requirements.find((r) => r.id === id)!;

  it.each<[string, ServiceFacts, string, string, string]>([
    ['exactly at the thresholds: eligible', facts(MULTI, GOOD), 'satisfied', 'FINDING_MET', 'eligible'],
    [
      'one engine short: ineligible',
      facts(MULTI, [m('independentEngines', 2), m('detectionRatePercent', 99, 'FIC-BENCH-2024')]),
      'failed',
      'BELOW_THRESHOLD',
      'ineligible',
    ],
    ['no measurement: indeterminate', facts(MULTI, [m('independentEngines', 3)]), 'missing', 'MEASUREMENT_MISSING', 'indeterminate'],
    ['not_met stays not met whatever was measured', facts(MULTI, GOOD, 'not_met'), 'failed', 'FINDING_NOT_MET', 'ineligible'],
    [
      'a sandbox product: the multi-scan benchmark does not apply',
      facts([{ value: ['sandbox'], from: '0001-01-01' }], []),
      'not_applicable',
      'METHOD_NOT_USED',
      'eligible',
    ],
    [
      'a combination including multi_scan must meet it',
      facts([{ value: ['multi_scan', 'sanitization'], from: '0001-01-01' }], [m('independentEngines', 1)]),
      'failed',
      'BELOW_THRESHOLD',
      'ineligible',
    ],
  ])('%s', (_name, f, outcome, reason, decision) => {
    expect(result(f)).toMatchObject({ outcome, reason });
    expect(decide(PROFILE, f, '2025-07-01').decision).toBe(decision);
  });

  it('METHOD_NOT_USED is the registry’s own judgement: no NOT_APPLICABLE_CLAIMED warning, no end', () => {
    const d = decide(PROFILE, facts([{ value: ['sandbox'], from: '0001-01-01' }], []), '2025-07-01');
    expect(d.warnings.map((w) => w.code)).not.toContain('NOT_APPLICABLE_CLAIMED');
    expect(result(facts([{ value: ['sandbox'], from: '0001-01-01' }], [])).validUntil).toBeNull();
    expect(d.validUntil).toBe('2026-05-31');
  });

  it.each<[string, ServiceFacts['service']['methods'], string, string]>([
    ['none declared: missing', undefined, 'missing', 'METHOD_NOT_DECLARED'],
    ['an empty declaration: missing', [{ value: [], from: '0001-01-01' }], 'missing', 'METHOD_NOT_DECLARED'],
    ['an unknown method: failed', [{ value: ['edr_only'], from: '0001-01-01' }], 'failed', 'METHOD_NOT_ACCEPTED'],
    ['a known combination: satisfied', [{ value: ['sandbox', 'sanitization'], from: '0001-01-01' }], 'satisfied', 'METHOD_ACCEPTED'],
  ])('method: %s', (_name, methods, outcome, reason) => {
    expect(result(facts(methods, GOOD), '2025-07-01', 'FIC_METHOD_DECLARED')).toMatchObject({ outcome, reason });
  });

  // a declaration dated 2025-08-01 changes multi_scan to an unaccepted method
  const changing = [
    { value: ['multi_scan'], from: '0001-01-01', to: '2025-08-01' },
    { value: ['unknown_vendor_magic'], from: '2025-08-01' },
  ];
  it.each<[string, string, string, string | null]>([
    ['the day before the change: satisfied, cut the day before', '2025-07-31', 'satisfied', '2025-07-31'],
    ['the day of the change: failed', '2025-08-01', 'failed', null],
    ['the day after: failed', '2025-08-02', 'failed', null],
  ])('dated methods: %s', (_name, asOf, outcome, validUntil) => {
    expect(result(facts(changing, GOOD), asOf, 'FIC_METHOD_DECLARED')).toMatchObject({ outcome, validUntil });
  });

  it('methodsOn reads the value in force', () => {
    expect(methodsOn({ id: 's', category: 'c', methods: changing }, '2025-07-31')).toEqual(['multi_scan']);
    expect(methodsOn({ id: 's', category: 'c' }, '2025-07-31')).toEqual([]);
  });
});

describe('the shipped file-import-control profile and municipality conditions in profile files', () => {
  const load = (f: string): Record<string, unknown> =>
    JSON.parse(readFileSync(join(process.cwd(), 'data', 'criteria', f), 'utf8')) as Record<string, unknown>;

  it('file-import-control R6.10 encodes the benchmark as data, sources marked unverified', () => {
    const p = parseProfileFile(load('file-import-control.R6.10.json'));
    expect(p.requirements.map((r) => [r.id, r.kind])).toEqual([
      ['SERVICE_CATEGORY_ALLOWED', 'category'],
      ['FIC_METHOD_DECLARED', 'method'],
      ['FIC_MULTI_SCAN_BENCHMARK', 'attestation'],
      ['FIC_SANDBOX_EVASION_TESTED', 'attestation'],
      ['FIC_ORIGINAL_PRESERVED', 'attestation'],
      ['FIC_IMPORT_LOGGING', 'attestation'],
    ]);
    expect(p.requirements[2].params.thresholds).toEqual([ENGINES, RATE]);
    expect(p.source).toContain('unverified');
  });

  it('tokutei-tsushin R6.10 keys its obligations by network model and breakout point', () => {
    const p = parseProfileFile(load('tokutei-tsushin.R6.10.json'));
    expect(p.obligations.map((o) => [o.id, o.requiredUnder, o.requiredAtBreakout, o.metBy])).toEqual([
      ['FILE_IMPORT_CONTROL', ['alpha', 'alpha_prime', 'beta'], undefined, { usageOf: 'file-import-control' }],
      ['ENDPOINT_EDR', ['alpha_prime', 'beta', 'beta_prime'], undefined, { measure: 'EDR_DEPLOYED' }],
      ['OUTBOUND_ONLY', undefined, undefined, { measure: 'OUTBOUND_ONLY_CONFIGURED' }],
      ['LBO_RISK_ASSESSMENT', undefined, ['own_firewall'], { measure: 'LBO_RISK_ASSESSMENT' }],
    ]);
  });

  it.each<[string, (p: Record<string, unknown>) => void, string]>([
    [
      'a threshold without a number',
      (p) => ((p.requirements as Record<string, unknown>[])[2].params = { thresholds: [{ measure: 'independentEngines', min: '3' }] }),
      'requirements[2].params.thresholds[0].min',
    ],
    [
      'an unknown network model',
      (p) => ((p.obligations as Record<string, unknown>[])[0].requiredUnder = ['gamma']),
      'obligations[0].requiredUnder[0]',
    ],
    [
      'metBy naming both',
      (p) => ((p.obligations as Record<string, unknown>[])[0].metBy = { measure: 'X', usageOf: 'y' }),
      'obligations[0].metBy',
    ],
  ])('rejects %s', (_name, mutate, path) => {
    const p = load(path.startsWith('obligations') ? 'tokutei-tsushin.R6.10.json' : 'file-import-control.R6.10.json');
    mutate(p);
    expect(() => parseProfileFile(p)).toThrow(ProfileFileError);
    try {
      parseProfileFile(p);
    } catch (err) {
      expect((err as ProfileFileError).path).toBe(path);
    }
  });
});
