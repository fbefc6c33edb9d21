/**
 * The eligibility engine: (profile edition, service facts, asOf) → Decision. Pure and
 * deterministic: no clock, no I/O; every list in the output has a defined order, and objects are
 * built with a fixed key order, so identical inputs give byte-identical JSON.
 *
 * Choices where domain.md / design.md leave room (keep this list in sync with the code):
 *
 * 1. Scheme requirements. Among the registrations of the listed schemes that are in effect, the
 *    basis is the one with no known end first (renewal grace, confirmation rule, or no end),
 *    then the latest end; ties prefer a registration not in grace, then not stale, then the
 *    smaller id. RENEWAL_PENDING / STALE_CONFIRMATION warnings are about that chosen basis.
 *    With none in effect the reason comes from the registration whose current condition began
 *    most recently (a lapse by date begins on validUntil + 1); if none exists yet, the one that
 *    starts soonest (REGISTRATION_NOT_YET_EFFECTIVE). Outcome `failed` — except
 *    REGISTRATION_VALIDITY_UNKNOWN (a state whose validity cannot be computed from the data),
 *    which is a lack of evidence, hence `missing` (→ indeterminate), never silently "in effect".
 * 2. Attestations. Assessments of the same profile KEY count whatever their edition:
 *    requirement ids are stable across editions, and a new guideline edition must not void
 *    every existing audit. A finding whose requirement id is not in the profile is ignored.
 *    Among counting findings the newest assessment wins (performedOn, then createdSeq, then the
 *    smaller id). An assessment's window ends at the earliest of: its validUntil, performedOn +
 *    maxEvidenceAgeDays, revocation effectiveOn − 1, supersededFrom − 1 (a tie names the earlier
 *    in that list). `expired` is reported only when that earliest limit was its own validity
 *    (ASSESSMENT_EXPIRED) or the age limit (EVIDENCE_TOO_OLD), from the newest such assessment;
 *    evidence cut short by revocation or supersession is `missing` (NO_FINDING), as is evidence
 *    revoked from the start.
 * 3. An `expired` result carries the last day its evidence counted as validUntil; `failed` and
 *    `missing` results carry null. `not_applicable` carries its evidence's end and takes part in
 *    the decision's validUntil when mandatory (that the requirement does not apply is itself
 *    evidence that can lapse).
 * 4. Endpoints. `allowlist` fails on the first offending destination by raw value (then id);
 *    basis = every offending destination, sorted by id. `no_shared_cdn` judges FQDNs only
 *    (CIDRs of CDNs are not in the data); entries that do not parse are left to `allowlist`.
 * 5. Warnings are sorted by (requirementId, code); a warning without requirementId sorts first.
 *    Besides the four codes of domain.md the engine emits PROFILE_NOT_IN_EFFECT when asOf lies
 *    outside the edition's effective period (the caller picked an edition by hand); the decision
 *    is still computed against that edition.
 * 6. EXPIRING_SOON applies to mandatory satisfied results only (validUntil − asOf ≤ window,
 *    so exactly `expiringSoonDays` days left warns and one more does not), on any decision.
 */
import { addDays, assertIsoDate, daysBetween, minDate, type IsoDate } from './dates';
import { analyzeEndpoint, isUnderDomain, judgeAnalyzed, type AnalyzedEndpoint } from './endpoints';
import { registrationStateOn, type RegistrationStateOn } from './registration';
import {
  DEFAULT_ENGINE_OPTIONS,
  type AssessmentFacts,
  type BasisRef,
  type Decision,
  type DecisionOutcome,
  type DecisionWarning,
  type EndpointFacts,
  type EngineOptions,
  type ProfileEdition,
  type ReasonCode,
  type RequirementOutcome,
  type RequirementResult,
  type RequirementSpec,
  type ServiceFacts,
  type WarningCode,
} from './types';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Context {
  profile: ProfileEdition;
  asOf: IsoDate;
  options: EngineOptions;
  profileInEffect: boolean;
}

interface Evaluated {
  result: RequirementResult;
  warnings: DecisionWarning[];
}

function createContext(profile: ProfileEdition, asOf: IsoDate, options: EngineOptions): Context {
  assertIsoDate(asOf, 'asOf');
  if (!Number.isInteger(options.expiringSoonDays) || options.expiringSoonDays < 0) {
    throw new RangeError('options.expiringSoonDays must be a non-negative integer');
  }
  return {
    profile,
    asOf,
    options,
    profileInEffect: profile.effectiveFrom <= asOf && (profile.effectiveUntil === null || asOf <= profile.effectiveUntil),
  };
}

function result(
  spec: RequirementSpec,
  outcome: RequirementOutcome,
  reason: ReasonCode,
  basis: BasisRef[],
  validUntil: IsoDate | null,
): RequirementResult {
  return { id: spec.id, mandatory: spec.mandatory, outcome, reason, basis, validUntil };
}

function warning(code: WarningCode, requirementId?: string, validUntil?: IsoDate): DecisionWarning {
  const w: DecisionWarning = { code };
  if (requirementId !== undefined) w.requirementId = requirementId;
  if (validUntil !== undefined) w.validUntil = validUntil;
  return w;
}

// ---------------------------------------------------------------- scheme

function evaluateScheme(ctx: Context, spec: RequirementSpec, facts: ServiceFacts): Evaluated {
  const schemes = spec.params.schemes ?? [];
  const states: { id: string; registeredOn: IsoDate; s: RegistrationStateOn }[] = [];
  for (const r of facts.registrations) {
    if (!schemes.includes(r.scheme)) continue;
    states.push({
      id: r.id,
      registeredOn: r.registeredOn,
      s: registrationStateOn(r, ctx.asOf, { staleAfterDays: ctx.options.staleConfirmationDays }),
    });
  }
  if (states.length === 0) return { result: result(spec, 'failed', 'REGISTRATION_ABSENT', [], null), warnings: [] };

  const end = (s: RegistrationStateOn): IsoDate | null => (s.inGrace ? null : s.validUntil);
  const inEffect = states.filter((x) => x.s.inEffect);
  if (inEffect.length > 0) {
    inEffect.sort((a, b) => {
      const ea = end(a.s);
      const eb = end(b.s);
      if ((ea === null) !== (eb === null)) return ea === null ? -1 : 1;
      if (ea !== null && eb !== null && ea !== eb) return ea > eb ? -1 : 1;
      if (a.s.inGrace !== b.s.inGrace) return a.s.inGrace ? 1 : -1;
      if (a.s.stale !== b.s.stale) return a.s.stale ? 1 : -1;
      return cmp(a.id, b.id);
    });
    const best = inEffect[0];
    const warnings: DecisionWarning[] = [];
    if (best.s.inGrace) warnings.push(warning('RENEWAL_PENDING', spec.id));
    if (best.s.stale) warnings.push(warning('STALE_CONFIRMATION', spec.id));
    return {
      result: result(spec, 'satisfied', best.s.reason, [{ type: 'registration', id: best.id }], end(best.s)),
      warnings,
    };
  }

  // None in effect: report the registration whose condition began most recently.
  states.sort((a, b) => {
    const sa = a.s.since;
    const sb = b.s.since;
    if ((sa === null) !== (sb === null)) return sa === null ? 1 : -1;
    if (sa !== null && sb !== null && sa !== sb) return sa > sb ? -1 : 1;
    if (sa === null && a.registeredOn !== b.registeredOn) return a.registeredOn < b.registeredOn ? -1 : 1;
    return cmp(a.id, b.id);
  });
  const worst = states[0];
  const outcome: RequirementOutcome = worst.s.reason === 'REGISTRATION_VALIDITY_UNKNOWN' ? 'missing' : 'failed';
  return { result: result(spec, outcome, worst.s.reason, [{ type: 'registration', id: worst.id }], null), warnings: [] };
}

// ---------------------------------------------------------------- category

function evaluateCategory(spec: RequirementSpec, facts: ServiceFacts): Evaluated {
  const allowed = (spec.params.allowedCategories ?? []).includes(facts.service.category);
  const basis: BasisRef[] = [{ type: 'service', id: facts.service.id }];
  return {
    result: result(spec, allowed ? 'satisfied' : 'failed', allowed ? 'CATEGORY_ALLOWED' : 'CATEGORY_NOT_ALLOWED', basis, null),
    warnings: [],
  };
}

// ---------------------------------------------------------------- endpoints

const endpointBasis = (eps: EndpointFacts[]): BasisRef[] =>
  eps.map((e) => ({ type: 'endpoint' as const, id: e.id })).sort((a, b) => cmp(a.id, b.id));

/**
 * Endpoint checks. Each destination is parsed once per service (`analyzed`, same order as
 * facts.endpoints) and shared by every endpoints requirement. No cross-service cache: values
 * are nearly always unique per service, and a Map of them cost more than it saved (measured).
 */
function evaluateEndpoints(spec: RequirementSpec, facts: ServiceFacts, analyzed: AnalyzedEndpoint[]): Evaluated {
  const eps = facts.endpoints;
  if (eps.length === 0) return { result: result(spec, 'missing', 'NO_DESTINATIONS', [], null), warnings: [] };
  const check = spec.params.check;

  if (check === 'allowlist') {
    const limits = { maxIpv4Prefix: spec.params.maxIpv4Prefix, maxIpv6Prefix: spec.params.maxIpv6Prefix };
    const bad: { e: EndpointFacts; reason: ReasonCode }[] = [];
    eps.forEach((e, i) => {
      const j = judgeAnalyzed(analyzed[i], limits);
      if (!j.ok) bad.push({ e, reason: j.reason });
    });
    if (bad.length === 0) return { result: result(spec, 'satisfied', 'DESTINATIONS_SPECIFIC', endpointBasis(eps), null), warnings: [] };
    const first = bad.reduce((a, b) => (cmp(b.e.value, a.e.value) < 0 || (b.e.value === a.e.value && cmp(b.e.id, a.e.id) < 0) ? b : a));
    return { result: result(spec, 'failed', first.reason, endpointBasis(bad.map((b) => b.e)), null), warnings: [] };
  }

  if (check === 'no_shared_cdn') {
    const domains = spec.params.sharedCdnDomains ?? [];
    const onCdn = eps.filter((_e, i) => {
      const a = analyzed[i];
      return a.ok && a.kind === 'fqdn' && domains.some((d) => isUnderDomain(a.value, d));
    });
    if (onCdn.length === 0) return { result: result(spec, 'satisfied', 'NO_SHARED_CDN', endpointBasis(eps), null), warnings: [] };
    return { result: result(spec, 'failed', 'SHARED_CDN_DESTINATION', endpointBasis(onCdn), null), warnings: [] };
  }

  throw new Error(`requirement ${spec.id}: unknown endpoints check ${JSON.stringify(check)}`);
}

// ---------------------------------------------------------------- attestation

interface Evidence {
  a: AssessmentFacts;
  /** Last day the assessment counts; null = never counts (revoked from the start). */
  end: IsoDate | null;
  endCause: 'validity' | 'age' | 'revocation' | 'supersession';
  counts: boolean;
  /** Ended by its own validity or the maximum evidence age, and neither revoked nor superseded on asOf. */
  lapsed: boolean;
}

/** The assessments of the profile key, newest first, with their evidence window on asOf. */
function evidenceFor(ctx: Context, facts: ServiceFacts): Evidence[] {
  const { asOf, profile } = ctx;
  const out: Evidence[] = [];
  for (const a of facts.assessments) {
    if (a.profileKey !== profile.key) continue;
    // The window ends at the earliest limit; the earliest names the cause (validity wins a tie).
    let end: IsoDate = a.validUntil;
    let endCause: Evidence['endCause'] = 'validity';
    if (profile.maxEvidenceAgeDays !== null) {
      const d = addDays(a.performedOn, profile.maxEvidenceAgeDays);
      if (d < end) [end, endCause] = [d, 'age'];
    }
    if (a.revoked?.effectiveOn) {
      const d = addDays(a.revoked.effectiveOn, -1);
      if (d < end) [end, endCause] = [d, 'revocation'];
    }
    if (a.supersededFrom !== null) {
      const d = addDays(a.supersededFrom, -1);
      if (d < end) [end, endCause] = [d, 'supersession'];
    }
    const voidFromStart = a.revoked !== null && a.revoked.effectiveOn === null;
    const started = a.performedOn <= asOf;
    const counts = !voidFromStart && started && asOf <= end;
    const lapsed = !voidFromStart && started && asOf > end && (endCause === 'validity' || endCause === 'age');
    out.push({ a, end: voidFromStart ? null : end, endCause, counts, lapsed });
  }
  return out.sort((x, y) => cmp(y.a.performedOn, x.a.performedOn) || y.a.createdSeq - x.a.createdSeq || cmp(x.a.id, y.a.id));
}

const FINDING: Record<'met' | 'not_met' | 'not_applicable', [RequirementOutcome, ReasonCode]> = {
  met: ['satisfied', 'FINDING_MET'],
  not_met: ['failed', 'FINDING_NOT_MET'],
  not_applicable: ['not_applicable', 'FINDING_NOT_APPLICABLE'],
};

function evaluateAttestation(spec: RequirementSpec, evidence: Evidence[]): Evaluated {
  let lapsed: { ev: Evidence } | null = null;
  for (const ev of evidence) {
    const finding = ev.a.findings.find((f) => f.requirementId === spec.id);
    if (finding === undefined) continue;
    if (ev.counts) {
      const [outcome, reason] = FINDING[finding.outcome];
      return { result: result(spec, outcome, reason, [{ type: 'assessment', id: ev.a.id }], ev.end), warnings: [] };
    }
    if (ev.lapsed && lapsed === null) lapsed = { ev };
  }
  if (lapsed !== null) {
    const { ev } = lapsed;
    const reason: ReasonCode = ev.endCause === 'age' ? 'EVIDENCE_TOO_OLD' : 'ASSESSMENT_EXPIRED';
    return { result: result(spec, 'expired', reason, [{ type: 'assessment', id: ev.a.id }], ev.end), warnings: [] };
  }
  return { result: result(spec, 'missing', 'NO_FINDING', [], null), warnings: [] };
}

// ---------------------------------------------------------------- decision

/**
 * Parsing destinations does not depend on the date or the profile, so it is remembered per
 * endpoints array: callers that decide the same facts for many dates (bulk decisions over a
 * cached snapshot) parse each destination once. Keyed weakly on the caller's array; the result
 * is a pure function of it (facts are treated as immutable).
 */
const analysisCache = new WeakMap<readonly EndpointFacts[], AnalyzedEndpoint[]>();

/**
 * Endpoint requirements depend only on the requirement and the destinations, not on the date, so
 * their (immutable, shared) results are remembered per requirement object and endpoints array.
 */
const endpointResults = new WeakMap<RequirementSpec, WeakMap<readonly EndpointFacts[], Evaluated>>();

function remembered(
  memo: WeakMap<RequirementSpec, WeakMap<readonly EndpointFacts[], Evaluated>>,
  spec: RequirementSpec,
  endpoints: readonly EndpointFacts[],
  evaluate: () => Evaluated,
): Evaluated {
  let bySpec = memo.get(spec);
  if (bySpec === undefined) memo.set(spec, (bySpec = new WeakMap()));
  let ev = bySpec.get(endpoints);
  if (ev === undefined) bySpec.set(endpoints, (ev = evaluate()));
  return ev;
}

function analysisOf(endpoints: readonly EndpointFacts[]): AnalyzedEndpoint[] {
  let analyzed = analysisCache.get(endpoints);
  if (analyzed === undefined) {
    analyzed = endpoints.map((e) => analyzeEndpoint(e.kind, e.value));
    analysisCache.set(endpoints, analyzed);
  }
  return analyzed;
}

function decideWith(ctx: Context, facts: ServiceFacts): Decision {
  const { profile, asOf, options } = ctx;
  // Computed once per service, only if a requirement needs them.
  let evidence: Evidence[] | null = null;
  let analyzed: AnalyzedEndpoint[] | null = null;
  const results: RequirementResult[] = [];
  const warnings: DecisionWarning[] = [];
  if (!ctx.profileInEffect) warnings.push(warning('PROFILE_NOT_IN_EFFECT'));

  for (const spec of profile.requirements) {
    let ev: Evaluated;
    switch (spec.kind) {
      case 'scheme':
        ev = evaluateScheme(ctx, spec, facts);
        break;
      case 'category':
        ev = evaluateCategory(spec, facts);
        break;
      case 'endpoints':
        ev = remembered(endpointResults, spec, facts.endpoints, () => {
          analyzed ??= analysisOf(facts.endpoints);
          return evaluateEndpoints(spec, facts, analyzed);
        });
        break;
      case 'attestation':
        evidence ??= evidenceFor(ctx, facts);
        ev = evaluateAttestation(spec, evidence);
        break;
      default:
        throw new Error(`requirement ${spec.id}: unknown kind ${JSON.stringify(spec.kind)}`);
    }
    const r = ev.result;
    results.push(r);
    warnings.push(...ev.warnings);
    if (r.mandatory && r.outcome === 'satisfied' && r.validUntil !== null && daysBetween(asOf, r.validUntil) <= options.expiringSoonDays) {
      warnings.push(warning('EXPIRING_SOON', r.id, r.validUntil));
    }
    if (!r.mandatory && (r.outcome === 'failed' || r.outcome === 'missing' || r.outcome === 'expired')) {
      warnings.push(warning('RECOMMENDED_NOT_MET', r.id));
    }
  }

  const mandatory = results.filter((r) => r.mandatory);
  let decision: DecisionOutcome = 'eligible';
  if (mandatory.some((r) => r.outcome === 'failed')) decision = 'ineligible';
  else if (mandatory.some((r) => r.outcome === 'missing' || r.outcome === 'expired')) decision = 'indeterminate';
  const eligible = decision === 'eligible';

  warnings.sort((a, b) => cmp(a.requirementId ?? '', b.requirementId ?? '') || cmp(a.code, b.code));
  return {
    serviceId: facts.service.id,
    profile: { key: profile.key, edition: profile.edition },
    asOf,
    decision,
    validUntil: eligible ? minDate(...mandatory.map((r) => r.validUntil)) : null,
    requirements: results,
    obligations: eligible ? profile.obligations.map((o) => ({ id: o.id, title: o.title })) : [],
    warnings,
  };
}

/** Decides one service against one profile edition as of `asOf`. */
export function decide(
  profile: ProfileEdition,
  facts: ServiceFacts,
  asOf: IsoDate,
  options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
): Decision {
  return decideWith(createContext(profile, asOf, options), facts);
}

/** Decides many services against one profile edition and date (validated once); output in input order. */
export function decideMany(
  profile: ProfileEdition,
  factsList: readonly ServiceFacts[],
  asOf: IsoDate,
  options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
): Decision[] {
  const ctx = createContext(profile, asOf, options);
  return factsList.map((facts) => decideWith(ctx, facts));
}

/**
 * The edition in effect on `asOf` (effectiveFrom ≤ asOf ≤ effectiveUntil, or open-ended);
 * when several are, the latest effectiveFrom wins (then the greater edition string). null if none.
 */
export function selectEdition<T extends ProfileEdition>(editions: readonly T[], asOf: IsoDate): T | null {
  assertIsoDate(asOf, 'asOf');
  let best: T | null = null;
  for (const e of editions) {
    if (e.effectiveFrom > asOf || (e.effectiveUntil !== null && asOf > e.effectiveUntil)) continue;
    if (best === null || e.effectiveFrom > best.effectiveFrom || (e.effectiveFrom === best.effectiveFrom && e.edition > best.edition))
      best = e;
  }
  return best;
}
