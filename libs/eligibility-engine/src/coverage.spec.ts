import { describe, expect, it } from '@jest/globals';
import { decide } from './engine';
import { coverageEndOn, coverageOn, registrationEndOn, type RegistrationFacts, type RegistrationState } from './registration';
import type { ProfileEdition, RequirementSpec, ServiceFacts } from './types';

const SCHEME: RequirementSpec = {
  id: 'ISMAP_REGISTERED',
  kind: 'scheme',
  mandatory: true,
  title: 'ISMAP',
  titleEn: 'ISMAP',
  source: 'test',
  params: { schemes: ['ISMAP'] },
};
const PROFILE: ProfileEdition = {
  key: 'k',
  edition: 'e',
  effectiveFrom: '2024-10-01',
  effectiveUntil: null,
  maxEvidenceAgeDays: null,
  requirements: [SCHEME],
  obligations: [],
};
const OPTS = { expiringSoonDays: 90 };

const state = (status: RegistrationState['status'], effectiveOn: string): RegistrationState => ({
  status,
  effectiveOn,
  auditPeriodEnd: '2025-03-31', // valid through 2026-07-31
  validUntil: null,
  renewalFiledOn: null,
  lastConfirmedOn: null,
});

/** Registered 2025-05-01 for service `svc-main` (valid through 2026-07-31), covering svc-sub over the given periods. */
function covering(
  periods: { effectiveOn: string; endedOn: string | null }[],
  history = [state('registered', '2025-05-01')],
): RegistrationFacts {
  return {
    id: 'reg-1',
    scheme: 'ISMAP',
    rule: { kind: 'audit_period_months', months: 16 },
    registeredOn: '2025-05-01',
    history,
    coverage: { registeredServiceId: 'svc-main', periods },
  };
}
const own = (): RegistrationFacts => ({ ...covering([]), coverage: null });
const sub = (reg: RegistrationFacts): ServiceFacts => ({
  service: { id: 'svc-sub', category: 'web_conferencing' },
  registrations: [reg],
  endpoints: [],
  assessments: [],
});

// covered from 2025-06-01; the coverage ends on 2025-10-01 (the first day not covered)
const ENDED = covering([{ effectiveOn: '2025-06-01', endedOn: '2025-10-01' }]);
const OPEN = covering([{ effectiveOn: '2025-06-01', endedOn: null }]);

describe('coverage of a registration over another service', () => {
  it.each([
    {
      name: 'day before effectiveOn',
      reg: ENDED,
      asOf: '2025-05-31',
      covered: false,
      outcome: 'failed',
      reason: 'REGISTRATION_ABSENT',
      until: null,
    },
    {
      name: 'effectiveOn',
      reg: ENDED,
      asOf: '2025-06-01',
      covered: true,
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      until: '2025-09-30',
    },
    {
      name: 'day before endedOn',
      reg: ENDED,
      asOf: '2025-09-30',
      covered: true,
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      until: '2025-09-30',
    },
    { name: 'endedOn', reg: ENDED, asOf: '2025-10-01', covered: false, outcome: 'failed', reason: 'REGISTRATION_ABSENT', until: null },
    {
      name: 'day after endedOn',
      reg: ENDED,
      asOf: '2025-10-02',
      covered: false,
      outcome: 'failed',
      reason: 'REGISTRATION_ABSENT',
      until: null,
    },
    {
      name: 'open coverage: the registration’s own end',
      reg: OPEN,
      asOf: '2025-06-01',
      covered: true,
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      until: '2026-07-31',
    },
    {
      name: 'open coverage after the validity',
      reg: OPEN,
      asOf: '2026-08-01',
      covered: true,
      outcome: 'failed',
      reason: 'REGISTRATION_EXPIRED',
      until: null,
    },
    {
      name: 'a coverage beyond the validity ends with the validity',
      reg: covering([{ effectiveOn: '2025-06-01', endedOn: '2027-01-01' }]),
      asOf: '2026-07-31',
      covered: true,
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      until: '2026-07-31',
    },
    {
      name: 'periods that follow each other join',
      reg: covering([
        { effectiveOn: '2025-06-01', endedOn: '2025-08-01' },
        { effectiveOn: '2025-08-01', endedOn: '2025-12-01' },
      ]),
      asOf: '2025-07-15',
      covered: true,
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      until: '2025-11-30',
    },
    {
      name: 'in the gap between two periods',
      reg: covering([
        { effectiveOn: '2025-06-01', endedOn: '2025-08-01' },
        { effectiveOn: '2025-09-01', endedOn: null },
      ]),
      asOf: '2025-08-15',
      covered: false,
      outcome: 'failed',
      reason: 'REGISTRATION_ABSENT',
      until: null,
    },
    {
      name: 'revoked while covered',
      reg: covering([{ effectiveOn: '2025-06-01', endedOn: null }], [state('registered', '2025-05-01'), state('revoked', '2025-07-01')]),
      asOf: '2025-07-01',
      covered: true,
      outcome: 'failed',
      reason: 'REGISTRATION_REVOKED',
      until: null,
    },
    {
      name: 'a revocation ahead cuts before the coverage end',
      reg: covering(
        [{ effectiveOn: '2025-06-01', endedOn: '2025-10-01' }],
        [state('registered', '2025-05-01'), state('revoked', '2025-09-01')],
      ),
      asOf: '2025-06-15',
      covered: true,
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      until: '2025-08-31',
    },
  ])('$name ($asOf)', ({ reg, asOf, covered, outcome, reason, until }) => {
    expect(coverageOn(reg, asOf) !== undefined).toBe(covered);
    const r = decide(PROFILE, sub(reg), asOf, OPTS).requirements[0];
    expect([r.outcome, r.reason, r.validUntil]).toEqual([outcome, reason, until]);
    if (covered) {
      const period = coverageOn(reg, asOf)!;
      expect(r.basis).toEqual([
        {
          type: 'registration',
          id: 'reg-1',
          coverage: { registeredServiceId: 'svc-main', effectiveOn: period.effectiveOn, endedOn: period.endedOn },
        },
      ]);
    } else {
      expect(r.basis).toEqual([]);
    }
    expect(registrationEndOn(reg, asOf) ?? null).toBe(outcome === 'satisfied' ? until : null);
  });

  it('the service’s own registration is covered always, with a plain basis', () => {
    expect(coverageOn(own(), '2025-05-01')).toBeNull();
    expect(coverageEndOn(own(), '2025-05-01')).toBeNull();
    const r = decide(PROFILE, sub(own()), '2025-05-01', OPTS).requirements[0];
    expect(r.basis).toEqual([{ type: 'registration', id: 'reg-1' }]);
    expect(r.validUntil).toBe('2026-07-31');
  });

  it('the service’s own registration wins over an ended coverage of another (both listed)', () => {
    const other = { ...ENDED, id: 'reg-0' };
    const d = decide(PROFILE, { ...sub(own()), registrations: [other, own()] }, '2025-10-01', OPTS);
    expect(d.requirements[0].basis).toEqual([{ type: 'registration', id: 'reg-1' }]);
  });

  it('coverageEndOn: undefined when not covered, the day before endedOn, null when open', () => {
    expect(coverageEndOn(ENDED, '2025-05-31')).toBeUndefined();
    expect(coverageEndOn(ENDED, '2025-06-01')).toBe('2025-09-30');
    expect(coverageEndOn(OPEN, '2030-01-01')).toBeNull();
  });
});
