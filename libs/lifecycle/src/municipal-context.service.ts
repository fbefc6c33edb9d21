import { Global, Injectable, Module } from '@nestjs/common';
import { type Decision, obligationStatuses, type ObligationStatus, type UsageStanding } from '@app/eligibility-engine';
import { CriteriaModule, CriteriaService, isNoEditionInEffect } from '@app/criteria';
import { EligibilityModule, EligibilityService, MunicipalityObligations, type MunicipalityObligationsDto } from '@app/eligibility';
import { MunicipalitiesModule, MunicipalitiesService, type MunicipalityContextFacts } from '@app/municipalities';
import type { Actor } from '@app/shared';
import type { ServiceUsageEntity } from './entities/service-usage.entity';
import { LifecycleRepository } from './lifecycle.repository';

/** Whether the caller sees the municipality's private data (its measures and usages). */
export const seesPrivate = (actor: Actor | null, code: string): boolean =>
  actor !== null && (actor.role === 'admin' || (actor.role === 'municipality' && actor.municipalityCode === code));

/** The public view of a status: whether it applies, never whether (or by what) it is met. */
const publicStatus = (s: ObligationStatus): ObligationStatus =>
  s.status === 'not_required'
    ? s
    : {
        id: s.id,
        title: s.title,
        status: 'required' as ObligationStatus['status'],
        reason: 'REQUIRED' as ObligationStatus['reason'],
        basis: [],
        validUntil: null,
      };

/**
 * A municipality's context as obligation statuses read it: network model and breakout point
 * (public), its attested measures and the decisions of the services it uses (private). Decisions
 * come from the per-revision decision sets (a constant number of queries).
 */
@Injectable()
export class MunicipalContextService extends MunicipalityObligations {
  constructor(
    private readonly municipalities: MunicipalitiesService,
    private readonly criteria: CriteriaService,
    private readonly eligibility: EligibilityService,
    private readonly repo: LifecycleRepository,
  ) {
    super();
  }

  async forDecision(code: string, actor: Actor | null, decision: Decision): Promise<MunicipalityObligationsDto> {
    const context = await this.municipalities.context(code);
    const view = seesPrivate(actor, code) ? 'private' : 'public';
    const head = { code, networkModel: context.networkModel, breakoutPoint: context.breakoutPoint, view } as const;
    if (decision.decision !== 'eligible') return { ...head, obligations: [] };
    const profile = await this.criteria.edition(decision.profile.key, decision.profile.edition, decision.asOf);
    const statuses = await this.statuses(context, view, profile.obligations, decision.asOf);
    return { ...head, obligations: statuses };
  }

  /** Statuses of `obligations` for the municipality on asOf, in the view given. */
  async statuses(
    context: MunicipalityContextFacts,
    view: 'private' | 'public',
    obligations: Parameters<typeof obligationStatuses>[0],
    asOf: string,
    usages?: UsageStanding[],
  ): Promise<ObligationStatus[]> {
    if (view === 'public') {
      return obligationStatuses(obligations, { ...context, measures: [], usages: [] }, asOf).map(publicStatus);
    }
    const [measures, standings] = await Promise.all([
      this.municipalities.measureFacts(context.code),
      usages ? Promise.resolve(usages) : this.standings(context.code, asOf),
    ]);
    return obligationStatuses(obligations, { ...context, measures, usages: standings }, asOf);
  }

  /** Each usage of the municipality with its service's decision on asOf under the usage's profile. */
  async standings(code: string, asOf: string, rows?: ServiceUsageEntity[]): Promise<(UsageStanding & { decisionOf: Decision | null })[]> {
    const usages = rows ?? (await this.repo.usagesOf(code));
    const byProfile = new Map<string, Map<string, Decision>>();
    for (const key of new Set(usages.map((u) => u.profileKey))) {
      const ids = usages.filter((u) => u.profileKey === key).map((u) => u.serviceId);
      const decisions = await this.eligibility.decisionsOf(key, undefined, asOf, ids).catch((err: unknown) => {
        if (isNoEditionInEffect(err)) return new Map<string, Decision>();
        throw err;
      });
      byProfile.set(key, decisions);
    }
    return usages.map((u) => {
      const d = byProfile.get(u.profileKey)?.get(u.serviceId) ?? null;
      return {
        usageId: u.id,
        serviceId: u.serviceId,
        profileKey: u.profileKey,
        decision: d?.decision ?? 'indeterminate',
        validUntil: d?.validUntil ?? null,
        decisionOf: d,
      };
    });
  }

  usagesOf(code: string): Promise<ServiceUsageEntity[]> {
    return this.repo.usagesOf(code);
  }
}

/** Hands the eligibility controller its `municipality=` statuses (eligibility cannot import this library). */
@Global()
@Module({
  imports: [MunicipalitiesModule, CriteriaModule, EligibilityModule],
  providers: [LifecycleRepository, MunicipalContextService, { provide: MunicipalityObligations, useExisting: MunicipalContextService }],
  exports: [MunicipalityObligations, MunicipalContextService],
})
export class MunicipalContextModule {}
