import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { daysBetween, type Decision, selectEdition } from '@app/eligibility-engine';
import { type DomainEvent, RegistryWriter } from '@app/ledger';
import { CriteriaService } from '@app/criteria';
import { EligibilityService } from '@app/eligibility';
import { type Actor, APP_CONFIG, type AppConfig, Metrics, SYSTEM_ACTOR } from '@app/shared';
import type { SweepResultDto } from './dto/lifecycle.dto';
import { type DecisionStateRow, LifecycleRepository, type SweepMark } from './lifecycle.repository';
import { assessmentDue, type Due, registrationDue } from './sweep-rules';

type DueItem = Due & { serviceId: string } & (
    | { kind: 'registration'; ref: { registrationId: string; serviceId: string; scheme: string } }
    | { kind: 'assessment'; ref: { assessmentId: string; serviceId: string; profile: { key: string; edition: string } } }
  );

/** The announcement of a due record: `<kind>.expiring` (with the tightest new threshold) or `<kind>.expired`. */
function dueEvent(due: DueItem, fresh: number[], asOf: string): DomainEvent {
  const head = { subjectType: due.kind, subjectId: due.subjectId, serviceId: due.serviceId };
  const timing = { validUntil: due.validUntil, daysLeft: due.daysLeft };
  const threshold = Math.min(...fresh);
  if (due.kind === 'registration') {
    return due.event === 'expiring'
      ? { ...head, type: 'registration.expiring', data: { ...due.ref, ...timing, threshold, asOf } }
      : { ...head, type: 'registration.expired', data: { ...due.ref, ...timing, asOf } };
  }
  return due.event === 'expiring'
    ? { ...head, type: 'assessment.expiring', data: { ...due.ref, ...timing, threshold, asOf } }
    : { ...head, type: 'assessment.expired', data: { ...due.ref, ...timing, asOf } };
}

/**
 * The expiry sweep for a date: announces registrations and assessments nearing or past their end
 * (once per record, validity end and threshold) and recomputes every decision under every profile
 * in effect, announcing `eligibility.changed` and, for municipalities using the service,
 * `usage.at_risk`. Idempotent: a second run for the same date writes nothing.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger(SweepService.name);

  constructor(
    private readonly writer: RegistryWriter,
    private readonly eligibility: EligibilityService,
    private readonly criteria: CriteriaService,
    private readonly repo: LifecycleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(Metrics) private readonly metrics?: Metrics,
  ) {}

  /** Whether a decision is inside the expiring window on its date. */
  expiring(d: Pick<Decision, 'decision' | 'validUntil' | 'asOf'>): boolean {
    return d.decision === 'eligible' && d.validUntil !== null && daysBetween(d.asOf, d.validUntil) <= this.config.EXPIRING_SOON_DAYS;
  }

  async sweep(asOf: string, actor: Actor = SYSTEM_ACTOR): Promise<SweepResultDto> {
    const started = performance.now();
    const facts = await this.eligibility.currentFacts();
    const dues = this.dues(facts, asOf);
    const byKey = new Map<string, Awaited<ReturnType<CriteriaService['all']>>>();
    for (const p of await this.criteria.all()) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
    const decisions: Decision[] = [];
    for (const editions of byKey.values()) {
      const edition = selectEdition(editions, asOf);
      if (edition) decisions.push(...(await this.eligibility.all(edition.key, edition.edition, asOf)));
    }

    const emitted: Record<string, number> = {};
    await this.writer.transaction(actor, async (tx) => {
      await this.repo.lockSweeps(tx);
      const emit = (e: DomainEvent) => {
        emitted[e.type] = (emitted[e.type] ?? 0) + 1;
        tx.emit(e);
      };

      // 1. expiring / expired announcements, once per (record, validity end, threshold)
      const marked = await this.repo.marksFor(
        tx,
        dues.map(({ kind, subjectId, validUntil }) => ({ kind, subjectId, validUntil })),
      );
      const done = new Set(marked.map((m) => `${m.kind}|${m.subjectId}|${m.validUntil}|${m.threshold}`));
      const newMarks: SweepMark[] = [];
      for (const due of dues) {
        const fresh = due.thresholds.filter((t) => !done.has(`${due.kind}|${due.subjectId}|${due.validUntil}|${t}`));
        if (fresh.length === 0) continue;
        newMarks.push(...fresh.map((threshold) => ({ kind: due.kind, subjectId: due.subjectId, validUntil: due.validUntil, threshold })));
        emit(dueEvent(due, fresh, asOf));
      }
      await this.repo.insertMarks(tx, newMarks, asOf);

      // 2. decisions that changed since the last sweep, and the municipalities relying on them
      const previous = new Map((await this.repo.decisionStates(tx)).map((r) => [`${r.serviceId}|${r.profileKey}`, r]));
      const usages = new Map<string, { id: string; municipalityCode: string }[]>();
      for (const u of await this.repo.allUsages(tx)) {
        const k = `${u.serviceId}|${u.profileKey}`;
        usages.set(k, [...(usages.get(k) ?? []), u]);
      }
      const upserts: DecisionStateRow[] = [];
      for (const d of decisions) {
        const k = `${d.serviceId}|${d.profile.key}`;
        const before = previous.get(k);
        const expiring = this.expiring(d);
        if (before && before.asOf > asOf) continue; // sweeping the past does not rewrite the present
        if (before && before.decision === d.decision && before.expiring === expiring) {
          if (before.asOf !== asOf) upserts.push(this.row(d, expiring, asOf));
          continue;
        }
        upserts.push(this.row(d, expiring, asOf));
        if (!before) continue; // first sight: a baseline, not a change
        if (before.decision !== d.decision) {
          emit({
            type: 'eligibility.changed',
            subjectType: 'service',
            subjectId: d.serviceId,
            serviceId: d.serviceId,
            data: { serviceId: d.serviceId, profile: d.profile, asOf, from: before.decision, to: d.decision, validUntil: d.validUntil },
          });
        }
        const lostEligibility = before.decision === 'eligible' && d.decision !== 'eligible';
        const nowExpiring = expiring && !before.expiring;
        if (lostEligibility || nowExpiring) {
          for (const u of usages.get(k) ?? []) {
            emit(atRisk(u.id, u.municipalityCode, d, lostEligibility ? 'NOT_ELIGIBLE' : 'EXPIRING'));
          }
        }
      }
      await this.repo.upsertDecisionStates(tx, upserts);
      if (Object.keys(emitted).length > 0) {
        tx.audit({ action: 'sweep.run', subjectType: 'sweep', subjectId: asOf, before: null, after: { asOf, emitted } });
      }
    });
    const durationMs = Math.round(performance.now() - started);
    if (Object.keys(emitted).length > 0) this.logger.log({ asOf, emitted, durationMs }, 'sweep emitted events');
    this.metrics?.sweepRuns.inc({ outcome: Object.keys(emitted).length > 0 ? 'emitted' : 'unchanged' });
    return { asOf, emitted, decisions: decisions.length, durationMs };
  }

  private dues(facts: Awaited<ReturnType<EligibilityService['currentFacts']>>, asOf: string): DueItem[] {
    const thresholds = this.config.SWEEP_THRESHOLDS_DAYS;
    const dues: DueItem[] = [];
    for (const f of facts) {
      const serviceId = f.service.id;
      for (const r of f.registrations) {
        const due = registrationDue(r, asOf, thresholds, this.config.STALE_CONFIRMATION_DAYS);
        if (due) dues.push({ ...due, kind: 'registration', serviceId, ref: { registrationId: r.id, serviceId, scheme: r.scheme } });
      }
      for (const a of f.assessments) {
        const due = assessmentDue(a, asOf, thresholds);
        if (due) {
          const ref = { assessmentId: a.id, serviceId, profile: { key: a.profileKey, edition: a.edition } };
          dues.push({ ...due, kind: 'assessment', serviceId, ref });
        }
      }
    }
    return dues;
  }

  private row(d: Decision, expiring: boolean, asOf: string): DecisionStateRow {
    return {
      serviceId: d.serviceId,
      profileKey: d.profile.key,
      edition: d.profile.edition,
      decision: d.decision,
      validUntil: d.validUntil,
      expiring,
      asOf,
    };
  }
}

/** A municipality's usage of a service is at risk: the decision is no longer eligible, or ends soon. */
export function atRisk(
  usageId: string,
  municipalityCode: string,
  d: Decision,
  reason: 'NOT_ELIGIBLE' | 'EXPIRING',
): DomainEvent<'usage.at_risk'> {
  return {
    type: 'usage.at_risk',
    subjectType: 'usage',
    subjectId: usageId,
    serviceId: d.serviceId,
    municipalityCode,
    data: {
      usageId,
      municipalityCode,
      serviceId: d.serviceId,
      profile: d.profile,
      reason,
      decision: d.decision,
      validUntil: d.validUntil,
      asOf: d.asOf,
    },
  };
}
