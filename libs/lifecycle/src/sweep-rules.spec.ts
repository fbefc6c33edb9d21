import { describe, expect, it } from '@jest/globals';
import type { AssessmentFacts, RegistrationFacts } from '@app/eligibility-engine';
import { assessmentDue, registrationDue } from './sweep-rules';

const reg = (history: Partial<RegistrationFacts['history'][number]>[] = []): RegistrationFacts => ({
  id: 'r1',
  scheme: 'ISMAP',
  rule: { kind: 'audit_period_months', months: 16 },
  registeredOn: '2025-05-01',
  history: [
    {
      status: 'registered',
      effectiveOn: '2025-05-01',
      auditPeriodEnd: '2025-03-31',
      validUntil: null,
      renewalFiledOn: null,
      lastConfirmedOn: null,
    },
    ...history.map((h) => ({
      status: 'registered' as const,
      effectiveOn: '2025-05-01',
      auditPeriodEnd: '2025-03-31',
      validUntil: null,
      renewalFiledOn: null,
      lastConfirmedOn: null,
      ...h,
    })),
  ],
});

const assessment = (overrides: Partial<AssessmentFacts> = {}): AssessmentFacts => ({
  id: 'a1',
  profileKey: 'tokutei-tsushin',
  edition: 'R6.10',
  performedOn: '2025-06-01',
  validUntil: '2026-05-31',
  createdSeq: 1,
  revoked: null,
  supersededFrom: null,
  findings: [],
  ...overrides,
});

const T = [90, 30, 7];

describe('registrationDue (valid through 2026-07-31)', () => {
  it.each([
    ['2026-05-01', null], // 91 days left
    ['2026-05-02', { event: 'expiring', thresholds: [90], daysLeft: 90 }],
    ['2026-07-01', { event: 'expiring', thresholds: [90, 30], daysLeft: 30 }],
    ['2026-07-24', { event: 'expiring', thresholds: [90, 30, 7], daysLeft: 7 }],
    ['2026-07-31', { event: 'expiring', thresholds: [90, 30, 7], daysLeft: 0 }], // last valid day
    ['2026-08-01', { event: 'expired', thresholds: [0], daysLeft: -1 }], // the day after
    ['2026-10-29', { event: 'expired', thresholds: [0], daysLeft: -90 }],
    ['2026-10-30', null], // lapsed too long ago to be news
  ])('on %s → %j', (asOf, due) => {
    const result = registrationDue(reg(), asOf, T);
    if (due === null) expect(result).toBeNull();
    else expect(result).toMatchObject({ kind: 'registration', subjectId: 'r1', validUntil: '2026-07-31', ...due });
  });

  it('is quiet in renewal grace and for revoked registrations', () => {
    expect(
      registrationDue(reg([{ status: 'renewal_pending', effectiveOn: '2026-07-01', renewalFiledOn: '2026-07-01' }]), '2026-08-15', T),
    ).toBeNull();
    expect(registrationDue(reg([{ status: 'revoked', effectiveOn: '2026-06-01' }]), '2026-08-01', T)).toBeNull();
  });
});

describe('assessmentDue (performed 2025-06-01, valid through 2026-05-31)', () => {
  it.each([
    ['2026-03-02', '90 days left', assessment(), { event: 'expiring', thresholds: [90], daysLeft: 90 }],
    ['2026-03-01', '91 days left', assessment(), null],
    ['2026-06-01', 'the day after its end', assessment(), { event: 'expired', daysLeft: -1 }],
    ['2026-06-01', 'superseded before its end', assessment({ supersededFrom: '2026-05-01' }), null],
    ['2026-05-15', 'superseded already', assessment({ supersededFrom: '2026-05-01' }), null],
    ['2026-06-01', 'void', assessment({ revoked: { effectiveOn: null } }), null],
    // a known future end: the revocation recorded ahead ends the evidence the day before (2026-05-24)
    ['2026-05-20', 'revocation still ahead', assessment({ revoked: { effectiveOn: '2026-05-25' } }), { event: 'expiring', daysLeft: 4 }],
    ['2025-05-01', 'not performed yet', assessment(), null],
    [
      '2026-03-02',
      'accredited on performedOn',
      assessment({ accreditations: [{ from: '2025-06-01', until: null }] }),
      { event: 'expiring' },
    ],
    [
      '2026-03-02',
      'accreditation lapsed before performedOn',
      assessment({ accreditations: [{ from: '2020-01-01', until: '2025-05-31' }] }),
      null,
    ],
    ['2026-06-01', 'unaccredited, past its end', assessment({ accreditations: [] }), null],
  ])('on %s (%s) → %j', (asOf, _label, a, due) => {
    const result = assessmentDue(a, asOf, T);
    if (due === null) expect(result).toBeNull();
    else expect(result).toMatchObject(due);
  });
});
