import { describe, expect, it } from '@jest/globals';
import { type MeasureFacts, type MunicipalityContext, obligationStatuses, type UsageStanding } from './obligations';
import type { Obligation } from './types';

const o = (id: string, extra: Partial<Obligation> = {}): Obligation => ({ id, title: id, titleEn: id, source: 'test', ...extra });
const FIC = o('FILE_IMPORT_CONTROL', { requiredUnder: ['alpha', 'alpha_prime', 'beta'], metBy: { usageOf: 'file-import-control' } });
const EDR = o('ENDPOINT_EDR', { requiredUnder: ['alpha_prime', 'beta', 'beta_prime'], metBy: { measure: 'EDR_DEPLOYED' } });
const LBO = o('LBO_RISK_ASSESSMENT', { requiredAtBreakout: ['own_firewall'], metBy: { measure: 'LBO_RISK_ASSESSMENT' } });
const OUT = o('OUTBOUND_ONLY');

const ctx = (extra: Partial<MunicipalityContext> = {}): MunicipalityContext => ({
  networkModel: null,
  breakoutPoint: null,
  measures: [],
  usages: [],
  ...extra,
});
const measure = (id: string, effectiveOn: string, validUntil: string | null = null, name = 'EDR_DEPLOYED'): MeasureFacts => ({
  id,
  measure: name,
  effectiveOn,
  validUntil,
});
const usage = (usageId: string, decision: UsageStanding['decision'], validUntil: string | null): UsageStanding => ({
  usageId,
  serviceId: `svc-${usageId}`,
  profileKey: 'file-import-control',
  decision,
  validUntil,
});
const one = (ob: Obligation, c: MunicipalityContext, asOf = '2025-12-01') => obligationStatuses([ob], c, asOf)[0];

describe('obligation statuses per municipality', () => {
  it.each<[string, string | null, string, string]>([
    ['α: file import control required', 'alpha', 'FILE_IMPORT_CONTROL', 'open'],
    ["β': file import control not required", 'beta_prime', 'FILE_IMPORT_CONTROL', 'not_required'],
    ['α: EDR not required', 'alpha', 'ENDPOINT_EDR', 'not_required'],
    ["β': EDR required", 'beta_prime', 'ENDPOINT_EDR', 'open'],
    ['no model recorded: required (never assume the lighter case)', null, 'ENDPOINT_EDR', 'open'],
  ])('%s', (_name, model, id, expected) => {
    expect(one(id === 'ENDPOINT_EDR' ? EDR : FIC, ctx({ networkModel: model })).status).toBe(expected);
  });

  it.each<[string, string | null, string]>([
    ['own firewall: LBO risk assessment required', 'own_firewall', 'open'],
    ['security cloud: not required', 'security_cloud', 'not_required'],
    ['unknown breakout point: required', null, 'open'],
  ])('%s', (_name, breakout, expected) => {
    expect(one(LBO, ctx({ breakoutPoint: breakout })).status).toBe(expected);
  });

  it.each<[string, MeasureFacts[], string, string, string, string | null]>([
    ['recorded the day before: met with no end', [measure('m1', '2025-11-30')], '2025-12-01', 'met', 'MEASURE_IN_EFFECT', null],
    ['recorded on the day: met', [measure('m1', '2025-12-01', '2026-03-31')], '2025-12-01', 'met', 'MEASURE_IN_EFFECT', '2026-03-31'],
    ['recorded the day after: not yet', [measure('m1', '2025-12-02')], '2025-12-01', 'open', 'MEASURE_ABSENT', null],
    ['last valid day: met', [measure('m1', '2025-01-01', '2025-12-01')], '2025-12-01', 'met', 'MEASURE_IN_EFFECT', '2025-12-01'],
    ['the day after its end: lapsed', [measure('m1', '2025-01-01', '2025-11-30')], '2025-12-01', 'open', 'MEASURE_LAPSED', null],
    [
      'a later record replaces an earlier one',
      [measure('m1', '2024-01-01'), measure('m2', '2025-06-01', '2025-11-30')],
      '2025-12-01',
      'open',
      'MEASURE_LAPSED',
      null,
    ],
    ['another measure does not count', [measure('m1', '2024-01-01', null, 'OTHER')], '2025-12-01', 'open', 'MEASURE_ABSENT', null],
  ])('EDR measure: %s', (_name, measures, asOf, status, reason, validUntil) => {
    expect(one(EDR, ctx({ networkModel: 'beta', measures }), asOf)).toMatchObject({ status, reason, validUntil });
  });

  it.each<[string, UsageStanding[], string, string, string | null, string | null]>([
    ['no usage', [], 'open', 'NO_ELIGIBLE_USAGE', null, null],
    ['a usage of an ineligible product', [usage('u1', 'ineligible', null)], 'open', 'NO_ELIGIBLE_USAGE', null, null],
    ['an eligible product: met until its validUntil', [usage('u1', 'eligible', '2026-05-31')], 'met', 'ELIGIBLE_USAGE', '2026-05-31', 'u1'],
    [
      'of two eligible, the later end',
      [usage('u1', 'eligible', '2026-05-31'), usage('u2', 'eligible', '2027-01-31')],
      'met',
      'ELIGIBLE_USAGE',
      '2027-01-31',
      'u2',
    ],
    [
      'no known end beats any end',
      [usage('u2', 'eligible', '2027-01-31'), usage('u3', 'eligible', null)],
      'met',
      'ELIGIBLE_USAGE',
      null,
      'u3',
    ],
  ])('file import control: %s', (_name, usages, status, reason, validUntil, basisId) => {
    const s = one(FIC, ctx({ networkModel: 'alpha', usages }));
    expect(s).toMatchObject({ status, reason, validUntil });
    expect(s.basis[0]?.id ?? null).toBe(basisId);
  });

  it('an obligation without metBy is open wherever it is required (the registry cannot tell)', () => {
    expect(one(OUT, ctx({ networkModel: 'alpha' }))).toMatchObject({ status: 'open', reason: 'NOT_CHECKABLE' });
  });
});
