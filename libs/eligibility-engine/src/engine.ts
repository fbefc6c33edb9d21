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
 *    A registration of another service that covers this one (its scope, `coverage`) counts only
 *    inside a coverage period (effectiveOn ≤ asOf < endedOn) and is absent on any other date; its
 *    known end is cut the day before the coverage ends, and its basis carries `coverage` (the
 *    service it is recorded for and the period), so a reader sees how it reached the service.
 * 2. Attestations. Assessments of the same profile KEY count whatever their edition:
 *    requirement ids are stable across editions, and a new guideline edition must not void
 *    every existing audit. A finding whose requirement id is not in the profile is ignored.
 *    Evidence windows and supersession have ONE definition, in assessments.ts. Per requirement,
 *    the newest assessment with a finding for it (performedOn, then createdSeq, then the smaller
 *    id), performed on or before asOf and not void, decides: counting → its finding; lapsed by its
 *    own validity (ASSESSMENT_EXPIRED) or the age limit (EVIDENCE_TOO_OLD) → `expired`, and no
 *    older finding comes back; superseded → `missing` (NO_FINDING: its successor says nothing
 *    about the requirement). A revocation (from its effectiveOn) withdraws the finding: the next
 *    older one decides again. A void assessment (revoked from its start) counts nowhere.
 * 3. An `expired` result carries the last day its evidence counted as validUntil; `failed` and
 *    `missing` results carry null. `not_applicable` carries its evidence's end and takes part in
 *    the decision's validUntil when mandatory (that the requirement does not apply is itself
 *    evidence that can lapse).
 * 4. Endpoints. `allowlist` fails on the first offending destination by raw value (then id);
 *    basis = every offending destination, sorted by id. `no_shared_cdn` judges FQDNs only
 *    (CIDRs of CDNs are not in the data); entries that do not parse are left to `allowlist`.
 *    Wildcards are judged against the whole PSL (private section included), addresses against
 *    the special-purpose ranges (ENDPOINT_SPECIAL_PURPOSE): see endpoints.ts.
 * 5. Warnings are sorted by (requirementId, code); a warning without requirementId sorts first.
 *    Besides the four codes of domain.md the engine emits PROFILE_NOT_IN_EFFECT when asOf lies
 *    outside the edition's effective period (the caller picked an edition by hand); the decision
 *    is still computed against that edition.
 * 6. EXPIRING_SOON applies to mandatory satisfied results only (validUntil − asOf ≤ window,
 *    so exactly `expiringSoonDays` days left warns and one more does not), on any decision.
 * 7. Dated facts (second edition of the rules). A decision on D reads the category, the
 *    destinations and the retirement in force on D (inputs without dates are in force always, so
 *    undated callers get the decisions they always got). Known future ends cut a satisfied
 *    result's validUntil at the day before: a registration state recorded ahead under which it
 *    is not in effect (`registrationEndOn`), an assessment revocation dated ahead, a destination
 *    removal dated ahead, a change ahead to a category that is not allowed. A retirement dated
 *    ahead cuts the decision's validUntil and warns EXPIRING_SOON without a requirementId.
 * 8. Retirement is service-level: from retiredOn a decision gets a first result
 *    `SERVICE_ACTIVE` (mandatory, failed, SERVICE_RETIRED, basis the service), so it is
 *    ineligible; the profile's requirements are still evaluated and shown.
 *    `allowlistEntriesFor(decisions, facts, D)` is the only way to build an allowlist: the
 *    in-force destinations of exactly the services decided eligible on D.
 * 9. `not_applicable` on a mandatory requirement warns NOT_APPLICABLE_CLAIMED (the decision is
 *    not changed by it). Editions: `selectEdition`/`editionEnd` end an edition the day before
 *    its successor's effectiveFrom; `withEditionPeriod` gives `decide` that period, so
 *    PROFILE_NOT_IN_EFFECT follows the same rule.
 * 10. Methods and benchmarks (file-import controls). A `method` requirement reads the methods the
 *    service declares on D (a dated fact): none → `missing` (METHOD_NOT_DECLARED, indeterminate);
 *    any declared method outside `acceptedMethods` → `failed` (METHOD_NOT_ACCEPTED); else satisfied,
 *    cut the day before a change ahead to an unaccepted or empty declaration. An attestation with
 *    `appliesToMethods` that the service's declaration on D does not touch is `not_applicable`
 *    (METHOD_NOT_USED, basis the service, no end) and, being the registry's own judgement, does not
 *    warn NOT_APPLICABLE_CLAIMED. `thresholds` apply to the deciding `met` finding only: each needs a
 *    measurement of that measure (on the named corpus, when given) with value ≥ min (exactly at the
 *    threshold passes); a value below → `failed` (BELOW_THRESHOLD), none → `missing`
 *    (MEASUREMENT_MISSING). Several measurements of one measure: the lowest counts.
 */
import { accreditedOnPerformance, countsOn, evidenceWindow, lapsedOn, type EvidenceWindow } from './assessments';
import { addDaysCapped, assertIsoDate, daysBetween, minDate, type IsoDate } from './dates';
import { analyzeEndpoint, isUnderDomain, judgeAnalyzed, type AnalyzedEndpoint } from './endpoints';
import { coverageOn, registrationEndOn, registrationStateOn, type RegistrationStateOn } from './registration';
import {
  DEFAULT_ENGINE_OPTIONS,
  type AssessmentFacts,
  type BasisRef,
  type DatedValue,
  type Decision,
  type DecisionOutcome,
  type DecisionWarning,
  type EndpointFacts,
  type EngineOptions,
  type Measurement,
  type ProfileEdition,
  type ReasonCode,
  type RequirementOutcome,
  type RequirementResult,
  type RequirementSpec,
  type ServiceFacts,
  type Threshold,
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
  const states: { id: string; registeredOn: IsoDate; s: RegistrationStateOn; end: IsoDate | null; basis: BasisRef }[] = [];
  const opts = { staleAfterDays: ctx.options.staleConfirmationDays };
  for (const r of facts.registrations) {
    if (!schemes.includes(r.scheme)) continue;
    // a registration covering this service counts only inside its coverage: absent outside it
    const period = coverageOn(r, ctx.asOf);
    if (period === undefined) continue;
    const s = registrationStateOn(r, ctx.asOf, opts);
    // the known end, shortened by states recorded ahead and by the coverage's end (see registrationEndOn)
    const end = s.inEffect ? (registrationEndOn(r, ctx.asOf, opts) ?? null) : null;
    const basis: BasisRef =
      period === null || r.coverage == null
        ? { type: 'registration', id: r.id }
        : {
            type: 'registration',
            id: r.id,
            coverage: { registeredServiceId: r.coverage.registeredServiceId, effectiveOn: period.effectiveOn, endedOn: period.endedOn },
          };
    states.push({ id: r.id, registeredOn: r.registeredOn, s, end, basis });
  }
  if (states.length === 0) return { result: result(spec, 'failed', 'REGISTRATION_ABSENT', [], null), warnings: [] };

  const inEffect = states.filter((x) => x.s.inEffect);
  if (inEffect.length > 0) {
    inEffect.sort((a, b) => {
      const ea = a.end;
      const eb = b.end;
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
      result: result(spec, 'satisfied', best.s.reason, [best.basis], best.end),
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
  return { result: result(spec, outcome, worst.s.reason, [worst.basis], null), warnings: [] };
}

// ---------------------------------------------------------------- category

/** The dated value in force on `asOf` (from ≤ asOf < to; the latest `from` wins an overlap); null if none. */
export function valueOn<T>(values: readonly DatedValue<T>[], asOf: IsoDate): DatedValue<T> | null {
  let found: DatedValue<T> | null = null;
  for (const v of values) if (v.from <= asOf && (v.to == null || asOf < v.to) && (found === null || v.from >= found.from)) found = v;
  return found;
}

function evaluateCategory(ctx: Context, spec: RequirementSpec, facts: ServiceFacts): Evaluated {
  const allowedList = spec.params.allowedCategories ?? [];
  const dated = facts.service.categories;
  const basis: BasisRef[] = [{ type: 'service', id: facts.service.id }];
  let allowed: boolean;
  let validUntil: IsoDate | null = null;
  if (dated === undefined) allowed = allowedList.includes(facts.service.category);
  else {
    // no category in force on asOf is no allowed category
    const now = valueOn(dated, ctx.asOf);
    allowed = now !== null && allowedList.includes(now.value);
    // a known change ahead to a category that is not allowed (or to none) ends the evidence the day before
    let next = now?.to ?? null;
    while (allowed && next !== null) {
      const v = valueOn(dated, next);
      if (v === null || !allowedList.includes(v.value)) {
        validUntil = addDaysCapped(next, -1);
        break;
      }
      next = v.to ?? null;
    }
  }
  return {
    result: result(spec, allowed ? 'satisfied' : 'failed', allowed ? 'CATEGORY_ALLOWED' : 'CATEGORY_NOT_ALLOWED', basis, validUntil),
    warnings: [],
  };
}

// ---------------------------------------------------------------- method

/** The methods declared on asOf (empty = none). */
export function methodsOn(service: ServiceFacts['service'], asOf: IsoDate): string[] {
  return service.methods ? (valueOn(service.methods, asOf)?.value ?? []) : [];
}

function evaluateMethod(ctx: Context, spec: RequirementSpec, facts: ServiceFacts): Evaluated {
  const accepted = spec.params.acceptedMethods ?? [];
  const basis: BasisRef[] = [{ type: 'service', id: facts.service.id }];
  const ok = (m: readonly string[]) => m.length > 0 && m.every((x) => accepted.includes(x));
  const now = methodsOn(facts.service, ctx.asOf);
  if (now.length === 0) return { result: result(spec, 'missing', 'METHOD_NOT_DECLARED', basis, null), warnings: [] };
  if (!ok(now)) return { result: result(spec, 'failed', 'METHOD_NOT_ACCEPTED', basis, null), warnings: [] };
  let validUntil: IsoDate | null = null;
  let next = facts.service.methods ? (valueOn(facts.service.methods, ctx.asOf)?.to ?? null) : null;
  while (next !== null) {
    const v = valueOn(facts.service.methods ?? [], next);
    if (v === null || !ok(v.value)) {
      validUntil = addDaysCapped(next, -1);
      break;
    }
    next = v.to ?? null;
  }
  return { result: result(spec, 'satisfied', 'METHOD_ACCEPTED', basis, validUntil), warnings: [] };
}

/**
 * Whether a `met` finding reaches every threshold: null when it does, else the outcome and reason
 * (a value below → failed BELOW_THRESHOLD; no measurement → missing MEASUREMENT_MISSING). Exactly
 * at the threshold passes; of several measurements of one measure the lowest counts.
 */
export function judgeThresholds(
  thresholds: readonly Threshold[],
  measurements: readonly Measurement[],
): { outcome: 'failed' | 'missing'; reason: 'BELOW_THRESHOLD' | 'MEASUREMENT_MISSING'; measure: string } | null {
  let missing: string | null = null;
  for (const t of thresholds) {
    const values = measurements
      .filter((m) => m.measure === t.measure && (t.corpus === undefined || m.corpus === t.corpus))
      .map((m) => m.value);
    if (values.length === 0) {
      missing ??= t.measure;
      continue;
    }
    if (Math.min(...values) < t.min) return { outcome: 'failed', reason: 'BELOW_THRESHOLD', measure: t.measure };
  }
  return missing === null ? null : { outcome: 'missing', reason: 'MEASUREMENT_MISSING', measure: missing };
}

// ---------------------------------------------------------------- endpoints

const endpointBasis = (eps: readonly EndpointFacts[]): BasisRef[] =>
  eps.map((e) => ({ type: 'endpoint' as const, id: e.id })).sort((a, b) => cmp(a.id, b.id));

/**
 * Endpoint checks over the destinations in force on asOf (`eps`, with their parses `analyzed` in
 * the same order). `cut`: the day before the earliest removal dated ahead of an in-force
 * destination (a known future end of a satisfied result), or null.
 */
function evaluateEndpoints(
  spec: RequirementSpec,
  eps: readonly EndpointFacts[],
  analyzed: readonly AnalyzedEndpoint[],
  cut: IsoDate | null,
): Evaluated {
  if (eps.length === 0) return { result: result(spec, 'missing', 'NO_DESTINATIONS', [], null), warnings: [] };
  const check = spec.params.check;

  if (check === 'allowlist') {
    const limits = { maxIpv4Prefix: spec.params.maxIpv4Prefix, maxIpv6Prefix: spec.params.maxIpv6Prefix };
    const bad: { e: EndpointFacts; reason: ReasonCode }[] = [];
    eps.forEach((e, i) => {
      const j = judgeAnalyzed(analyzed[i], limits);
      if (!j.ok) bad.push({ e, reason: j.reason });
    });
    if (bad.length === 0) return { result: result(spec, 'satisfied', 'DESTINATIONS_SPECIFIC', endpointBasis(eps), cut), warnings: [] };
    const first = bad.reduce((a, b) => (cmp(b.e.value, a.e.value) < 0 || (b.e.value === a.e.value && cmp(b.e.id, a.e.id) < 0) ? b : a));
    return { result: result(spec, 'failed', first.reason, endpointBasis(bad.map((b) => b.e)), null), warnings: [] };
  }

  if (check === 'no_shared_cdn') {
    const domains = spec.params.sharedCdnDomains ?? [];
    const onCdn = eps.filter((_e, i) => {
      const a = analyzed[i];
      return a.ok && a.kind === 'fqdn' && domains.some((d) => isUnderDomain(a.value, d));
    });
    if (onCdn.length === 0) return { result: result(spec, 'satisfied', 'NO_SHARED_CDN', endpointBasis(eps), cut), warnings: [] };
    return { result: result(spec, 'failed', 'SHARED_CDN_DESTINATION', endpointBasis(onCdn), null), warnings: [] };
  }

  throw new Error(`requirement ${spec.id}: unknown endpoints check ${JSON.stringify(check)}`);
}

/** Whether a destination is declared on asOf: effectiveFrom ≤ asOf < endedOn (absent bounds are open). */
export function endpointInForce(e: Pick<EndpointFacts, 'effectiveFrom' | 'endedOn'>, asOf: IsoDate): boolean {
  return (e.effectiveFrom == null || e.effectiveFrom <= asOf) && (e.endedOn == null || asOf < e.endedOn);
}

/** The destinations declared on asOf, in input order. */
export function endpointsOn<E extends EndpointFacts>(endpoints: readonly E[], asOf: IsoDate): E[] {
  return endpoints.filter((e) => endpointInForce(e, asOf));
}

// ---------------------------------------------------------------- attestation

interface Evidence {
  a: AssessmentFacts;
  w: EvidenceWindow;
}

/**
 * The assessments of the profile key performed on or before asOf and not void, newest first
 * (performedOn, then createdSeq, then the smaller id), with their evidence windows.
 */
function evidenceFor(ctx: Context, facts: ServiceFacts): Evidence[] {
  const { asOf, profile } = ctx;
  const out: Evidence[] = [];
  for (const a of facts.assessments) {
    if (a.profileKey !== profile.key || a.performedOn > asOf) continue;
    const w = evidenceWindow(a, profile.maxEvidenceAgeDays);
    if (w.end === null && w.cause === 'revocation') continue; // void: counts for nothing, anywhere
    out.push({ a, w });
  }
  return out.sort((x, y) => cmp(y.a.performedOn, x.a.performedOn) || y.a.createdSeq - x.a.createdSeq || cmp(x.a.id, y.a.id));
}

const FINDING: Record<'met' | 'not_met' | 'not_applicable', [RequirementOutcome, ReasonCode]> = {
  met: ['satisfied', 'FINDING_MET'],
  not_met: ['failed', 'FINDING_NOT_MET'],
  not_applicable: ['not_applicable', 'FINDING_NOT_APPLICABLE'],
};

/**
 * Per requirement, the newest assessment with a finding for it decides (revoked ones, from their
 * revocation on, are not findings and are skipped). It counts on asOf → its finding. Its evidence
 * lapsed (own validity or age limit) → `expired`: an older finding never comes back after a newer
 * one, and a newer `not_met` is never outvoted by an older `met`. It was superseded → `missing`
 * (its successor, newer still, says nothing about this requirement).
 */
function evaluateAttestation(ctx: Context, spec: RequirementSpec, evidence: Evidence[]): Evaluated {
  // an assessment by an organisation not accredited on its performedOn is no finding at all; if only
  // such assessments speak to the requirement, it is missing for that reason (naming the newest)
  let unaccredited: Evidence | null = null;
  for (const ev of evidence) {
    const finding = ev.a.findings.find((f) => f.requirementId === spec.id);
    if (finding === undefined) continue;
    if (!accreditedOnPerformance(ev.a)) {
      unaccredited ??= ev;
      continue;
    }
    if (countsOn(ev.w, ctx.asOf)) {
      const below =
        finding.outcome === 'met' && spec.params.thresholds ? judgeThresholds(spec.params.thresholds, finding.measurements ?? []) : null;
      if (below !== null)
        return { result: result(spec, below.outcome, below.reason, [{ type: 'assessment', id: ev.a.id }], null), warnings: [] };
      const [outcome, reason] = FINDING[finding.outcome];
      return { result: result(spec, outcome, reason, [{ type: 'assessment', id: ev.a.id }], ev.w.end), warnings: [] };
    }
    if (lapsedOn(ev.w, ctx.asOf)) {
      const reason: ReasonCode = ev.w.cause === 'age' ? 'EVIDENCE_TOO_OLD' : 'ASSESSMENT_EXPIRED';
      return { result: result(spec, 'expired', reason, [{ type: 'assessment', id: ev.a.id }], ev.w.end), warnings: [] };
    }
    if (ev.w.cause === 'supersession') break;
  }
  if (unaccredited !== null) {
    return {
      result: result(spec, 'missing', 'ASSESSOR_NOT_ACCREDITED', [{ type: 'assessment', id: unaccredited.a.id }], null),
      warnings: [],
    };
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

/** The id of the service-level result a retired service gets (first in `requirements`). */
export const SERVICE_RETIREMENT_RESULT_ID = 'SERVICE_ACTIVE';

/** Whether the service is retired on asOf (from its retiredOn on). */
export function isRetiredOn(service: ServiceFacts['service'], asOf: IsoDate): boolean {
  return service.retiredOn != null && service.retiredOn <= asOf;
}

/** The destinations in force on asOf and the parses of them, plus the day before the earliest removal dated ahead. */
function datedEndpoints(
  facts: ServiceFacts,
  asOf: IsoDate,
): { all: boolean; eps: EndpointFacts[]; analyzed: () => AnalyzedEndpoint[]; cut: IsoDate | null } {
  const source = facts.endpoints;
  let all = true;
  let removal: IsoDate | null = null;
  const keep: number[] = [];
  source.forEach((e, i) => {
    if (!endpointInForce(e, asOf)) {
      all = false;
      return;
    }
    keep.push(i);
    if (e.endedOn != null && (removal === null || e.endedOn < removal)) removal = e.endedOn;
  });
  const cut = removal === null ? null : addDaysCapped(removal, -1);
  if (all) return { all: cut === null, eps: source, analyzed: () => analysisOf(source), cut };
  return { all: false, eps: keep.map((i) => source[i]), analyzed: () => keep.map((i) => analysisOf(source)[i]), cut };
}

function decideWith(ctx: Context, facts: ServiceFacts): Decision {
  const { profile, asOf, options } = ctx;
  // Computed once per service, only if a requirement needs them.
  let evidence: Evidence[] | null = null;
  let dated: ReturnType<typeof datedEndpoints> | null = null;
  let analyzed: AnalyzedEndpoint[] | null = null;
  const results: RequirementResult[] = [];
  const warnings: DecisionWarning[] = [];
  if (!ctx.profileInEffect) warnings.push(warning('PROFILE_NOT_IN_EFFECT'));

  // Retirement is a service-level fact: a retired service gets a failed SERVICE_ACTIVE result first
  // (so the decision is ineligible whatever else holds); the profile's requirements are still shown.
  const retired = isRetiredOn(facts.service, asOf);
  if (retired) {
    results.push({
      id: SERVICE_RETIREMENT_RESULT_ID,
      mandatory: true,
      outcome: 'failed',
      reason: 'SERVICE_RETIRED',
      basis: [{ type: 'service', id: facts.service.id }],
      validUntil: null,
    });
  }

  for (const spec of profile.requirements) {
    let ev: Evaluated;
    switch (spec.kind) {
      case 'scheme':
        ev = evaluateScheme(ctx, spec, facts);
        break;
      case 'category':
        ev = evaluateCategory(ctx, spec, facts);
        break;
      case 'endpoints': {
        const d = (dated ??= datedEndpoints(facts, asOf));
        // undated (or all in force with no removal ahead): the date-independent result is shared
        ev = d.all
          ? remembered(endpointResults, spec, facts.endpoints, () => evaluateEndpoints(spec, d.eps, (analyzed ??= d.analyzed()), null))
          : evaluateEndpoints(spec, d.eps, (analyzed ??= d.analyzed()), d.cut);
        break;
      }
      case 'attestation': {
        const applies = spec.params.appliesToMethods;
        if (applies !== undefined && !methodsOn(facts.service, asOf).some((m) => applies.includes(m))) {
          ev = {
            result: result(spec, 'not_applicable', 'METHOD_NOT_USED', [{ type: 'service', id: facts.service.id }], null),
            warnings: [],
          };
          break;
        }
        evidence ??= evidenceFor(ctx, facts);
        ev = evaluateAttestation(ctx, spec, evidence);
        break;
      }
      case 'method':
        ev = evaluateMethod(ctx, spec, facts);
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
    if (r.mandatory && r.outcome === 'not_applicable' && r.reason !== 'METHOD_NOT_USED')
      warnings.push(warning('NOT_APPLICABLE_CLAIMED', r.id));
    if (!r.mandatory && (r.outcome === 'failed' || r.outcome === 'missing' || r.outcome === 'expired')) {
      warnings.push(warning('RECOMMENDED_NOT_MET', r.id));
    }
  }

  // A retirement dated ahead is a known end of everything the decision rests on.
  const retiresAhead = !retired && facts.service.retiredOn != null ? addDaysCapped(facts.service.retiredOn, -1) : null;
  if (retiresAhead !== null && daysBetween(asOf, retiresAhead) <= options.expiringSoonDays) {
    warnings.push(warning('EXPIRING_SOON', undefined, retiresAhead));
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
    validUntil: eligible ? minDate(...mandatory.map((r) => r.validUntil), retiresAhead) : null,
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
 * What a list needs of a decision: its outcome and until when. A set of every service's decisions
 * keeps these (≈ 0.1 KB a service instead of ≈ 3 KB for the whole decision with its reasons).
 */
export type DecisionSummary = Pick<Decision, 'serviceId' | 'asOf' | 'decision' | 'validUntil'>;

/** decideMany, keeping only each decision's summary (each whole decision is dropped as soon as it is made). */
export function decideSummaries(
  profile: ProfileEdition,
  factsList: readonly ServiceFacts[],
  asOf: IsoDate,
  options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
): DecisionSummary[] {
  const ctx = createContext(profile, asOf, options);
  return factsList.map((facts) => {
    const d = decideWith(ctx, facts);
    return { serviceId: d.serviceId, asOf: d.asOf, decision: d.decision, validUntil: d.validUntil };
  });
}

/**
 * The last day an edition is in effect: the day before the next edition's effectiveFrom (of the
 * same list, i.e. the same profile key), or its own effectiveUntil when that is earlier; null =
 * open-ended. Two editions with the same effectiveFrom: the greater edition string succeeds.
 */
export function editionEnd(editions: readonly ProfileEdition[], edition: ProfileEdition): IsoDate | null {
  let next: IsoDate | null = null;
  for (const e of editions) {
    const later = e.effectiveFrom > edition.effectiveFrom || (e.effectiveFrom === edition.effectiveFrom && e.edition > edition.edition);
    if (later && e.effectiveFrom > edition.effectiveFrom && (next === null || e.effectiveFrom < next)) next = e.effectiveFrom;
  }
  const bySuccessor = next === null ? null : addDaysCapped(next, -1);
  return minDate(bySuccessor, edition.effectiveUntil);
}

/**
 * The edition with its period as the rules define it: `effectiveUntil` = `editionEnd` (the day
 * before its successor's effectiveFrom). Pass this to `decide` so PROFILE_NOT_IN_EFFECT reads the
 * same period as `selectEdition`.
 */
export function withEditionPeriod<T extends ProfileEdition>(editions: readonly T[], edition: T): T {
  const end = editionEnd(editions, edition);
  return end === edition.effectiveUntil ? edition : { ...edition, effectiveUntil: end };
}

/**
 * The edition in effect on `asOf`: effectiveFrom ≤ asOf ≤ its end (`editionEnd`: the day before its
 * successor's effectiveFrom, or its own effectiveUntil). When several start on the same day the
 * greater edition string wins. null if none.
 */
export function selectEdition<T extends ProfileEdition>(editions: readonly T[], asOf: IsoDate): T | null {
  assertIsoDate(asOf, 'asOf');
  let best: T | null = null;
  for (const e of editions) {
    if (e.effectiveFrom > asOf) continue;
    if (best === null || e.effectiveFrom > best.effectiveFrom || (e.effectiveFrom === best.effectiveFrom && e.edition > best.edition))
      best = e;
  }
  if (best === null) return null;
  const end = editionEnd(editions, best);
  return end === null || asOf <= end ? best : null;
}

/** One service's part of an allowlist: its destinations in force on asOf. */
export interface AllowlistContribution<E extends EndpointFacts = EndpointFacts> {
  serviceId: string;
  endpoints: E[];
}

/**
 * "Allowlist entries for D": the destinations in force on D of exactly the services decided
 * `eligible` on D (a retired service is ineligible, so it contributes nothing), in decision order.
 * Decisions and facts are matched by service id; the decisions must be for D.
 */
export function allowlistEntriesFor<F extends ServiceFacts>(
  decisions: readonly DecisionSummary[],
  factsList: readonly F[],
  asOf: IsoDate,
): AllowlistContribution<F['endpoints'][number]>[] {
  const byId = new Map(factsList.map((f) => [f.service.id, f]));
  const out: AllowlistContribution<F['endpoints'][number]>[] = [];
  for (const d of decisions) {
    if (d.asOf !== asOf) throw new RangeError(`allowlistEntriesFor: decision of ${d.serviceId} is for ${d.asOf}, not ${asOf}`);
    const f = byId.get(d.serviceId);
    if (d.decision !== 'eligible' || f === undefined) continue;
    out.push({ serviceId: d.serviceId, endpoints: endpointsOn(f.endpoints, asOf) });
  }
  return out;
}
