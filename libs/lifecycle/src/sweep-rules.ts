import {
  accreditedOnPerformance,
  assessmentEndOn,
  daysBetween,
  evidenceWindow,
  lapsedOn,
  registrationEndOn,
  registrationStateOn,
  type AssessmentFacts,
  type IsoDate,
  type RegistrationFacts,
} from '@app/eligibility-engine';

/**
 * Pure rules of the expiry sweep: which announcements a record is due on a date. A sweep emits an
 * announcement only once (see SweepMarkEntity); these functions say what is due, not what is new.
 */
export interface Due {
  kind: 'registration' | 'assessment';
  subjectId: string;
  validUntil: IsoDate;
  /** Days-before thresholds crossed (each marked once); 0 = expired. */
  thresholds: number[];
  /** The announcement to emit now: the tightest threshold crossed. */
  event: 'expiring' | 'expired';
  daysLeft: number;
}

/** How far back a lapse is still announced (older lapses are history, not news). */
const EXPIRED_LOOKBACK_DAYS = 90;

function expiring(kind: Due['kind'], subjectId: string, validUntil: IsoDate, asOf: IsoDate, thresholds: readonly number[]): Due | null {
  const daysLeft = daysBetween(asOf, validUntil);
  if (daysLeft < 0) return null;
  const crossed = thresholds.filter((t) => daysLeft <= t);
  return crossed.length > 0 ? { kind, subjectId, validUntil, thresholds: crossed, event: 'expiring', daysLeft } : null;
}

function expired(kind: Due['kind'], subjectId: string, validUntil: IsoDate, asOf: IsoDate): Due | null {
  const daysLeft = daysBetween(asOf, validUntil);
  if (daysLeft >= 0 || -daysLeft > EXPIRED_LOOKBACK_DAYS) return null;
  return { kind, subjectId, validUntil, thresholds: [0], event: 'expired', daysLeft };
}

/**
 * A registration in effect nears its known end (a terminal state recorded ahead ends it the day
 * before: `registrationEndOn`); one whose validity ran out (not revoked or withdrawn) expired.
 */
export function registrationDue(reg: RegistrationFacts, asOf: IsoDate, thresholds: readonly number[], staleAfterDays?: number): Due | null {
  const end = registrationEndOn(reg, asOf, { staleAfterDays });
  if (end !== undefined) return end !== null ? expiring('registration', reg.id, end, asOf, thresholds) : null;
  const state = registrationStateOn(reg, asOf, { staleAfterDays });
  if (state.reason !== 'REGISTRATION_EXPIRED') return null;
  return expired('registration', reg.id, state.validUntil ?? state.since ?? asOf, asOf);
}

/**
 * An assessment counts on asOf and nears its known end (`assessmentEndOn`: a revocation recorded
 * ahead ends it the day before); or it ran to its own end without being revoked or superseded
 * (the engine's evidence window lapsed by validity). One by an organisation not accredited on its
 * performedOn never counted, so it is never announced.
 */
export function assessmentDue(a: AssessmentFacts, asOf: IsoDate, thresholds: readonly number[]): Due | null {
  if (!accreditedOnPerformance(a)) return null; // it never counted: nothing to expire
  const window = evidenceWindow(a);
  if (lapsedOn(window, asOf)) return expired('assessment', a.id, window.end!, asOf);
  const end = assessmentEndOn(a, asOf);
  return end !== undefined ? expiring('assessment', a.id, end, asOf, thresholds) : null;
}
