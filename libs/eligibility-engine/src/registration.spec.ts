import { describe, expect, it } from '@jest/globals';
import {
  effectiveValidUntil,
  registrationStateOn,
  type RegistrationFacts,
  type RegistrationState,
  type RegistrationStatus,
} from './registration';
import type { ValidityRule } from './validity';

const ISMAP: ValidityRule = { kind: 'audit_period_months', months: 16 };
const LGWAN: ValidityRule = { kind: 'confirmation', staleAfterDays: 365 };

function st(status: RegistrationStatus, effectiveOn: string, extra: Partial<RegistrationState> = {}): RegistrationState {
  return { status, effectiveOn, auditPeriodEnd: null, validUntil: null, renewalFiledOn: null, lastConfirmedOn: null, ...extra };
}

function reg(history: RegistrationState[], rule: ValidityRule = ISMAP, registeredOn = history[0].effectiveOn): RegistrationFacts {
  return { id: 'r1', scheme: 'ISMAP', rule, registeredOn, history };
}

// ISMAP registered 2025-05-01 for the audit period ending 2025-03-31: valid through 2026-07-31.
const REG = st('registered', '2025-05-01', { auditPeriodEnd: '2025-03-31' });

describe('registrationStateOn: ISMAP registration', () => {
  it.each([
    {
      name: 'day before registeredOn',
      history: [REG],
      asOf: '2025-04-30',
      inEffect: false,
      reason: 'REGISTRATION_NOT_YET_EFFECTIVE',
      validUntil: null,
      inGrace: false,
    },
    {
      name: 'registeredOn',
      history: [REG],
      asOf: '2025-05-01',
      inEffect: true,
      reason: 'REGISTRATION_IN_EFFECT',
      validUntil: '2026-07-31',
      inGrace: false,
    },
    {
      name: 'last valid day',
      history: [REG],
      asOf: '2026-07-31',
      inEffect: true,
      reason: 'REGISTRATION_IN_EFFECT',
      validUntil: '2026-07-31',
      inGrace: false,
    },
    {
      name: 'day after validity, no renewal',
      history: [REG],
      asOf: '2026-08-01',
      inEffect: false,
      reason: 'REGISTRATION_EXPIRED',
      validUntil: '2026-07-31',
      inGrace: false,
    },
    {
      name: 'registered, renewal filed on the last valid day → grace after it',
      history: [{ ...REG, renewalFiledOn: '2026-07-31' }],
      asOf: '2026-08-01',
      inEffect: true,
      reason: 'REGISTRATION_RENEWAL_PENDING',
      validUntil: '2026-07-31',
      inGrace: true,
    },
    {
      name: 'registered, renewal filed the day after validity → expired',
      history: [{ ...REG, renewalFiledOn: '2026-08-01' }],
      asOf: '2026-08-01',
      inEffect: false,
      reason: 'REGISTRATION_EXPIRED',
      validUntil: '2026-07-31',
      inGrace: false,
    },
    {
      name: 'registered with a renewal filed, still inside validity → ordinary',
      history: [{ ...REG, renewalFiledOn: '2026-06-01' }],
      asOf: '2026-07-31',
      inEffect: true,
      reason: 'REGISTRATION_IN_EFFECT',
      validUntil: '2026-07-31',
      inGrace: false,
    },
    {
      name: 'renewal_pending filed in time, before validity ends → grace (no known end)',
      history: [REG, st('renewal_pending', '2026-06-01', { auditPeriodEnd: '2025-03-31', renewalFiledOn: '2026-06-01' })],
      asOf: '2026-06-01',
      inEffect: true,
      reason: 'REGISTRATION_RENEWAL_PENDING',
      validUntil: '2026-07-31',
      inGrace: true,
    },
    {
      name: 'renewal_pending filed in time, long after validity',
      history: [REG, st('renewal_pending', '2026-06-01', { auditPeriodEnd: '2025-03-31', renewalFiledOn: '2026-06-01' })],
      asOf: '2027-03-01',
      inEffect: true,
      reason: 'REGISTRATION_RENEWAL_PENDING',
      validUntil: '2026-07-31',
      inGrace: true,
    },
    {
      name: 'renewal_pending filed on the last valid day',
      history: [REG, st('renewal_pending', '2026-07-31', { auditPeriodEnd: '2025-03-31', renewalFiledOn: '2026-07-31' })],
      asOf: '2026-08-01',
      inEffect: true,
      reason: 'REGISTRATION_RENEWAL_PENDING',
      validUntil: '2026-07-31',
      inGrace: true,
    },
    {
      name: 'renewal_pending filed the day after validity → expired',
      history: [REG, st('renewal_pending', '2026-08-01', { auditPeriodEnd: '2025-03-31', renewalFiledOn: '2026-08-01' })],
      asOf: '2026-08-01',
      inEffect: false,
      reason: 'REGISTRATION_EXPIRED',
      validUntil: '2026-07-31',
      inGrace: false,
    },
    {
      name: 'renewal_pending without renewalFiledOn: filed on its effectiveOn (in time)',
      history: [REG, st('renewal_pending', '2026-07-31', { auditPeriodEnd: '2025-03-31' })],
      asOf: '2026-09-01',
      inEffect: true,
      reason: 'REGISTRATION_RENEWAL_PENDING',
      validUntil: '2026-07-31',
      inGrace: true,
    },
    {
      name: 'renewal_pending without renewalFiledOn: effectiveOn after validity → expired',
      history: [REG, st('renewal_pending', '2026-08-01', { auditPeriodEnd: '2025-03-31' })],
      asOf: '2026-09-01',
      inEffect: false,
      reason: 'REGISTRATION_EXPIRED',
      validUntil: '2026-07-31',
      inGrace: false,
    },
    {
      name: 'renewal decided: new period registered',
      history: [
        REG,
        st('renewal_pending', '2026-06-01', { auditPeriodEnd: '2025-03-31', renewalFiledOn: '2026-06-01' }),
        st('registered', '2026-09-15', { auditPeriodEnd: '2026-03-31' }),
      ],
      asOf: '2026-09-15',
      inEffect: true,
      reason: 'REGISTRATION_IN_EFFECT',
      validUntil: '2027-07-31',
      inGrace: false,
    },
    {
      name: 'an earlier date still sees the grace',
      history: [
        REG,
        st('renewal_pending', '2026-06-01', { auditPeriodEnd: '2025-03-31', renewalFiledOn: '2026-06-01' }),
        st('registered', '2026-09-15', { auditPeriodEnd: '2026-03-31' }),
      ],
      asOf: '2026-09-14',
      inEffect: true,
      reason: 'REGISTRATION_RENEWAL_PENDING',
      validUntil: '2026-07-31',
      inGrace: true,
    },
    {
      name: 'explicit validUntil overrides the computed one',
      history: [{ ...REG, validUntil: '2026-05-31' }],
      asOf: '2026-06-01',
      inEffect: false,
      reason: 'REGISTRATION_EXPIRED',
      validUntil: '2026-05-31',
      inGrace: false,
    },
    {
      name: 'state without auditPeriodEnd or validUntil fails closed',
      history: [st('registered', '2025-05-01')],
      asOf: '2025-06-01',
      inEffect: false,
      reason: 'REGISTRATION_VALIDITY_UNKNOWN',
      validUntil: null,
      inGrace: false,
    },
    {
      name: 'same effectiveOn: the later entry wins',
      history: [
        REG,
        st('revoked', '2025-09-01', { auditPeriodEnd: '2025-03-31' }),
        st('registered', '2025-09-01', { auditPeriodEnd: '2025-03-31' }),
      ],
      asOf: '2025-09-01',
      inEffect: true,
      reason: 'REGISTRATION_IN_EFFECT',
      validUntil: '2026-07-31',
      inGrace: false,
    },
  ])('$name', ({ history, asOf, inEffect, reason, validUntil, inGrace }) => {
    const s = registrationStateOn(reg(history), asOf);
    expect({ inEffect: s.inEffect, reason: s.reason, validUntil: s.validUntil, inGrace: s.inGrace }).toEqual({
      inEffect,
      reason,
      validUntil,
      inGrace,
    });
  });

  it.each([
    ['expired', 'REGISTRATION_EXPIRED'],
    ['revoked', 'REGISTRATION_REVOKED'],
    ['withdrawn', 'REGISTRATION_WITHDRAWN'],
    ['suspended', 'REGISTRATION_SUSPENDED'],
  ] as const)('status %s: in force from its effectiveOn, not before', (status, reason) => {
    const r = reg([REG, st(status, '2025-12-01', { auditPeriodEnd: '2025-03-31' })]);
    expect(registrationStateOn(r, '2025-11-30')).toMatchObject({ inEffect: true, status: 'registered', reason: 'REGISTRATION_IN_EFFECT' });
    expect(registrationStateOn(r, '2025-12-01')).toMatchObject({ inEffect: false, status, reason, since: '2025-12-01' });
  });

  it('a lapse by date is reported as beginning on validUntil + 1', () => {
    expect(registrationStateOn(reg([REG]), '2026-09-01').since).toBe('2026-08-01');
  });
});

describe('registrationStateOn: confirmation rule (LGWAN-ASP)', () => {
  const lg = (lastConfirmedOn: string | null) => reg([st('registered', '2024-01-01', { lastConfirmedOn })], LGWAN, '2024-01-01');
  it.each([
    { name: 'confirmed exactly 365 days ago', last: '2025-01-01', asOf: '2026-01-01', opts: {}, stale: false },
    { name: 'confirmed 366 days ago', last: '2025-01-01', asOf: '2026-01-02', opts: {}, stale: true },
    { name: 'never confirmed: counts from registeredOn (365)', last: null, asOf: '2024-12-31', opts: {}, stale: false },
    { name: 'never confirmed: counts from registeredOn (366)', last: null, asOf: '2025-01-01', opts: {}, stale: true },
    { name: 'option override: 30 days, day 30', last: '2025-01-01', asOf: '2025-01-31', opts: { staleAfterDays: 30 }, stale: false },
    { name: 'option override: 30 days, day 31', last: '2025-01-01', asOf: '2025-02-01', opts: { staleAfterDays: 30 }, stale: true },
  ])('$name', ({ last, asOf, opts, stale }) => {
    const s = registrationStateOn(lg(last), asOf, opts);
    expect(s).toMatchObject({ inEffect: true, reason: 'REGISTRATION_IN_EFFECT', validUntil: null, stale, lastConfirmedOn: last });
  });

  it('an ISMAP registration is never stale', () => {
    expect(registrationStateOn(reg([REG]), '2026-07-31').stale).toBe(false);
  });
});

describe('effectiveValidUntil', () => {
  const r = reg([REG, st('registered', '2026-09-15', { auditPeriodEnd: '2026-03-31' })]);
  it.each([
    ['2025-04-30', null],
    ['2025-05-01', '2026-07-31'],
    ['2026-09-14', '2026-07-31'],
    ['2026-09-15', '2027-07-31'],
  ])('on %s → %s', (asOf, e) => {
    expect(effectiveValidUntil(r, asOf)).toBe(e);
  });
});
