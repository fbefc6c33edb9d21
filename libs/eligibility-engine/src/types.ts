import type { IsoDate } from './dates';
import type { EndpointKind } from './endpoints';
import type { RegistrationFacts } from './registration';

export type RequirementKind = 'scheme' | 'category' | 'endpoints' | 'attestation' | 'method';

/**
 * A numeric benchmark an auditor's `met` finding must reach (profile data): the finding's
 * measurement of `measure` (on the named `corpus`, when the threshold names one) must be ≥ `min`.
 */
export interface Threshold {
  measure: string;
  min: number;
  /** The test corpus the measurement must be taken on (e.g. a named malware sample set); absent = any. */
  corpus?: string;
}

/** One measured value an auditor records with a finding (e.g. independentEngines = 4). */
export interface Measurement {
  measure: string;
  value: number;
  corpus?: string;
}
export type EndpointCheck = 'allowlist' | 'no_shared_cdn';

export interface RequirementParams {
  /** scheme: the schemes any of which satisfies the requirement. */
  schemes?: string[];
  /** category: the service categories allowed. */
  allowedCategories?: string[];
  /** endpoints: which check to run. */
  check?: EndpointCheck;
  /** endpoints/allowlist: widest IPv4 prefix accepted (default 16). */
  maxIpv4Prefix?: number;
  /** endpoints/allowlist: widest IPv6 prefix accepted (default 32). */
  maxIpv6Prefix?: number;
  /** endpoints/no_shared_cdn: shared CDN domains a breakout device cannot isolate. */
  sharedCdnDomains?: string[];
  /** method: the declared (file-import) methods accepted; every declared method must be listed. */
  acceptedMethods?: string[];
  /** attestation: applies only to services declaring one of these methods (otherwise not_applicable, METHOD_NOT_USED). */
  appliesToMethods?: string[];
  /** attestation: numeric benchmarks a `met` finding must reach (all of them). */
  thresholds?: Threshold[];
}

export interface RequirementSpec {
  id: string;
  kind: RequirementKind;
  mandatory: boolean;
  title: string;
  titleEn: string;
  source: string;
  params: RequirementParams;
}

export interface Obligation {
  id: string;
  title: string;
  titleEn: string;
  source: string;
  /**
   * Network models (α alpha, α' alpha_prime, β beta, β' beta_prime) under which the obligation
   * applies to a municipality; absent = every model (and a municipality with no model recorded).
   */
  requiredUnder?: string[];
  /** Breakout points (own_firewall, security_cloud) under which it applies; absent = any. */
  requiredAtBreakout?: string[];
  /**
   * What meets it for a municipality: a self-attested dated measure (`{ measure: 'EDR_DEPLOYED' }`),
   * or a usage of a service eligible under another profile (`{ usageOf: 'file-import-control' }`).
   * Absent = the registry cannot tell (always `open` where required).
   */
  metBy?: { measure: string } | { usageOf: string };
}

export interface ProfileEdition {
  key: string;
  edition: string;
  effectiveFrom: IsoDate;
  effectiveUntil: IsoDate | null;
  maxEvidenceAgeDays: number | null;
  requirements: RequirementSpec[];
  obligations: Obligation[];
}

export type FindingOutcome = 'met' | 'not_met' | 'not_applicable';

export interface AssessmentFacts {
  id: string;
  profileKey: string;
  edition: string;
  performedOn: IsoDate;
  validUntil: IsoDate;
  /** Tie-breaker between assessments performed on the same day: higher = newer. */
  createdSeq: number;
  /** null = not revoked; effectiveOn null = void from the start (counts for no date). */
  revoked: { effectiveOn: IsoDate | null } | null;
  /**
   * Already-resolved start of supersession (the earliest non-void successor's performedOn), for
   * callers that resolve it themselves; null when none. Prefer `successors`: the engine then applies
   * its one definition (`supersededFrom` in assessments.ts) to both.
   */
  supersededFrom: IsoDate | null;
  /** The assessments that name this one in `supersedes` (void ones included: the engine ignores them). */
  successors?: readonly SuccessorFacts[];
  findings: { requirementId: string; outcome: FindingOutcome; measurements?: Measurement[] }[];
  /**
   * The assessor registry: periods (inclusive; `until` null = open) in which the assessment's
   * organisation is accredited. The assessment counts only when one covers performedOn (else its
   * findings are `missing`, ASSESSOR_NOT_ACCREDITED). Absent = not checked (callers without the registry).
   */
  accreditations?: readonly { from: IsoDate; until: IsoDate | null }[];
}

/** A successor as far as supersession needs it. */
export interface SuccessorFacts {
  id: string;
  performedOn: IsoDate;
  revoked: { effectiveOn: IsoDate | null } | null;
}

export interface EndpointFacts {
  id: string;
  kind: EndpointKind;
  value: string;
  /** First day the destination is declared; absent/null = since always. */
  effectiveFrom?: IsoDate | null;
  /** First day it is no longer declared (its removal's effectiveOn); absent/null = not removed. */
  endedOn?: IsoDate | null;
}

/**
 * A value in force from `from` (inclusive) until the day before `to` (exclusive: `to` is the first
 * day it no longer holds, i.e. the next value's `from`); absent/null `to` = still in force.
 */
export interface DatedValue<T> {
  value: T;
  from: IsoDate;
  to?: IsoDate | null;
}

export interface ServiceFacts {
  service: {
    id: string;
    /** The category when it is not dated (or the current one); `categories`, when given, wins. */
    category: string;
    /** The category as dated values; a decision on D reads the value in force on D. */
    categories?: readonly DatedValue<string>[];
    /** First day the service is retired (ineligible, SERVICE_RETIRED); absent/null = not retired. */
    retiredOn?: IsoDate | null;
    /** Declared (file-import) methods as dated values; absent or no value in force = none declared. */
    methods?: readonly DatedValue<string[]>[];
  };
  registrations: RegistrationFacts[];
  endpoints: EndpointFacts[];
  assessments: AssessmentFacts[];
}

export interface EngineOptions {
  /** EXPIRING_SOON window: warn when validUntil − asOf ≤ this many days. Default 90. */
  expiringSoonDays: number;
  /** Overrides the confirmation rule's staleAfterDays of every registration. */
  staleConfirmationDays?: number;
}

export const DEFAULT_ENGINE_OPTIONS: Readonly<EngineOptions> = Object.freeze({ expiringSoonDays: 90 });

export type DecisionOutcome = 'eligible' | 'ineligible' | 'indeterminate';
export type RequirementOutcome = 'satisfied' | 'failed' | 'missing' | 'expired' | 'not_applicable';

export type ReasonCode =
  // scheme
  | 'REGISTRATION_IN_EFFECT'
  | 'REGISTRATION_RENEWAL_PENDING'
  | 'REGISTRATION_EXPIRED'
  | 'REGISTRATION_REVOKED'
  | 'REGISTRATION_WITHDRAWN'
  | 'REGISTRATION_SUSPENDED'
  | 'REGISTRATION_NOT_YET_EFFECTIVE'
  | 'REGISTRATION_VALIDITY_UNKNOWN'
  | 'REGISTRATION_ABSENT'
  // category
  | 'CATEGORY_ALLOWED'
  | 'CATEGORY_NOT_ALLOWED'
  // endpoints
  | 'NO_DESTINATIONS'
  | 'DESTINATIONS_SPECIFIC'
  | 'ENDPOINT_INVALID'
  | 'ENDPOINT_TOO_BROAD'
  | 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'
  | 'ENDPOINT_SPECIAL_PURPOSE'
  | 'NO_SHARED_CDN'
  | 'SHARED_CDN_DESTINATION'
  // attestation
  | 'FINDING_MET'
  | 'FINDING_NOT_MET'
  | 'FINDING_NOT_APPLICABLE'
  | 'ASSESSMENT_EXPIRED'
  | 'EVIDENCE_TOO_OLD'
  | 'NO_FINDING'
  | 'ASSESSOR_NOT_ACCREDITED'
  // service
  | 'SERVICE_RETIRED'
  // method and benchmarks
  | 'METHOD_ACCEPTED'
  | 'METHOD_NOT_DECLARED'
  | 'METHOD_NOT_ACCEPTED'
  | 'METHOD_NOT_USED'
  | 'BELOW_THRESHOLD'
  | 'MEASUREMENT_MISSING';

export const REASON_CODES: readonly ReasonCode[] = [
  'REGISTRATION_IN_EFFECT',
  'REGISTRATION_RENEWAL_PENDING',
  'REGISTRATION_EXPIRED',
  'REGISTRATION_REVOKED',
  'REGISTRATION_WITHDRAWN',
  'REGISTRATION_SUSPENDED',
  'REGISTRATION_NOT_YET_EFFECTIVE',
  'REGISTRATION_VALIDITY_UNKNOWN',
  'REGISTRATION_ABSENT',
  'CATEGORY_ALLOWED',
  'CATEGORY_NOT_ALLOWED',
  'NO_DESTINATIONS',
  'DESTINATIONS_SPECIFIC',
  'ENDPOINT_INVALID',
  'ENDPOINT_TOO_BROAD',
  'ENDPOINT_PUBLIC_SUFFIX_WILDCARD',
  'ENDPOINT_SPECIAL_PURPOSE',
  'NO_SHARED_CDN',
  'SHARED_CDN_DESTINATION',
  'FINDING_MET',
  'FINDING_NOT_MET',
  'FINDING_NOT_APPLICABLE',
  'ASSESSMENT_EXPIRED',
  'EVIDENCE_TOO_OLD',
  'NO_FINDING',
  'ASSESSOR_NOT_ACCREDITED',
  'SERVICE_RETIRED',
  'METHOD_ACCEPTED',
  'METHOD_NOT_DECLARED',
  'METHOD_NOT_ACCEPTED',
  'METHOD_NOT_USED',
  'BELOW_THRESHOLD',
  'MEASUREMENT_MISSING',
];

export type WarningCode =
  'EXPIRING_SOON' | 'RENEWAL_PENDING' | 'RECOMMENDED_NOT_MET' | 'STALE_CONFIRMATION' | 'PROFILE_NOT_IN_EFFECT' | 'NOT_APPLICABLE_CLAIMED';

export const WARNING_CODES: readonly WarningCode[] = [
  'EXPIRING_SOON',
  'RENEWAL_PENDING',
  'RECOMMENDED_NOT_MET',
  'STALE_CONFIRMATION',
  'PROFILE_NOT_IN_EFFECT',
  'NOT_APPLICABLE_CLAIMED',
];

export interface BasisRef {
  type: 'registration' | 'assessment' | 'endpoint' | 'service';
  id: string;
  /**
   * Only on a registration that reaches the service through its scope (対象範囲): the service it is
   * recorded for and the coverage period in force on the decision's date (endedOn exclusive).
   */
  coverage?: { registeredServiceId: string; effectiveOn: IsoDate; endedOn: IsoDate | null };
}

export interface RequirementResult {
  id: string;
  mandatory: boolean;
  outcome: RequirementOutcome;
  reason: ReasonCode;
  basis: BasisRef[];
  /** Last day the evidence behind this result holds; null = no known end (or not applicable). */
  validUntil: IsoDate | null;
}

export interface DecisionWarning {
  code: WarningCode;
  requirementId?: string;
  validUntil?: IsoDate;
}

/** An eligibility decision, exactly the shape of design.md ("An eligibility decision"). */
export interface Decision {
  serviceId: string;
  profile: { key: string; edition: string };
  asOf: IsoDate;
  decision: DecisionOutcome;
  /** null unless eligible. */
  validUntil: IsoDate | null;
  requirements: RequirementResult[];
  /** Municipality-side conditions; only on eligible decisions (empty otherwise). */
  obligations: { id: string; title: string }[];
  warnings: DecisionWarning[];
}
