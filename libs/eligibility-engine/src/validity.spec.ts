import { describe, expect, it } from '@jest/globals';
import { computeValidUntil, missingValidityInputs, requiredInputs, type ValidityRule } from './validity';

const ISMAP: ValidityRule = { kind: 'audit_period_months', months: 16 };
const ASPIC: ValidityRule = { kind: 'years_from_registration', years: 2 };
const LGWAN: ValidityRule = { kind: 'confirmation', staleAfterDays: 365 };
const EXPLICIT: ValidityRule = { kind: 'explicit' };
const ONE_YEAR: ValidityRule = { kind: 'years_from_registration', years: 1 };

describe('computeValidUntil: audit_period_months (ISMAP, 16 months from auditPeriodEnd + 1)', () => {
  it.each([
    // auditPeriodEnd → S → valid through
    ['2025-03-31', '2026-07-31'], // S 2025-04-01; 2026-08-01 − 1
    ['2025-06-30', '2026-10-31'], // S 2025-07-01; 2026-11-01 − 1 (not 10-30)
    ['2025-10-30', '2027-02-28'], // S 2025-10-31; 2027-02-31 missing → last day of Feb
    ['2026-10-28', '2028-02-28'], // S 2026-10-29; 2028-02-29 exists → the day before
    ['2026-10-29', '2028-02-29'], // S 2026-10-30; 2028-02-30 missing → last day of Feb 2028
    ['2026-10-30', '2028-02-29'], // S 2026-10-31; 2028-02-31 missing
    ['2025-10-27', '2027-02-27'], // S 2025-10-28; 2027-02-28 exists → 02-27
    ['2025-03-30', '2026-07-30'], // S 2025-03-31; 2026-07-31 exists → 07-30
    ['2024-12-31', '2026-04-30'], // S 2025-01-01; 2026-05-01 − 1
    ['2024-02-28', '2025-06-28'], // S 2024-02-29; 2025-06-29 − 1
  ])('audit period ending %s → valid through %s', (auditPeriodEnd, expected) => {
    expect(computeValidUntil(ISMAP, { auditPeriodEnd })).toBe(expected);
  });

  it('an explicit validUntil overrides the computed date', () => {
    expect(computeValidUntil(ISMAP, { auditPeriodEnd: '2025-03-31', validUntil: '2026-06-30' })).toBe('2026-06-30');
    expect(computeValidUntil(ISMAP, { validUntil: '2026-06-30' })).toBe('2026-06-30');
  });

  it('throws when auditPeriodEnd is missing', () => {
    expect(() => computeValidUntil(ISMAP, { auditPeriodEnd: null })).toThrow(/auditPeriodEnd/);
  });
});

describe('computeValidUntil: other rules', () => {
  it.each([
    [ASPIC, { registeredOn: '2024-04-01' }, '2026-03-31'],
    [ASPIC, { registeredOn: '2024-02-29' }, '2026-02-28'],
    [ASPIC, { registeredOn: '2024-03-01' }, '2026-02-28'],
    [ONE_YEAR, { registeredOn: '2023-03-01' }, '2024-02-29'],
    [ASPIC, { registeredOn: '2024-04-01', validUntil: '2025-01-01' }, '2025-01-01'],
    [LGWAN, { registeredOn: '2020-01-01' }, null],
    [LGWAN, { registeredOn: '2020-01-01', validUntil: '2030-01-01' }, '2030-01-01'],
    [EXPLICIT, { validUntil: '2027-03-31' }, '2027-03-31'],
    [EXPLICIT, {}, null],
  ])('%j %j → %s', (rule, inputs, expected) => {
    expect(computeValidUntil(rule, inputs)).toBe(expected);
  });

  it('years_from_registration throws without registeredOn', () => {
    expect(() => computeValidUntil(ASPIC, {})).toThrow(/registeredOn/);
  });
});

describe('requiredInputs / missingValidityInputs', () => {
  it.each([
    [ISMAP, [['auditPeriodEnd'], ['validUntil']]],
    [ASPIC, [['registeredOn'], ['validUntil']]],
    [LGWAN, [[]]],
    [EXPLICIT, [['validUntil']]],
  ])('requiredInputs(%j)', (rule, expected) => {
    expect(requiredInputs(rule)).toEqual(expected);
  });

  it.each([
    [ISMAP, {}, ['auditPeriodEnd']],
    [ISMAP, { auditPeriodEnd: '2025-03-31' }, []],
    [ISMAP, { validUntil: '2026-01-01' }, []],
    [ISMAP, { registeredOn: '2025-01-01' }, ['auditPeriodEnd']],
    [ASPIC, {}, ['registeredOn']],
    [ASPIC, { registeredOn: '2025-01-01' }, []],
    [LGWAN, {}, []],
    [EXPLICIT, {}, ['validUntil']],
    [EXPLICIT, { validUntil: null }, ['validUntil']],
    [EXPLICIT, { validUntil: '2026-01-01' }, []],
  ])('missingValidityInputs(%j, %j) = %j', (rule, inputs, expected) => {
    expect(missingValidityInputs(rule, inputs)).toEqual(expected);
  });
});
