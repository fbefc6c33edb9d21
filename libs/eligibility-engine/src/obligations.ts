/**
 * Municipality-side obligations for one municipality (issue 13): whether each obligation of an
 * eligible decision is `not_required` under the municipality's network model / breakout point (per
 * the profile's data), `met` by a record (a self-attested dated measure, or a usage of a service
 * eligible under another profile) and until when, or `open`. Pure: the caller hands in the
 * municipality's context and the decisions of the services it uses.
 *
 * Choices (docs/DECISIONS.md "Municipality context"):
 * - A municipality with no network model (or breakout point) recorded gets every obligation that
 *   is conditional on it as required: the registry does not assume the lighter case.
 * - A measure counts from its `effectiveOn` through its `validUntil` (null = no known end); of
 *   several records of one measure the latest `effectiveOn` on or before asOf decides (a later
 *   record replaces an earlier one, so a lapsed latest record is `open` even if an older one had no
 *   end). A measure recorded ahead does not count yet.
 * - A usage meets a `usageOf` obligation when the used service is decided `eligible` on asOf under
 *   that profile; its `validUntil` is the decision's. Of several, one with no known end wins, then
 *   the latest end, then the smaller usage id.
 */
import type { IsoDate } from './dates';
import type { DecisionOutcome, Obligation } from './types';

export type ObligationState = 'met' | 'open' | 'not_required';

export type ObligationReason =
  | 'NOT_REQUIRED_UNDER_MODEL'
  | 'NOT_REQUIRED_AT_BREAKOUT'
  | 'MEASURE_IN_EFFECT'
  | 'MEASURE_ABSENT'
  | 'MEASURE_LAPSED'
  | 'ELIGIBLE_USAGE'
  | 'NO_ELIGIBLE_USAGE'
  | 'NOT_CHECKABLE';

export const OBLIGATION_REASONS: readonly ObligationReason[] = [
  'NOT_REQUIRED_UNDER_MODEL',
  'NOT_REQUIRED_AT_BREAKOUT',
  'MEASURE_IN_EFFECT',
  'MEASURE_ABSENT',
  'MEASURE_LAPSED',
  'ELIGIBLE_USAGE',
  'NO_ELIGIBLE_USAGE',
  'NOT_CHECKABLE',
];

/** A self-attested measure of the municipality (EDR deployed, LBO risk assessment done on D …). */
export interface MeasureFacts {
  id: string;
  measure: string;
  effectiveOn: IsoDate;
  validUntil: IsoDate | null;
}

/** A service the municipality uses, with its decision on asOf under the usage's profile. */
export interface UsageStanding {
  usageId: string;
  serviceId: string;
  profileKey: string;
  decision: DecisionOutcome;
  validUntil: IsoDate | null;
}

export interface MunicipalityContext {
  networkModel: string | null;
  breakoutPoint: string | null;
  measures: readonly MeasureFacts[];
  usages: readonly UsageStanding[];
}

export interface ObligationBasis {
  type: 'measure' | 'usage';
  id: string;
  /** usage: the used service. */
  serviceId?: string;
}

export interface ObligationStatus {
  id: string;
  title: string;
  status: ObligationState;
  reason: ObligationReason;
  basis: ObligationBasis[];
  /** met: the last day the record meeting it holds (null = no known end); otherwise null. */
  validUntil: IsoDate | null;
}

/** Whether the obligation applies to a municipality with this model and breakout point (null: unknown → applies). */
export function obligationRequired(
  o: Pick<Obligation, 'requiredUnder' | 'requiredAtBreakout'>,
  networkModel: string | null,
  breakoutPoint: string | null,
): { required: true } | { required: false; reason: 'NOT_REQUIRED_UNDER_MODEL' | 'NOT_REQUIRED_AT_BREAKOUT' } {
  if (o.requiredUnder !== undefined && networkModel !== null && !o.requiredUnder.includes(networkModel)) {
    return { required: false, reason: 'NOT_REQUIRED_UNDER_MODEL' };
  }
  if (o.requiredAtBreakout !== undefined && breakoutPoint !== null && !o.requiredAtBreakout.includes(breakoutPoint)) {
    return { required: false, reason: 'NOT_REQUIRED_AT_BREAKOUT' };
  }
  return { required: true };
}

const status = (
  o: Obligation,
  s: ObligationState,
  reason: ObligationReason,
  basis: ObligationBasis[] = [],
  validUntil: IsoDate | null = null,
) => ({
  id: o.id,
  title: o.title,
  status: s,
  reason,
  basis,
  validUntil,
});

/** Each obligation's status for the municipality on asOf, in the obligations' order. */
export function obligationStatuses(obligations: readonly Obligation[], ctx: MunicipalityContext, asOf: IsoDate): ObligationStatus[] {
  return obligations.map((o): ObligationStatus => {
    const req = obligationRequired(o, ctx.networkModel, ctx.breakoutPoint);
    if (!req.required) return status(o, 'not_required', req.reason);
    const metBy = o.metBy;
    if (metBy === undefined) return status(o, 'open', 'NOT_CHECKABLE');
    if ('measure' in metBy) {
      let latest: MeasureFacts | null = null;
      for (const m of ctx.measures) {
        if (m.measure !== metBy.measure || m.effectiveOn > asOf) continue;
        if (latest === null || m.effectiveOn > latest.effectiveOn || (m.effectiveOn === latest.effectiveOn && m.id < latest.id)) latest = m;
      }
      if (latest === null) return status(o, 'open', 'MEASURE_ABSENT');
      if (latest.validUntil !== null && latest.validUntil < asOf)
        return status(o, 'open', 'MEASURE_LAPSED', [{ type: 'measure', id: latest.id }]);
      return status(o, 'met', 'MEASURE_IN_EFFECT', [{ type: 'measure', id: latest.id }], latest.validUntil);
    }
    const eligible = ctx.usages
      .filter((u) => u.profileKey === metBy.usageOf && u.decision === 'eligible')
      .sort((a, b) => {
        if ((a.validUntil === null) !== (b.validUntil === null)) return a.validUntil === null ? -1 : 1;
        if (a.validUntil !== b.validUntil) return a.validUntil! > b.validUntil! ? -1 : 1;
        return a.usageId < b.usageId ? -1 : a.usageId > b.usageId ? 1 : 0;
      });
    if (eligible.length === 0) return status(o, 'open', 'NO_ELIGIBLE_USAGE');
    const best = eligible[0];
    return status(o, 'met', 'ELIGIBLE_USAGE', [{ type: 'usage', id: best.usageId, serviceId: best.serviceId }], best.validUntil);
  });
}
