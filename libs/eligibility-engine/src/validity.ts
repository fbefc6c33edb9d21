import { addDaysCapped, civilPeriodLastDay, type IsoDate } from './dates';

/**
 * How a scheme's registration validity is derived. Schemes hold this as data
 * (e.g. ISMAP and ISMAP_LIU: audit_period_months 16; ASPIC: years_from_registration 2;
 * LGWAN_ASP: confirmation 365).
 */
export type ValidityRule =
  | { kind: 'audit_period_months'; months: number }
  | { kind: 'years_from_registration'; years: number }
  | { kind: 'confirmation'; staleAfterDays: number }
  | { kind: 'explicit' };

export interface ValidityInputs {
  registeredOn?: IsoDate | null;
  auditPeriodEnd?: IsoDate | null;
  /** An explicit end (e.g. from the official list); overrides any computed value. */
  validUntil?: IsoDate | null;
}

export type ValidityInputField = 'registeredOn' | 'auditPeriodEnd' | 'validUntil';

const REQUIRED: Readonly<Record<ValidityRule['kind'], readonly (readonly ValidityInputField[])[]>> = {
  audit_period_months: [['auditPeriodEnd'], ['validUntil']],
  years_from_registration: [['registeredOn'], ['validUntil']],
  confirmation: [[]],
  explicit: [['validUntil']],
};

/**
 * Alternative sets of fields, any one of which is enough to compute the validity
 * (`[[]]` = nothing is required).
 */
export function requiredInputs(rule: ValidityRule): ValidityInputField[][] {
  return REQUIRED[rule.kind].map((set) => [...set]);
}

/**
 * Fields missing to compute the validity: `[]` when some alternative of `requiredInputs` is
 * complete, else the fields of the first alternative that are missing (for error messages).
 */
export function missingValidityInputs(rule: ValidityRule, inputs: ValidityInputs): ValidityInputField[] {
  const alternatives = REQUIRED[rule.kind];
  for (const set of alternatives) if (set.every((f) => inputs[f] != null)) return [];
  return alternatives[0].filter((f) => inputs[f] == null);
}

/**
 * Last valid day of a registration, or null when it has no fixed end.
 *
 * - An explicit `validUntil` always wins (the official list is authoritative).
 * - `audit_period_months`: counted from S = auditPeriodEnd + 1 day as the Civil Code counts
 *   periods: the last valid day is the day before the day `months` after S, or the last day of
 *   that month where it has no such day (see `civilPeriodLastDay`).
 *   2025-03-31 → 2026-07-31; 2025-06-30 → 2026-10-31; 2025-10-30 → 2027-02-28.
 * - `years_from_registration`: the same civil counting with registeredOn as the first day
 *   (valid through the day before the anniversary; 2024-02-29 + 2 years → 2026-02-28).
 * - `confirmation`: null (no expiry; staleness is judged separately).
 * - `explicit`: the given validUntil, or null.
 * - Never past 9999-12-31: a validity that would run beyond it is capped there.
 *
 * Throws when a required input is missing (check with `missingValidityInputs` first).
 */
export function computeValidUntil(rule: ValidityRule, inputs: ValidityInputs): IsoDate | null {
  if (inputs.validUntil != null) return inputs.validUntil;
  switch (rule.kind) {
    case 'audit_period_months':
      if (inputs.auditPeriodEnd == null) throw new Error('auditPeriodEnd (or validUntil) is required by an audit_period_months rule');
      return civilPeriodLastDay(addDaysCapped(inputs.auditPeriodEnd, 1), rule.months);
    case 'years_from_registration':
      if (inputs.registeredOn == null) throw new Error('registeredOn (or validUntil) is required by a years_from_registration rule');
      return civilPeriodLastDay(inputs.registeredOn, rule.years * 12);
    case 'confirmation':
    case 'explicit':
      return null;
  }
}
