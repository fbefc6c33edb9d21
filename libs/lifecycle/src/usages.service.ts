import { Injectable } from '@nestjs/common';
import type { Decision } from '@app/eligibility-engine';
import { RegistryWriter } from '@app/ledger';
import { CatalogService } from '@app/catalog';
import { isNoEditionInEffect } from '@app/criteria';
import { EligibilityService } from '@app/eligibility';
import { assertLocalGovCode, forbiddenMunicipality, MunicipalitiesService } from '@app/municipalities';
import { type Actor, decodeCursor, type Page, toPage } from '@app/shared';
import type { CreateUsageDto, UsageDecisionDto, UsageResponseDto } from './dto/lifecycle.dto';
import type { ServiceUsageEntity } from './entities/service-usage.entity';
import { usageExists, usageNotFound } from './lifecycle.errors';
import { LifecycleRepository } from './lifecycle.repository';
import { atRisk, SweepService } from './sweep.service';

/** Without an edition of the profile in effect today there is no current decision: the fallback. */
const noEditionInEffect =
  <T>(fallback: () => T) =>
  (err: unknown): T => {
    if (isNoEditionInEffect(err)) return fallback();
    throw err;
  };

const toUsageResponse = (u: ServiceUsageEntity, current: UsageDecisionDto | null): UsageResponseDto => ({
  id: u.id,
  municipalityCode: u.municipalityCode,
  serviceId: u.serviceId,
  profile: u.profileKey,
  purpose: u.purpose,
  createdAt: u.createdAt.toISOString(),
  current,
});

const toCurrent = (d: Decision | null | undefined): UsageDecisionDto | null =>
  d ? { decision: d.decision, validUntil: d.validUntil, asOf: d.asOf, edition: d.profile.edition } : null;

/** Which municipality uses which service under which profile; the lapse alerts hang off these. */
@Injectable()
export class UsagesService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly catalog: CatalogService,
    private readonly eligibility: EligibilityService,
    private readonly sweeps: SweepService,
    private readonly repo: LifecycleRepository,
    private readonly municipalities: MunicipalitiesService,
  ) {}

  /** `asOf` is the request's day in Asia/Tokyo: the decision shown with the usage is today's. */
  async create(actor: Actor, code: string, dto: CreateUsageDto, asOf: string): Promise<UsageResponseDto> {
    this.assertMayManage(actor, code);
    // also the existence check: an unknown service or profile is a 404 from here
    const decision = await this.decisionToday(dto.serviceId, dto.profile, asOf);
    const row = await this.writer.transaction(actor, async (tx) => {
      await this.municipalities.assertLocalGovernment(code, '/code', tx);
      await this.catalog.lockService(tx, dto.serviceId);
      if (await this.repo.usageExists(tx, code, dto.serviceId, dto.profile)) throw usageExists(code, dto.profile);
      const saved = await this.repo.insertUsage(tx, {
        municipalityCode: code,
        serviceId: dto.serviceId,
        profileKey: dto.profile,
        purpose: dto.purpose ?? null,
        createdBy: actor.credentialId,
      });
      tx.audit({ action: 'usage.created', subjectType: 'usage', subjectId: saved.id, before: null, after: toUsageResponse(saved, null) });
      // a service that is already not eligible, or about to lapse, is at risk from the start
      if (decision && (decision.decision !== 'eligible' || this.sweeps.expiring(decision))) {
        tx.emit(atRisk(saved.id, code, decision, decision.decision !== 'eligible' ? 'NOT_ELIGIBLE' : 'EXPIRING'));
      }
      return saved;
    });
    return toUsageResponse(row, toCurrent(decision));
  }

  async list(actor: Actor, code: string, cursor: string | undefined, limit: number, asOf: string): Promise<Page<UsageResponseDto>> {
    this.assertMayManage(actor, code);
    const after = decodeCursor(cursor, ['uuid']);
    const rows = await this.repo.usagesPage(code, after ? String(after[0]) : null, limit);
    // current decisions come from the per-revision decision sets: a constant number of queries
    const byProfile = new Map<string, Map<string, Decision>>();
    for (const key of new Set(rows.map((r) => r.profileKey))) {
      const ids = rows.filter((r) => r.profileKey === key).map((r) => r.serviceId);
      byProfile.set(
        key,
        await this.eligibility.decisionsOf(key, undefined, asOf, ids).catch(noEditionInEffect(() => new Map<string, Decision>())),
      );
    }
    return toPage(
      rows,
      limit,
      (u) => toUsageResponse(u, toCurrent(byProfile.get(u.profileKey)?.get(u.serviceId))),
      (u) => [u.id],
    );
  }

  async remove(actor: Actor, code: string, id: string): Promise<void> {
    this.assertMayManage(actor, code);
    await this.writer.transaction(actor, async (tx) => {
      const row = await this.repo.lockUsage(tx, code, id);
      if (!row) throw usageNotFound(id);
      await this.repo.deleteUsage(tx, id);
      tx.audit({ action: 'usage.deleted', subjectType: 'usage', subjectId: id, before: toUsageResponse(row, null), after: null });
    });
  }

  private decisionToday(serviceId: string, profile: string, asOf: string): Promise<Decision | null> {
    return this.eligibility.decision(serviceId, profile, undefined, asOf).catch(noEditionInEffect(() => null));
  }

  private assertMayManage(actor: Actor, code: string): void {
    assertLocalGovCode(code);
    if (actor.role !== 'admin' && actor.municipalityCode !== code) {
      throw forbiddenMunicipality('A municipality credential may only manage its own usages');
    }
  }
}
