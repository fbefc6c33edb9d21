import { addDaysCapped, daysBetween, type IsoDate } from './dates';
import { computeValidUntil, missingValidityInputs, type ValidityRule } from './validity';

export type RegistrationStatus = 'registered' | 'renewal_pending' | 'expired' | 'revoked' | 'withdrawn' | 'suspended';

export const REGISTRATION_STATUSES: readonly RegistrationStatus[] = [
  'registered',
  'renewal_pending',
  'expired',
  'revoked',
  'withdrawn',
  'suspended',
];

/** A full snapshot of a registration's state, in force from `effectiveOn`. */
export interface RegistrationState {
  status: RegistrationStatus;
  effectiveOn: IsoDate;
  auditPeriodEnd: IsoDate | null;
  /** Explicit end of validity (overrides the scheme rule). */
  validUntil: IsoDate | null;
  renewalFiledOn: IsoDate | null;
  lastConfirmedOn: IsoDate | null;
}

export interface RegistrationFacts {
  id: string;
  scheme: string;
  rule: ValidityRule;
  registeredOn: IsoDate;
  /** Ordered by effectiveOn, then recording order; a later entry with the same effectiveOn wins. */
  history: RegistrationState[];
  /**
   * Present (not null) when the registration reaches the service through its scope (対象範囲)
   * rather than being recorded for it: see {@link RegistrationCoverage}. Absent/null: the
   * registration is the service's own, covered from registeredOn on.
   */
  coverage?: RegistrationCoverage | null;
}

/**
 * How a registration of another service of the same provider covers this one: the service the
 * registration is recorded for, and the periods this service is in its scope. A period holds from
 * `effectiveOn` (inclusive) until the day before `endedOn` (exclusive: the first day it is no longer
 * covered; null = not ended), as a destination's effectiveFrom/endedOn. Outside every period the
 * registration is absent for the service.
 */
export interface RegistrationCoverage {
  registeredServiceId: string;
  periods: readonly CoveragePeriod[];
}

export interface CoveragePeriod {
  effectiveOn: IsoDate;
  endedOn: IsoDate | null;
}

/**
 * Whether the registration counts for the service on `asOf` at all: its own registration always
 * does; a covering one only inside a coverage period (effectiveOn ≤ asOf < endedOn). Returns the
 * period in force (null for the service's own registration), or undefined when not covered on asOf.
 */
export function coverageOn(reg: Pick<RegistrationFacts, 'coverage'>, asOf: IsoDate): CoveragePeriod | null | undefined {
  if (reg.coverage == null) return null;
  let found: CoveragePeriod | undefined;
  for (const p of reg.coverage.periods) {
    if (p.effectiveOn <= asOf && (p.endedOn === null || asOf < p.endedOn) && (found === undefined || p.effectiveOn > found.effectiveOn)) {
      found = p;
    }
  }
  return found;
}

/**
 * The last day the service stays covered as known on `asOf` (periods that follow each other without
 * a gap join); null = no end; undefined when not covered on asOf. The service's own registration: null.
 */
export function coverageEndOn(reg: Pick<RegistrationFacts, 'coverage'>, asOf: IsoDate): IsoDate | null | undefined {
  let period = coverageOn(reg, asOf);
  if (period == null) return period;
  const seen = new Set<CoveragePeriod>([period]);
  while (period.endedOn !== null) {
    const next: CoveragePeriod | null | undefined = coverageOn(reg, period.endedOn);
    if (next == null || seen.has(next)) return addDaysCapped(period.endedOn, -1);
    seen.add(next);
    period = next;
  }
  return null;
}

export type RegistrationReason =
  | 'REGISTRATION_IN_EFFECT'
  | 'REGISTRATION_RENEWAL_PENDING'
  | 'REGISTRATION_EXPIRED'
  | 'REGISTRATION_REVOKED'
  | 'REGISTRATION_WITHDRAWN'
  | 'REGISTRATION_SUSPENDED'
  | 'REGISTRATION_NOT_YET_EFFECTIVE'
  | 'REGISTRATION_VALIDITY_UNKNOWN';

export interface RegistrationStateOn {
  inEffect: boolean;
  /** Status of the state in force; null before the registration exists. */
  status: RegistrationStatus | null;
  /** The day the reported condition began: the state's effectiveOn, or validUntil + 1 for a lapse by date. */
  since: IsoDate | null;
  /** End of the validity period (explicit or computed); null = no fixed end. Past when in grace. */
  validUntil: IsoDate | null;
  reason: RegistrationReason;
  /** In effect only through renewal grace: contributes no end to a decision. */
  inGrace: boolean;
  /** Confirmation-rule registration not re-confirmed within the allowed number of days. */
  stale: boolean;
  /** The latest confirmation on or before asOf (a confirmation dated later does not count yet). */
  lastConfirmedOn: IsoDate | null;
}

export interface RegistrationStateOptions {
  /** Overrides a confirmation rule's staleAfterDays. */
  staleAfterDays?: number;
}

/** The last entry with effectiveOn ≤ asOf (a later entry wins a tie); null if none. */
export function stateInForce(reg: RegistrationFacts, asOf: IsoDate): RegistrationState | null {
  if (asOf < reg.registeredOn) return null; // before registeredOn the registration does not exist
  let found: RegistrationState | null = null;
  // A scan rather than a binary search so an unsorted history still gives the documented answer.
  for (const s of reg.history) if (s.effectiveOn <= asOf && (found === null || s.effectiveOn >= found.effectiveOn)) found = s;
  return found;
}

const TERMINAL: Record<'expired' | 'revoked' | 'withdrawn' | 'suspended', RegistrationReason> = {
  expired: 'REGISTRATION_EXPIRED',
  revoked: 'REGISTRATION_REVOKED',
  withdrawn: 'REGISTRATION_WITHDRAWN',
  suspended: 'REGISTRATION_SUSPENDED',
};

/**
 * The latest confirmation on or before `asOf` recorded in any state of the history (a confirmation
 * is a dated fact of its own day, whichever state carries it); null if none.
 */
export function lastConfirmationOn(reg: RegistrationFacts, asOf: IsoDate): IsoDate | null {
  let best: IsoDate | null = null;
  for (const s of reg.history) {
    const c = s.lastConfirmedOn;
    if (c !== null && c <= asOf && (best === null || c > best)) best = c;
  }
  return best;
}

/**
 * The registration as it stands on `asOf`.
 *
 * - `registered`: in effect through validUntil (null = no end). After it, in renewal grace when
 *   renewalFiledOn ≤ validUntil (filed while still valid), else REGISTRATION_EXPIRED.
 * - `renewal_pending`: the filing date defaults to the state's effectiveOn when renewalFiledOn
 *   is missing (the status itself records that a renewal was filed). Filed on or before
 *   validUntil (or no validUntil): in effect in grace — no known end, even before validUntil,
 *   because the registration will not lapse while the committee decides. Filed late: in effect
 *   through validUntil as an ordinary registration, REGISTRATION_EXPIRED after it.
 * - `expired`/`revoked`/`withdrawn`/`suspended`: not in effect.
 * - A state whose validity cannot be computed (e.g. an ISMAP state without auditPeriodEnd or
 *   validUntil) fails closed: not in effect, REGISTRATION_VALIDITY_UNKNOWN.
 * - Dated filings and confirmations: a renewal filed after asOf is not filed yet on asOf (a
 *   `renewal_pending` state is an ordinary registration before its own filing date, so not in
 *   grace); staleness counts from the latest confirmation on or before asOf (`lastConfirmationOn`),
 *   else from registeredOn.
 */
export function registrationStateOn(reg: RegistrationFacts, asOf: IsoDate, opts: RegistrationStateOptions = {}): RegistrationStateOn {
  const state = stateInForce(reg, asOf);
  const rule = reg.rule;
  const lastConfirmedOn = state === null ? null : lastConfirmationOn(reg, asOf);
  const staleAfter = rule.kind === 'confirmation' ? (opts.staleAfterDays ?? rule.staleAfterDays) : null;
  const stale = staleAfter !== null && state !== null && daysBetween(lastConfirmedOn ?? reg.registeredOn, asOf) > staleAfter;
  const result = (
    inEffect: boolean,
    reason: RegistrationReason,
    validUntil: IsoDate | null,
    inGrace = false,
    since: IsoDate | null = state?.effectiveOn ?? null,
  ): RegistrationStateOn => ({
    inEffect,
    status: state?.status ?? null,
    since,
    validUntil,
    reason,
    inGrace,
    stale,
    lastConfirmedOn,
  });

  if (state === null) return result(false, 'REGISTRATION_NOT_YET_EFFECTIVE', null);
  const inputs = { registeredOn: reg.registeredOn, auditPeriodEnd: state.auditPeriodEnd, validUntil: state.validUntil };
  const computable = missingValidityInputs(rule, inputs).length === 0;
  if (state.status !== 'registered' && state.status !== 'renewal_pending') {
    return result(false, TERMINAL[state.status], computable ? computeValidUntil(rule, inputs) : null);
  }
  if (!computable) return result(false, 'REGISTRATION_VALIDITY_UNKNOWN', null);
  const validUntil = computeValidUntil(rule, inputs);
  const recordedFiling = state.status === 'renewal_pending' ? (state.renewalFiledOn ?? state.effectiveOn) : state.renewalFiledOn;
  const filedOn = recordedFiling !== null && recordedFiling <= asOf ? recordedFiling : null;
  const filedInTime = filedOn !== null && (validUntil === null || filedOn <= validUntil);

  if (state.status === 'renewal_pending' && filedInTime) return result(true, 'REGISTRATION_RENEWAL_PENDING', validUntil, true);
  if (validUntil === null || asOf <= validUntil) return result(true, 'REGISTRATION_IN_EFFECT', validUntil);
  if (filedInTime) return result(true, 'REGISTRATION_RENEWAL_PENDING', validUntil, true);
  return result(false, 'REGISTRATION_EXPIRED', validUntil, false, addDaysCapped(validUntil, 1));
}

/**
 * The last day the registration stays in effect as far as is known on `asOf`, or null when no end
 * is known (renewal grace, confirmation rule, no fixed end) — undefined when it is not in effect on
 * asOf. A known future end shortens it: a state recorded ahead under which the registration is
 * not in effect (revoked / withdrawn / suspended / expired, or a period already over) ends it the
 * day before that state's effectiveOn; a state recorded ahead with an earlier validity end
 * shortens it to that end. A later state never lengthens it (a renewal is read when it is in force).
 * A registration that covers the service (`coverage`) is not in effect for it outside its coverage
 * periods (undefined), and the coverage's known end cuts it.
 * Used by decisions (validUntil, EXPIRING_SOON), the expiring-reviews list and the sweeps.
 */
export function registrationEndOn(reg: RegistrationFacts, asOf: IsoDate, opts: RegistrationStateOptions = {}): IsoDate | null | undefined {
  // a covering registration: absent outside its coverage, and the coverage's known end cuts it
  const coveredUntil = coverageEndOn(reg, asOf);
  if (coveredUntil === undefined) return undefined;
  const now = registrationStateOn(reg, asOf, opts);
  if (!now.inEffect) return undefined;
  let end: IsoDate | null = now.inGrace ? null : now.validUntil;
  if (coveredUntil !== null && (end === null || coveredUntil < end)) end = coveredUntil;
  const ahead = [...new Set(reg.history.filter((s) => s.effectiveOn > asOf).map((s) => s.effectiveOn))].sort();
  for (const day of ahead) {
    if (end !== null && day > end) break;
    const then = registrationStateOn(reg, day, opts);
    if (!then.inEffect) return addDaysCapped(day, -1);
    const thenEnd = then.inGrace ? null : then.validUntil;
    if (thenEnd !== null && (end === null || thenEnd < end)) end = thenEnd;
  }
  return end;
}

/** The validity end of the state in force on `asOf` (explicit or computed); null if none/unknown. */
export function effectiveValidUntil(reg: RegistrationFacts, asOf: IsoDate): IsoDate | null {
  const state = stateInForce(reg, asOf);
  if (state === null) return null;
  const inputs = { registeredOn: reg.registeredOn, auditPeriodEnd: state.auditPeriodEnd, validUntil: state.validUntil };
  if (missingValidityInputs(reg.rule, inputs).length > 0) return null;
  return computeValidUntil(reg.rule, inputs);
}
