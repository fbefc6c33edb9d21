/**
 * Second edition of the rules (domain.md "Every fact a decision reads is dated"): each rule as a
 * table over the day before, the day of and the day after the date that changes the answer.
 */
import { describe, expect, it } from '@jest/globals';
import { assessmentEndOn, assessmentStatus, evidenceWindow, isSupersededOn, isVoid, supersededFrom } from './assessments';
import { addDaysCapped, civilPeriodLastDay } from './dates';
import {
  allowlistEntriesFor,
  decide,
  decideMany,
  editionEnd,
  selectEdition,
  SERVICE_RETIREMENT_RESULT_ID,
  withEditionPeriod,
} from './engine';
import { registrationEndOn, registrationStateOn, type RegistrationFacts, type RegistrationState } from './registration';
import type { AssessmentFacts, Decision, EndpointFacts, EngineOptions, ProfileEdition, RequirementSpec, ServiceFacts } from './types';
import { computeValidUntil } from './validity';

const OPTS: EngineOptions = { expiringSoonDays: 90 };
const spec = (id: string, kind: RequirementSpec['kind'], mandatory: boolean, params: RequirementSpec['params'] = {}): RequirementSpec => ({
  id,
  kind,
  mandatory,
  title: id,
  titleEn: id,
  source: 'test',
  params,
});

const PROFILE: ProfileEdition = {
  key: 'tokutei-tsushin',
  edition: 'R6.10',
  effectiveFrom: '2024-10-01',
  effectiveUntil: null,
  maxEvidenceAgeDays: null,
  requirements: [
    spec('ISMAP_REGISTERED', 'scheme', true, { schemes: ['ISMAP', 'ISMAP_LIU'] }),
    spec('SERVICE_CATEGORY_ALLOWED', 'category', true, { allowedCategories: ['web_conferencing', 'file_sharing'] }),
    spec('DEST_ALLOWLIST', 'endpoints', true, { check: 'allowlist' }),
    spec('TLS12_PLUS', 'attestation', true),
    spec('GOV_LAW_JURISDICTION', 'attestation', false),
  ],
  obligations: [],
};

const LGWAN: ProfileEdition = {
  ...PROFILE,
  key: 'lgwan-asp',
  requirements: [spec('LGWAN_ASP_REGISTERED', 'scheme', true, { schemes: ['LGWAN_ASP'] })],
};

const state = (status: RegistrationState['status'], effectiveOn: string, extra: Partial<RegistrationState> = {}): RegistrationState => ({
  status,
  effectiveOn,
  auditPeriodEnd: '2025-03-31', // ISMAP: valid through 2026-07-31
  validUntil: null,
  renewalFiledOn: null,
  lastConfirmedOn: null,
  ...extra,
});

const ismap = (...later: RegistrationState[]): RegistrationFacts => ({
  id: 'reg-1',
  scheme: 'ISMAP',
  rule: { kind: 'audit_period_months', months: 16 },
  registeredOn: '2025-05-01',
  history: [state('registered', '2025-05-01'), ...later],
});

const asm = (id: string, extra: Partial<AssessmentFacts> = {}): AssessmentFacts => ({
  id,
  profileKey: 'tokutei-tsushin',
  edition: 'R6.10',
  performedOn: '2025-06-01',
  validUntil: '2026-12-31',
  createdSeq: 1,
  revoked: null,
  supersededFrom: null,
  findings: [
    { requirementId: 'TLS12_PLUS', outcome: 'met' },
    { requirementId: 'GOV_LAW_JURISDICTION', outcome: 'met' },
  ],
  ...extra,
});

const facts = (patch: Partial<ServiceFacts> = {}, service: Partial<ServiceFacts['service']> = {}): ServiceFacts => ({
  service: { id: 'svc-1', category: 'web_conferencing', ...service },
  registrations: [ismap()],
  endpoints: [{ id: 'ep-1', kind: 'fqdn', value: 'app.example.co.jp' }],
  assessments: [asm('asm-1')],
  ...patch,
});

const resultOf = (d: Decision, id: string) => d.requirements.find((r) => r.id === id)!;
const codes = (d: Decision) => d.warnings.map((w) => `${w.requirementId ?? '-'}:${w.code}`);

// ------------------------------------------------------------------ 3. known future ends

describe('a known future end shortens "until when" (ISMAP valid through 2026-07-31)', () => {
  it.each([
    // status recorded ahead from 2026-03-01
    ['revoked', '2026-01-15', 'eligible', '2026-02-28', ['ISMAP_REGISTERED:EXPIRING_SOON']],
    ['revoked', '2026-02-27', 'eligible', '2026-02-28', ['ISMAP_REGISTERED:EXPIRING_SOON']],
    ['revoked', '2026-02-28', 'eligible', '2026-02-28', ['ISMAP_REGISTERED:EXPIRING_SOON']],
    ['revoked', '2026-03-01', 'ineligible', null, []],
    ['withdrawn', '2026-02-28', 'eligible', '2026-02-28', ['ISMAP_REGISTERED:EXPIRING_SOON']],
    ['withdrawn', '2026-03-01', 'ineligible', null, []],
    ['suspended', '2026-02-28', 'eligible', '2026-02-28', ['ISMAP_REGISTERED:EXPIRING_SOON']],
    ['suspended', '2026-03-01', 'ineligible', null, []],
    ['expired', '2026-02-28', 'eligible', '2026-02-28', ['ISMAP_REGISTERED:EXPIRING_SOON']],
    ['expired', '2026-03-01', 'ineligible', null, []],
    ['revoked', '2025-11-29', 'eligible', '2026-02-28', []], // 91 days left: one more than the window
    ['revoked', '2025-11-30', 'eligible', '2026-02-28', ['ISMAP_REGISTERED:EXPIRING_SOON']], // exactly 90
  ] as const)('%s from 2026-03-01, on %s → %s until %s', (status, asOf, outcome, validUntil, warnings) => {
    const d = decide(PROFILE, facts({ registrations: [ismap(state(status, '2026-03-01'))] }), asOf, OPTS);
    expect(d.decision).toBe(outcome);
    expect(d.validUntil).toBe(validUntil);
    expect(codes(d)).toEqual(warnings);
  });

  it.each([
    ['2026-01-15', '2026-02-28'],
    ['2026-02-28', '2026-02-28'],
    ['2026-03-01', undefined], // not in effect
  ])('registrationEndOn on %s → %s (the same end for expiring reviews and sweeps)', (asOf, end) => {
    expect(registrationEndOn(ismap(state('revoked', '2026-03-01')), asOf)).toBe(end);
  });

  it('a state ahead that is still in effect does not lengthen the known end', () => {
    const renewed = ismap(state('registered', '2026-06-01', { auditPeriodEnd: '2026-03-31' })); // new period through 2027-07-31
    expect(registrationEndOn(renewed, '2026-05-01')).toBe('2026-07-31');
    expect(registrationEndOn(renewed, '2026-06-01')).toBe('2027-07-31');
  });

  it('a terminal state ahead beyond the validity changes nothing', () => {
    expect(registrationEndOn(ismap(state('revoked', '2026-09-01')), '2026-05-01')).toBe('2026-07-31');
  });

  it('a registration in renewal grace has no end, unless a terminal state is recorded ahead', () => {
    const grace = ismap(state('renewal_pending', '2026-07-01', { renewalFiledOn: '2026-07-01' }));
    expect(registrationEndOn(grace, '2026-08-15')).toBeNull();
    const decided = ismap(state('renewal_pending', '2026-07-01'), state('expired', '2026-10-01'));
    expect(registrationEndOn(decided, '2026-08-15')).toBe('2026-09-30');
    const d = decide(PROFILE, facts({ registrations: [decided] }), '2026-08-15', OPTS);
    expect(resultOf(d, 'ISMAP_REGISTERED')).toMatchObject({
      outcome: 'satisfied',
      reason: 'REGISTRATION_RENEWAL_PENDING',
      validUntil: '2026-09-30',
    });
  });

  it.each([
    ['2026-02-28', 'satisfied', '2026-02-28'],
    ['2026-03-01', 'missing', null],
  ])('an assessment revocation dated 2026-03-01, on %s → %s until %s', (asOf, outcome, validUntil) => {
    const d = decide(PROFILE, facts({ assessments: [asm('asm-1', { revoked: { effectiveOn: '2026-03-01' } })] }), asOf, OPTS);
    expect(resultOf(d, 'TLS12_PLUS')).toMatchObject({ outcome, validUntil });
    expect(assessmentEndOn(asm('asm-1', { revoked: { effectiveOn: '2026-03-01' } }), asOf)).toBe(validUntil ?? undefined);
  });

  it.each([
    ['2026-02-27', 'eligible', '2026-02-28'],
    ['2026-02-28', 'eligible', '2026-02-28'],
    ['2026-03-01', 'indeterminate', null], // the only destination is gone: no destinations declared
  ])('a destination removal dated 2026-03-01, on %s → %s until %s', (asOf, outcome, validUntil) => {
    const eps: EndpointFacts[] = [{ id: 'ep-1', kind: 'fqdn', value: 'app.example.co.jp', endedOn: '2026-03-01' }];
    const d = decide(PROFILE, facts({ endpoints: eps }), asOf, OPTS);
    expect(d.decision).toBe(outcome);
    expect(d.validUntil).toBe(validUntil);
    if (validUntil) expect(codes(d)).toContain('DEST_ALLOWLIST:EXPIRING_SOON');
  });

  it.each([
    ['2025-12-01', 'eligible', '2026-02-28', ['-:EXPIRING_SOON']],
    ['2026-02-28', 'eligible', '2026-02-28', ['-:EXPIRING_SOON']],
    ['2026-03-01', 'ineligible', null, []],
    ['2026-03-02', 'ineligible', null, []],
  ] as const)('a retirement dated 2026-03-01, on %s → %s until %s', (asOf, outcome, validUntil, warnings) => {
    const d = decide(PROFILE, facts({}, { retiredOn: '2026-03-01' }), asOf, OPTS);
    expect(d.decision).toBe(outcome);
    expect(d.validUntil).toBe(validUntil);
    expect(codes(d)).toEqual(warnings);
    if (outcome === 'ineligible') {
      expect(d.requirements[0]).toEqual({
        id: SERVICE_RETIREMENT_RESULT_ID,
        mandatory: true,
        outcome: 'failed',
        reason: 'SERVICE_RETIRED',
        basis: [{ type: 'service', id: 'svc-1' }],
        validUntil: null,
      });
      expect(d.obligations).toEqual([]);
    } else expect(d.requirements.map((r) => r.id)).not.toContain(SERVICE_RETIREMENT_RESULT_ID);
  });
});

// ------------------------------------------------------------------ 4. dated category, destinations, allowlists

describe('category, destinations and retirement are dated facts', () => {
  const categories = [
    { value: 'web_conferencing', from: '2025-01-01', to: '2026-03-01' },
    { value: 'e_learning', from: '2026-03-01' },
  ];
  it.each([
    ['2024-12-31', 'failed', null], // no category in force yet
    ['2025-01-01', 'satisfied', '2026-02-28'],
    ['2026-02-28', 'satisfied', '2026-02-28'],
    ['2026-03-01', 'failed', null],
  ])('category on %s → %s until %s', (asOf, outcome, validUntil) => {
    const d = decide(PROFILE, facts({}, { category: 'e_learning', categories }), asOf, OPTS);
    expect(resultOf(d, 'SERVICE_CATEGORY_ALLOWED')).toMatchObject({ outcome, validUntil });
  });

  it('a change to another allowed category is no end', () => {
    const allowed = [
      { value: 'web_conferencing', from: '2025-01-01', to: '2026-03-01' },
      { value: 'file_sharing', from: '2026-03-01' },
    ];
    const d = decide(PROFILE, facts({}, { categories: allowed }), '2026-01-01', OPTS);
    expect(resultOf(d, 'SERVICE_CATEGORY_ALLOWED')).toMatchObject({ outcome: 'satisfied', validUntil: null });
  });

  const eps: EndpointFacts[] = [
    { id: 'ep-1', kind: 'fqdn', value: 'app.example.co.jp' },
    { id: 'ep-2', kind: 'fqdn', value: '*.cloudfront.net', effectiveFrom: '2026-03-01' }, // a bad destination added later
  ];
  it.each([
    ['2026-02-28', 'satisfied', ['ep-1']],
    ['2026-03-01', 'failed', ['ep-2']],
  ])('a destination declared from 2026-03-01, on %s → %s', (asOf, outcome, basis) => {
    const d = decide(PROFILE, facts({ endpoints: eps }), asOf, OPTS);
    expect(resultOf(d, 'DEST_ALLOWLIST')).toMatchObject({ outcome, basis: basis.map((id) => ({ type: 'endpoint', id })) });
  });

  it('undated facts give the same decision as before (dated fields absent or null)', () => {
    const plain = facts();
    const nulls = facts(
      { endpoints: [{ id: 'ep-1', kind: 'fqdn', value: 'app.example.co.jp', effectiveFrom: null, endedOn: null }] },
      { retiredOn: null },
    );
    expect(JSON.stringify(decide(PROFILE, nulls, '2025-09-01', OPTS))).toBe(JSON.stringify(decide(PROFILE, plain, '2025-09-01', OPTS)));
  });

  it('allowlistEntriesFor(D) = the in-force destinations of exactly the services decided eligible on D', () => {
    const list = [
      facts({ endpoints: [{ id: 'a1', kind: 'fqdn', value: 'a.example.jp', endedOn: '2026-03-01' }] }, { id: 'svc-a' }),
      facts({ endpoints: [{ id: 'b1', kind: 'fqdn', value: 'b.example.jp' }] }, { id: 'svc-b', retiredOn: '2026-03-01' }),
      facts({ endpoints: [{ id: 'c1', kind: 'fqdn', value: '*.amazonaws.com' }] }, { id: 'svc-c' }),
      facts(
        {
          endpoints: [
            { id: 'd1', kind: 'fqdn', value: 'd.example.jp' },
            { id: 'd2', kind: 'fqdn', value: 'd2.example.jp', effectiveFrom: '2026-03-01' },
          ],
        },
        { id: 'svc-d' },
      ),
    ];
    const on = (asOf: string) =>
      allowlistEntriesFor(decideMany(PROFILE, list, asOf, OPTS), list, asOf).map((c) => [c.serviceId, c.endpoints.map((e) => e.id)]);
    expect(on('2026-02-28')).toEqual([
      ['svc-a', ['a1']],
      ['svc-b', ['b1']],
      ['svc-d', ['d1']],
    ]);
    expect(on('2026-03-01')).toEqual([['svc-d', ['d1', 'd2']]]); // svc-a has no destination left (indeterminate), svc-b retired
  });

  it('allowlistEntriesFor refuses decisions of another date', () => {
    const list = [facts()];
    expect(() => allowlistEntriesFor(decideMany(PROFILE, list, '2025-09-01', OPTS), list, '2025-09-02')).toThrow(RangeError);
  });
});

// ------------------------------------------------------------------ 5. confirmations and filings are dated

describe('LGWAN-ASP confirmations and renewal filings are dated', () => {
  const lgwan = (history: RegistrationState[]): RegistrationFacts => ({
    id: 'reg-lg',
    scheme: 'LGWAN_ASP',
    rule: { kind: 'confirmation', staleAfterDays: 365 },
    registeredOn: '2024-01-01',
    history,
  });
  const confirmedAhead = lgwan([state('registered', '2024-01-01', { auditPeriodEnd: null, lastConfirmedOn: '2025-10-01' })]);
  it.each([
    ['2025-09-30', null, ['LGWAN_ASP_REGISTERED:STALE_CONFIRMATION']], // the confirmation is not made yet
    ['2025-10-01', '2025-10-01', []],
    ['2025-10-02', '2025-10-01', []],
  ])('a confirmation dated 2025-10-01, on %s (last confirmation %s)', (asOf, last, warnings) => {
    expect(registrationStateOn(confirmedAhead, asOf).lastConfirmedOn).toBe(last);
    expect(codes(decide(LGWAN, facts({ registrations: [confirmedAhead] }), asOf, OPTS))).toEqual(warnings);
  });

  it('staleness uses the latest confirmation on or before D from any state', () => {
    const reg = lgwan([
      state('registered', '2024-01-01', { auditPeriodEnd: null, lastConfirmedOn: '2024-06-01' }),
      state('registered', '2025-01-01', { auditPeriodEnd: null, lastConfirmedOn: '2025-12-01' }), // recorded with a later confirmation
    ]);
    expect(registrationStateOn(reg, '2025-06-01').lastConfirmedOn).toBe('2024-06-01');
    expect(registrationStateOn(reg, '2025-06-01').stale).toBe(false); // 365 days after 2024-06-01
    expect(registrationStateOn(reg, '2025-06-02').stale).toBe(true);
    expect(registrationStateOn(reg, '2025-12-01').stale).toBe(false);
  });

  const pending = ismap(state('renewal_pending', '2026-07-01', { renewalFiledOn: '2026-07-20' }));
  it.each([
    ['2026-07-19', true, 'REGISTRATION_IN_EFFECT', false, '2026-07-31'], // filed later: not in grace yet
    ['2026-07-20', true, 'REGISTRATION_RENEWAL_PENDING', true, null],
    ['2026-08-01', true, 'REGISTRATION_RENEWAL_PENDING', true, null],
  ])('renewal filed 2026-07-20 (state from 2026-07-01), on %s', (asOf, inEffect, reason, inGrace, end) => {
    const s = registrationStateOn(pending, asOf);
    expect([s.inEffect, s.reason, s.inGrace]).toEqual([inEffect, reason, inGrace]);
    expect(registrationEndOn(pending, asOf)).toBe(end);
  });

  it('the default filing date is the state effectiveOn', () => {
    const byDefault = ismap(state('renewal_pending', '2026-07-20'));
    expect(registrationStateOn(byDefault, '2026-07-19').reason).toBe('REGISTRATION_IN_EFFECT');
    expect(registrationStateOn(byDefault, '2026-07-20').reason).toBe('REGISTRATION_RENEWAL_PENDING');
  });

  it('a registered state whose filing lies after D is not in grace past its validity on D', () => {
    const late = ismap(state('registered', '2026-07-01', { renewalFiledOn: '2026-07-25' }));
    expect(registrationStateOn(late, '2026-07-24').inGrace).toBe(false);
    expect(registrationStateOn(late, '2026-08-01').reason).toBe('REGISTRATION_RENEWAL_PENDING'); // filed 07-25 ≤ 07-31
  });
});

// ------------------------------------------------------------------ 6. conflicting and voided assessments

describe('conflicting and voided assessments: one definition, the newest counting assessment decides', () => {
  const tls = (outcome: 'met' | 'not_met' | 'not_applicable') => [{ requirementId: 'TLS12_PLUS', outcome }];
  it.each([
    {
      name: 'a newer not_met is never outvoted by an older met',
      asmts: [asm('old', { findings: tls('met') }), asm('new', { performedOn: '2025-08-01', findings: tls('not_met') })],
      asOf: '2025-09-01',
      expected: ['failed', 'FINDING_NOT_MET', ['new'], '2026-12-31'],
    },
    {
      name: 'the day before the newer one: the older decides',
      asmts: [asm('old', { findings: tls('met') }), asm('new', { performedOn: '2025-08-01', findings: tls('not_met') })],
      asOf: '2025-07-31',
      expected: ['satisfied', 'FINDING_MET', ['old'], '2026-12-31'],
    },
    {
      name: 'the newer lapses: expired, the older does not come back (day after)',
      asmts: [asm('old'), asm('new', { performedOn: '2025-08-01', validUntil: '2025-12-31', findings: tls('not_met') })],
      asOf: '2026-01-01',
      expected: ['expired', 'ASSESSMENT_EXPIRED', ['new'], '2025-12-31'],
    },
    {
      name: 'the newer lapses: its last day still decides',
      asmts: [asm('old'), asm('new', { performedOn: '2025-08-01', validUntil: '2025-12-31', findings: tls('not_met') })],
      asOf: '2025-12-31',
      expected: ['failed', 'FINDING_NOT_MET', ['new'], '2025-12-31'],
    },
    {
      name: 'same performedOn: the higher createdSeq decides',
      asmts: [asm('a', { createdSeq: 2, findings: tls('not_met') }), asm('b', { createdSeq: 1 })],
      asOf: '2025-09-01',
      expected: ['failed', 'FINDING_NOT_MET', ['a'], '2026-12-31'],
    },
    {
      name: 'same performedOn and createdSeq: the smaller id decides',
      asmts: [asm('b', { findings: tls('not_met') }), asm('a')],
      asOf: '2025-09-01',
      expected: ['satisfied', 'FINDING_MET', ['a'], '2026-12-31'],
    },
    {
      name: 'a revoked newer assessment is no finding from its revocation: the older decides again',
      asmts: [asm('old'), asm('new', { performedOn: '2025-08-01', findings: tls('not_met'), revoked: { effectiveOn: '2025-10-01' } })],
      asOf: '2025-10-01',
      expected: ['satisfied', 'FINDING_MET', ['old'], '2026-12-31'],
    },
    {
      name: 'a void successor supersedes nothing',
      asmts: [
        asm('old', { successors: [{ id: 'new', performedOn: '2025-08-01', revoked: { effectiveOn: null } }] }),
        asm('new', { performedOn: '2025-08-01', revoked: { effectiveOn: null }, findings: tls('not_met') }),
      ],
      asOf: '2025-09-01',
      expected: ['satisfied', 'FINDING_MET', ['old'], '2026-12-31'],
    },
    {
      name: 'a live successor supersedes from its performedOn',
      asmts: [
        asm('old', { successors: [{ id: 'new', performedOn: '2025-08-01', revoked: null }] }),
        asm('new', { performedOn: '2025-08-01', findings: [] }),
      ],
      asOf: '2025-08-01',
      expected: ['missing', 'NO_FINDING', [], null],
    },
    {
      name: 'superseded again after a void successor: by the live one',
      asmts: [
        asm('old', {
          successors: [
            { id: 'void', performedOn: '2025-07-01', revoked: { effectiveOn: null } },
            { id: 'live', performedOn: '2025-08-01', revoked: null },
          ],
        }),
        asm('live', { performedOn: '2025-08-01', findings: tls('not_met') }),
      ],
      asOf: '2025-07-31',
      expected: ['satisfied', 'FINDING_MET', ['old'], '2025-07-31'],
    },
  ])('$name', ({ asmts, asOf, expected: [outcome, reason, basis, validUntil] }) => {
    const d = decide(PROFILE, facts({ assessments: asmts }), asOf, OPTS);
    expect(resultOf(d, 'TLS12_PLUS')).toEqual({
      id: 'TLS12_PLUS',
      mandatory: true,
      outcome,
      reason,
      basis: (basis as string[]).map((id) => ({ type: 'assessment', id })),
      validUntil,
    });
  });

  const voidSucc = { id: 's-void', performedOn: '2025-08-01', revoked: { effectiveOn: null } };
  const liveSucc = { id: 's-live', performedOn: '2025-09-01', revoked: { effectiveOn: '2026-01-01' } };
  it.each([
    [[], null, 'published', null],
    [[voidSucc], null, 'published', null],
    [[voidSucc, liveSucc], '2025-09-01', 'superseded', 's-live'],
    [[{ ...liveSucc, revoked: { effectiveOn: '2025-09-01' } }], null, 'published', null], // revoked on its own first day = void
  ])('successors %j: superseded from %s, view status %s by %s', (successors, from, status, by) => {
    const a = asm('p', { successors });
    expect(supersededFrom(a)).toBe(from);
    expect(assessmentStatus({ revoked: false, successors })).toEqual({ status, supersededBy: by });
    if (from) {
      expect(isSupersededOn(a, '2025-08-31')).toBe(false);
      expect(isSupersededOn(a, from)).toBe(true);
    }
  });

  it('a revoked assessment shows revoked whatever its successors', () => {
    expect(assessmentStatus({ revoked: true, successors: [liveSucc] })).toEqual({ status: 'revoked', supersededBy: 's-live' });
  });

  it.each([
    [asm('x'), { from: '2025-06-01', end: '2026-12-31', cause: 'validity' }],
    [asm('x', { revoked: { effectiveOn: null } }), { from: '2025-06-01', end: null, cause: 'revocation' }],
    [asm('x', { revoked: { effectiveOn: '2025-06-01' } }), { from: '2025-06-01', end: null, cause: 'revocation' }],
    [asm('x', { revoked: { effectiveOn: '2025-06-02' } }), { from: '2025-06-01', end: '2025-06-01', cause: 'revocation' }],
    [asm('x', { supersededFrom: '2025-06-01' }), { from: '2025-06-01', end: null, cause: 'supersession' }],
    [
      asm('x', { revoked: { effectiveOn: '2026-01-01' }, supersededFrom: '2026-01-01' }),
      { from: '2025-06-01', end: '2025-12-31', cause: 'revocation' },
    ],
    [
      asm('x', { validUntil: '2025-12-31', revoked: { effectiveOn: '2026-01-01' } }),
      { from: '2025-06-01', end: '2025-12-31', cause: 'validity' },
    ],
  ])('evidenceWindow %#', (a, w) => {
    expect(evidenceWindow(a)).toEqual(w);
    expect(isVoid(a)).toBe(w.end === null && w.cause === 'revocation');
  });

  it('the expiring end ignores a successor dated ahead (it takes over) but not a revocation', () => {
    const a = asm('x', { successors: [{ id: 's', performedOn: '2026-06-01', revoked: null }] });
    expect(assessmentEndOn(a, '2026-05-31')).toBe('2026-12-31');
    expect(assessmentEndOn(a, '2026-06-01')).toBeUndefined();
    expect(assessmentEndOn(asm('x'), '2025-05-31')).toBeUndefined(); // not performed yet
  });

  it.each([
    ['not consulted (no registry data)', undefined, '2026-12-31'],
    ['accredited from performedOn', [{ from: '2025-06-01', until: null }], '2026-12-31'],
    ['accredited through performedOn', [{ from: '2020-01-01', until: '2025-06-01' }], '2026-12-31'],
    ['accreditation ended the day before performedOn', [{ from: '2020-01-01', until: '2025-05-31' }], undefined],
    ['accredited from the day after performedOn', [{ from: '2025-06-02', until: null }], undefined],
    ['organisation not registered', [], undefined],
  ])('the expiring end of an assessment whose organisation is %s', (_label, accreditations, end) => {
    expect(assessmentEndOn(asm('x', { accreditations }), '2026-06-01')).toBe(end);
  });
});

// ------------------------------------------------------------------ 7. editions, not_applicable, calendar ends

describe('editions are in effect until the day before their successor', () => {
  const ed = (edition: string, effectiveFrom: string, effectiveUntil: string | null = null): ProfileEdition => ({
    ...PROFILE,
    edition,
    effectiveFrom,
    effectiveUntil,
  });
  const editions = [ed('R6.10', '2024-10-01'), ed('R7.10', '2025-10-01'), ed('R5.03', '2023-03-28', '2024-06-30')];
  it.each([
    ['2023-03-27', null],
    ['2023-03-28', 'R5.03'],
    ['2024-06-30', 'R5.03'],
    ['2024-07-01', null], // R5.03 ended by its own effectiveUntil before R6.10 began
    ['2024-10-01', 'R6.10'],
    ['2025-09-30', 'R6.10'],
    ['2025-10-01', 'R7.10'],
  ])('on %s → %s', (asOf, edition) => {
    expect(selectEdition(editions, asOf)?.edition ?? null).toBe(edition);
  });

  it.each([
    ['R6.10', '2025-09-30'],
    ['R7.10', null],
    ['R5.03', '2024-06-30'],
  ])('editionEnd(%s) = %s', (edition, end) => {
    expect(
      editionEnd(
        editions,
        editions.find((e) => e.edition === edition)!,
      ),
    ).toBe(end);
  });

  it.each([
    ['2025-09-30', []],
    ['2025-10-01', ['-:PROFILE_NOT_IN_EFFECT']],
  ])('deciding under R6.10 (open-ended in the data) on %s warns %j', (asOf, warnings) => {
    const r610 = withEditionPeriod(editions, editions[0]);
    expect(r610.effectiveUntil).toBe('2025-09-30');
    expect(codes(decide(r610, facts(), asOf, OPTS)).filter((c) => c.endsWith('PROFILE_NOT_IN_EFFECT'))).toEqual(warnings);
  });
});

describe('not_applicable on a mandatory requirement warns NOT_APPLICABLE_CLAIMED', () => {
  it.each([
    ['TLS12_PLUS', ['TLS12_PLUS:NOT_APPLICABLE_CLAIMED']],
    ['GOV_LAW_JURISDICTION', []], // recommended: no warning
  ])('%s not_applicable → %j', (requirementId, warnings) => {
    const findings = [
      { requirementId: 'TLS12_PLUS', outcome: 'met' as const },
      { requirementId: 'GOV_LAW_JURISDICTION', outcome: 'met' as const },
    ].map((f) => (f.requirementId === requirementId ? { ...f, outcome: 'not_applicable' as const } : f));
    const d = decide(PROFILE, facts({ assessments: [asm('a', { findings })] }), '2025-09-01', OPTS);
    expect(d.decision).toBe('eligible');
    expect(codes(d)).toEqual(warnings);
  });
});

describe('dates 0001-01-01 … 9999-12-31 are computed without error', () => {
  it.each([
    ['9999-12-30', 1, '9999-12-31'],
    ['9999-12-31', 1, '9999-12-31'],
    ['9999-12-31', 400, '9999-12-31'],
    ['0001-01-01', -1, '0001-01-01'],
    ['2025-01-01', 1, '2025-01-02'],
  ])('addDaysCapped(%s, %d) = %s', (d, n, out) => {
    expect(addDaysCapped(d, n)).toBe(out);
  });

  it.each([
    ['9998-07-31', '9999-11-30'], // S = 9998-08-01 → 9999-12-01 → the day before
    ['9998-08-31', '9999-12-31'], // S = 9998-09-01 → 10000-01-01 does not exist: capped
    ['9998-09-01', '9999-12-31'],
    ['9999-12-30', '9999-12-31'],
    ['9999-12-31', '9999-12-31'], // S itself would be 10000-01-01: capped
  ])('ISMAP audit period ending %s → valid through %s', (auditPeriodEnd, validUntil) => {
    expect(computeValidUntil({ kind: 'audit_period_months', months: 16 }, { auditPeriodEnd })).toBe(validUntil);
  });

  it('capped periods and decisions near the calendar ends do not throw', () => {
    expect(civilPeriodLastDay('9999-06-01', 24)).toBe('9999-12-31');
    expect(computeValidUntil({ kind: 'years_from_registration', years: 2 }, { registeredOn: '9999-01-01' })).toBe('9999-12-31');
    const end = { ...PROFILE, maxEvidenceAgeDays: 400 };
    const reg: RegistrationFacts = {
      ...ismap(),
      registeredOn: '9999-12-01',
      history: [state('registered', '9999-12-01', { auditPeriodEnd: '9999-12-31' })],
    };
    const d = decide(
      end,
      facts({ registrations: [reg], assessments: [asm('a', { performedOn: '9999-12-01', validUntil: '9999-12-31' })] }),
      '9999-12-31',
      OPTS,
    );
    expect(d).toMatchObject({ decision: 'eligible', validUntil: '9999-12-31' });
    const early = decide(
      PROFILE,
      facts({ assessments: [asm('a', { performedOn: '0001-01-01', revoked: { effectiveOn: '0001-01-01' } })] }),
      '0001-01-01',
      OPTS,
    );
    expect(resultOf(early, 'TLS12_PLUS').outcome).toBe('missing');
  });
});
