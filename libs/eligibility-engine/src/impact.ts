/**
 * Edition impact (issue 13): which services' decisions change when `target` replaces `baseline`,
 * and which requirements cause each change. Both editions decide the SAME facts on the SAME date,
 * so only the rules differ (a lapse that would happen anyway is not the edition's doing). One pass
 * over facts already loaded; pure and deterministic (output in facts order, causes in the target's
 * requirement order, then requirements the target dropped).
 */
import type { IsoDate } from './dates';
import { decideMany } from './engine';
import type { Decision, DecisionOutcome, EngineOptions, ProfileEdition, ReasonCode, RequirementOutcome, ServiceFacts } from './types';
import { DEFAULT_ENGINE_OPTIONS } from './types';

export interface ImpactCause {
  requirementId: string;
  /** The requirement's result under the baseline (null: the baseline has no such requirement). */
  from: { outcome: RequirementOutcome; reason: ReasonCode; mandatory: boolean } | null;
  /** Its result under the target (null: the target dropped it). */
  to: { outcome: RequirementOutcome; reason: ReasonCode; mandatory: boolean } | null;
}

export interface ServiceImpact {
  serviceId: string;
  from: { decision: DecisionOutcome; validUntil: IsoDate | null } | null;
  to: { decision: DecisionOutcome; validUntil: IsoDate | null };
  causes: ImpactCause[];
}

const same = (a: ImpactCause['from'], b: ImpactCause['to']): boolean =>
  a !== null && b !== null && a.outcome === b.outcome && a.mandatory === b.mandatory;

/** The requirement results that differ between two decisions of one service (outcome or mandatory-ness). */
export function changedRequirements(before: Decision | null, after: Decision): ImpactCause[] {
  const pick = (d: Decision | null, id: string) => {
    const r = d?.requirements.find((x) => x.id === id);
    return r ? { outcome: r.outcome, reason: r.reason, mandatory: r.mandatory } : null;
  };
  const ids = [...after.requirements.map((r) => r.id), ...(before?.requirements ?? []).map((r) => r.id)];
  const causes: ImpactCause[] = [];
  for (const id of new Set(ids)) {
    const from = pick(before, id);
    const to = pick(after, id);
    if (!same(from, to)) causes.push({ requirementId: id, from, to });
  }
  return causes;
}

/**
 * The services whose decision outcome differs between `baseline` (null: no edition in effect) and
 * `target`, both decided on `asOf`.
 */
export function editionImpact(
  baseline: ProfileEdition | null,
  target: ProfileEdition,
  factsList: readonly ServiceFacts[],
  asOf: IsoDate,
  options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
): ServiceImpact[] {
  const after = decideMany(target, factsList, asOf, options);
  const before = baseline ? decideMany(baseline, factsList, asOf, options) : null;
  const out: ServiceImpact[] = [];
  after.forEach((a, i) => {
    const b = before ? before[i] : null;
    if (b !== null && b.decision === a.decision) return;
    out.push({
      serviceId: a.serviceId,
      from: b ? { decision: b.decision, validUntil: b.validUntil } : null,
      to: { decision: a.decision, validUntil: a.validUntil },
      causes: changedRequirements(b, a),
    });
  });
  return out;
}
