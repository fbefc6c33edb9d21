import { Inject, Injectable } from '@nestjs/common';
import { addDaysCapped, editionImpact, selectEdition, withEditionPeriod } from '@app/eligibility-engine';
import { CriteriaService } from '@app/criteria';
import { EligibilityService } from '@app/eligibility';
import { MunicipalitiesService } from '@app/municipalities';
import { type Actor, APP_CONFIG, type AppConfig, validationFailed } from '@app/shared';
import { MunicipalContextService, seesPrivate } from './municipal-context.service';
import { OUTLOOK_KIND_TEXTS, type OutlookDto, type OutlookItemDto, type OutlookKind, sortOutlook } from './outlook';

const item = (date: string, kind: OutlookKind, fields: Partial<OutlookItemDto>, subjectText = ''): OutlookItemDto => ({
  date,
  kind,
  summary: `${OUTLOOK_KIND_TEXTS[kind].ja}${subjectText ? `: ${subjectText}` : ''}`,
  profile: null,
  edition: null,
  serviceId: null,
  usageId: null,
  subject: null,
  reason: null,
  services: [],
  ...fields,
});

/**
 * "いつまでに何をやらなければならないのか": a municipality's dated, ordered list of what is coming
 * between today and `until`. Public: the criteria editions taking effect. Its own credential or an
 * administrator also: used services at risk, their decisions' and registrations' ends, open
 * obligations and the ends of what meets them, and which used services flip under a new edition.
 * Decisions come from the per-revision decision sets and one facts snapshot.
 */
@Injectable()
export class OutlookService {
  constructor(
    private readonly municipalities: MunicipalitiesService,
    private readonly criteria: CriteriaService,
    private readonly eligibility: EligibilityService,
    private readonly context: MunicipalContextService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async outlook(actor: Actor | null, code: string, asOf: string, until: string | undefined): Promise<OutlookDto> {
    const end = until ?? addDaysCapped(asOf, 365);
    if (end < asOf) throw validationFailed('until must not be before today', [{ pointer: '/until', detail: `must be ${asOf} or later` }]);
    const ctx = await this.municipalities.context(code);
    const view = seesPrivate(actor, code) ? 'private' : 'public';
    const items: OutlookItemDto[] = [];
    const profiles = await this.criteria.all();
    const usages = view === 'private' ? await this.context.usagesOf(code) : [];
    const standings = view === 'private' ? await this.context.standings(code, asOf, usages) : [];

    // criteria editions taking effect after today (public), with the used services they flip (private)
    const facts = usages.length > 0 ? await this.eligibility.currentFacts() : [];
    for (const e of profiles) {
      if (e.effectiveFrom <= asOf || e.effectiveFrom > end) continue;
      const used = new Set(usages.filter((u) => u.profileKey === e.key).map((u) => u.serviceId));
      let flips: string[] = [];
      if (used.size > 0) {
        const editions = profiles.filter((p) => p.key === e.key);
        const others = editions.filter((p) => p.edition !== e.edition);
        const base = selectEdition(others, addDaysCapped(e.effectiveFrom, -1));
        const impact = editionImpact(
          base ? withEditionPeriod(others, base) : null,
          withEditionPeriod(editions, e),
          facts.filter((f) => used.has(f.service.id)),
          e.effectiveFrom,
          { expiringSoonDays: this.config.EXPIRING_SOON_DAYS, staleConfirmationDays: this.config.STALE_CONFIRMATION_DAYS },
        );
        flips = impact.map((i) => i.serviceId).sort();
      }
      items.push(
        item(e.effectiveFrom, 'edition_effective', { profile: e.key, edition: e.edition, services: flips }, `${e.key} ${e.edition}`),
      );
    }

    for (const s of standings) {
      const d = s.decisionOf;
      const base = { profile: s.profileKey, serviceId: s.serviceId, usageId: s.usageId };
      if (d === null) continue; // no edition of the profile in effect today: nothing to decide on
      if (d.decision !== 'eligible') {
        items.push(item(asOf, 'at_risk', { ...base, reason: d.decision }, s.serviceId));
        continue;
      }
      if (d.warnings.some((w) => w.code === 'EXPIRING_SOON'))
        items.push(item(asOf, 'at_risk', { ...base, reason: 'EXPIRING_SOON' }, s.serviceId));
      if (d.validUntil !== null && d.validUntil <= end) items.push(item(d.validUntil, 'usage_expiry', base, s.serviceId));
      for (const r of d.requirements) {
        const reg = r.basis.find((b) => b.type === 'registration');
        if (r.outcome === 'satisfied' && reg && r.validUntil !== null && r.validUntil <= end) {
          items.push(item(r.validUntil, 'renewal_deadline', { ...base, subject: reg.id, reason: r.id }, `${r.id} ${s.serviceId}`));
        }
      }
      const profile = profiles.find((p) => p.key === d.profile.key && p.edition === d.profile.edition);
      if (!profile) continue;
      const statuses = await this.context.statuses(ctx, 'private', profile.obligations, asOf, standings);
      for (const o of statuses) {
        if (o.status === 'open') items.push(item(asOf, 'obligation_open', { ...base, subject: o.id, reason: o.reason }, o.id));
        if (o.status === 'met' && o.validUntil !== null && o.validUntil <= end) {
          items.push(item(o.validUntil, 'obligation_lapse', { ...base, subject: o.id, reason: o.reason }, o.id));
        }
      }
    }
    return { code, asOf, until: end, view, items: sortOutlook(items) };
  }
}
