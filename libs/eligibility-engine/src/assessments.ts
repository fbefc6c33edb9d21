/**
 * The ONE definition of an assessment's evidence window and of supersession. The engine's
 * attestation requirements, the assessment view's `superseded` status, the expiring-reviews list
 * and the expiry sweep all call these functions.
 *
 * - Void: revoked from the start (revocation without effectiveOn, or effective on or before
 *   performedOn). A void assessment counts for no date and supersedes nothing, anywhere.
 * - Superseded from: the earliest performedOn among its non-void successors (a predecessor whose
 *   successor is void may be superseded again; the earliest live successor wins).
 * - Evidence window: from performedOn through the earliest of validUntil, performedOn +
 *   maxEvidenceAgeDays (capped at 9999-12-31), the day before the revocation's effectiveOn, the day
 *   before supersededFrom. A tie names the earlier cause in that list. A cut on or before
 *   performedOn means the assessment never counts (`end` null).
 */
import { addDaysCapped, type IsoDate } from './dates';
import type { AssessmentFacts, SuccessorFacts } from './types';

export type EvidenceEndCause = 'validity' | 'age' | 'revocation' | 'supersession';

export interface EvidenceWindow {
  /** First day it counts (performedOn). */
  from: IsoDate;
  /** Last day it counts; null = never counts (void, or cut short on or before its start). */
  end: IsoDate | null;
  /** What ends it (`revocation` for a void assessment). */
  cause: EvidenceEndCause;
}

/** Revoked from its start: counts for no date and supersedes nothing. */
export function isVoid(a: Pick<AssessmentFacts, 'performedOn' | 'revoked'>): boolean {
  return a.revoked !== null && (a.revoked.effectiveOn === null || a.revoked.effectiveOn <= a.performedOn);
}

/** The successor that supersedes: the non-void one with the earliest performedOn (then the smaller id); null if none. */
export function supersedingSuccessor(successors: readonly SuccessorFacts[] | undefined): SuccessorFacts | null {
  let best: SuccessorFacts | null = null;
  for (const s of successors ?? []) {
    if (isVoid(s)) continue;
    if (best === null || s.performedOn < best.performedOn || (s.performedOn === best.performedOn && s.id < best.id)) best = s;
  }
  return best;
}

/** First day the assessment no longer counts because a successor supersedes it; null if never. */
export function supersededFrom(a: Pick<AssessmentFacts, 'supersededFrom' | 'successors'>): IsoDate | null {
  const s = supersedingSuccessor(a.successors);
  if (s === null) return a.supersededFrom;
  return a.supersededFrom !== null && a.supersededFrom < s.performedOn ? a.supersededFrom : s.performedOn;
}

/** Whether a successor supersedes the assessment on `asOf` (from the successor's performedOn on). */
export function isSupersededOn(a: Pick<AssessmentFacts, 'supersededFrom' | 'successors'>, asOf: IsoDate): boolean {
  const from = supersededFrom(a);
  return from !== null && from <= asOf;
}

/** The assessment's evidence window (see the file comment); `maxEvidenceAgeDays` from the profile, null = no limit. */
export function evidenceWindow(a: AssessmentFacts, maxEvidenceAgeDays: number | null = null): EvidenceWindow {
  if (isVoid(a)) return { from: a.performedOn, end: null, cause: 'revocation' };
  // the window ends the day before the earliest cut (exclusive first days), or on the last valid day
  let cut: IsoDate | null = null; // first day it no longer counts, for revocation/supersession
  let end: IsoDate = a.validUntil;
  let cause: EvidenceEndCause = 'validity';
  if (maxEvidenceAgeDays !== null) {
    const d = addDaysCapped(a.performedOn, maxEvidenceAgeDays);
    if (d < end) [end, cause] = [d, 'age'];
  }
  const revokedFrom = a.revoked?.effectiveOn ?? null;
  if (revokedFrom !== null && revokedFrom <= end) [cut, cause] = [revokedFrom, 'revocation'];
  const successorFrom = supersededFrom(a);
  if (successorFrom !== null && successorFrom <= end && (cut === null || successorFrom < cut))
    [cut, cause] = [successorFrom, 'supersession'];
  if (cut === null) return { from: a.performedOn, end, cause };
  if (cut <= a.performedOn) return { from: a.performedOn, end: null, cause };
  return { from: a.performedOn, end: addDaysCapped(cut, -1), cause };
}

/** Whether the assessment counts as evidence on `asOf`. */
export function countsOn(w: EvidenceWindow, asOf: IsoDate): boolean {
  return w.end !== null && w.from <= asOf && asOf <= w.end;
}

/** Ended by its own validity or the evidence age limit (not revoked, not superseded) before `asOf`. */
export function lapsedOn(w: EvidenceWindow, asOf: IsoDate): boolean {
  return w.end !== null && w.from <= asOf && asOf > w.end && (w.cause === 'validity' || w.cause === 'age');
}

/**
 * The view status of an assessment (not dated: what the record says today): `revoked` when
 * revoked at all, `superseded` when a non-void successor exists, else `published`; with the
 * superseding successor's id.
 */
export function assessmentStatus(a: { revoked: boolean; successors: readonly SuccessorFacts[] }): {
  status: 'published' | 'superseded' | 'revoked';
  supersededBy: string | null;
} {
  const by = supersedingSuccessor(a.successors);
  return { status: a.revoked ? 'revoked' : by !== null ? 'superseded' : 'published', supersededBy: by?.id ?? null };
}

/**
 * The last day the assessment counts, as known on `asOf`, for the expiring-reviews list and the
 * sweeps: undefined when it does not count on asOf (not performed yet, void, revoked, lapsed,
 * superseded on asOf, or performed by an organisation not accredited that day: it never counted).
 * A revocation recorded ahead ends it the day before; a successor dated ahead does not (the
 * successor takes over: that is not a lapse).
 */
export function assessmentEndOn(a: AssessmentFacts, asOf: IsoDate, maxEvidenceAgeDays: number | null = null): IsoDate | undefined {
  if (isSupersededOn(a, asOf) || !accreditedOnPerformance(a)) return undefined;
  const w = evidenceWindow({ ...a, supersededFrom: null, successors: undefined }, maxEvidenceAgeDays);
  return countsOn(w, asOf) ? (w.end ?? undefined) : undefined;
}

/** Whether the assessment's organisation was accredited on its performedOn (true when the registry is not consulted). */
export function accreditedOnPerformance(a: Pick<AssessmentFacts, 'performedOn' | 'accreditations'>): boolean {
  if (a.accreditations === undefined) return true;
  return a.accreditations.some((p) => p.from <= a.performedOn && (p.until === null || a.performedOn <= p.until));
}
