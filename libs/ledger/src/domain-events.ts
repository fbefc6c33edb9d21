/**
 * The registry's domain events: every type the writer accepts, with the payload each carries. They
 * are published on the change feed and to webhooks. `WriteTx.emit` accepts only these, so emitting
 * an unknown type, or a payload of the wrong shape, does not compile.
 */
interface ProfileRef {
  key: string;
  edition: string;
}

export interface DomainEventPayloads {
  'registration.created': {
    registrationId: string;
    serviceId: string;
    scheme: string;
    registrationNumber: string;
    status: string;
    validUntil: string | null;
  };
  'registration.status_changed': {
    registrationId: string;
    serviceId: string;
    scheme: string;
    from: string;
    to: string;
    effectiveOn: string;
  };
  'registration.expiring': RegistrationDue & { threshold: number };
  'registration.expired': RegistrationDue;
  'assessment.published': {
    assessmentId: string;
    serviceId: string;
    profile: ProfileRef;
    performedOn: string;
    validUntil: string;
    supersedes: string | null;
  };
  'assessment.revoked': { assessmentId: string; serviceId: string; reason: string; effectiveOn: string | null };
  'assessment.expiring': AssessmentDue & { threshold: number };
  'assessment.expired': AssessmentDue;
  'eligibility.changed': {
    serviceId: string;
    profile: ProfileRef;
    asOf: string;
    from: string;
    to: string;
    validUntil: string | null;
  };
  'usage.at_risk': {
    usageId: string;
    municipalityCode: string;
    serviceId: string;
    profile: ProfileRef;
    reason: 'NOT_ELIGIBLE' | 'EXPIRING';
    decision: string;
    validUntil: string | null;
    asOf: string;
  };
}

interface Due {
  serviceId: string;
  validUntil: string;
  daysLeft: number;
  asOf: string;
}
type RegistrationDue = Due & { registrationId: string; scheme: string };
type AssessmentDue = Due & { assessmentId: string; profile: ProfileRef };

type EventKey = keyof DomainEventPayloads;

/** Accepts a list of event types only if it names every payload type (a missing one does not compile). */
const everyEventType = <const L extends readonly EventKey[]>(
  list: L & ([Exclude<EventKey, L[number]>] extends [never] ? unknown : { missing: Exclude<EventKey, L[number]> }),
): L => list;

/** Every event type, in the order the API documents them. */
export const DOMAIN_EVENT_TYPES = everyEventType([
  'registration.created',
  'registration.status_changed',
  'registration.expiring',
  'registration.expired',
  'assessment.published',
  'assessment.revoked',
  'assessment.expiring',
  'assessment.expired',
  'eligibility.changed',
  'usage.at_risk',
]);

export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** One event of type `T` as the writer records it in the outbox. */
export type DomainEvent<T extends DomainEventType = DomainEventType> = {
  [K in T]: {
    type: K;
    subjectType: string;
    subjectId: string;
    serviceId?: string | null;
    municipalityCode?: string | null;
    data: DomainEventPayloads[K];
  };
}[T];
