import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Decision } from '@app/eligibility-engine';
import { RegistryWriter } from '@app/audit';
import { CatalogService } from '@app/catalog';
import { EligibilityService } from '@app/eligibility';
import { assertLocalGovCode } from '@app/municipalities';
import { todayInTokyo } from '@app/eligibility-engine';
import { type Actor, Clock, conflict, decodeCursor, forbidden, notFound, type Page, toPage } from '@app/shared';
import type { CreateUsageDto, UsageDecisionDto, UsageResponseDto } from './dto/lifecycle.dto';
import { ServiceUsageEntity } from './entities/service-usage.entity';
import { atRisk, SweepService } from './sweep.service';

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
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async create(actor: Actor, code: string, dto: CreateUsageDto): Promise<UsageResponseDto> {
    this.assertMayManage(actor, code);
    const asOf = todayInTokyo(this.clock.now());
    // also the existence check: an unknown service or profile is a 404 from here
    const decision = await this.decisionToday(dto.serviceId, dto.profile, asOf);
    const row = await this.writer.transaction(actor, async (tx) => {
      const [municipality] = await tx.em.query<unknown[]>('SELECT 1 FROM municipalities WHERE code = $1', [code]);
      if (!municipality) throw notFound('MUNICIPALITY_NOT_FOUND', 'Local government', code);
      await this.catalog.lockService(tx.em, dto.serviceId);
      const exists = await tx.em.getRepository(ServiceUsageEntity).exists({ where: { municipalityCode: code, serviceId: dto.serviceId, profileKey: dto.profile } });
      if (exists) throw conflict('USAGE_EXISTS', `${code} already records a usage of this service under ${dto.profile}`);
      const saved = await tx.em.save(
        tx.em.create(ServiceUsageEntity, { municipalityCode: code, serviceId: dto.serviceId, profileKey: dto.profile, purpose: dto.purpose ?? null, createdBy: actor.credentialId }),
      );
      tx.audit({ action: 'usage.created', subjectType: 'usage', subjectId: saved.id, before: null, after: toUsageResponse(saved, null) });
      // a service that is already not eligible, or about to lapse, is at risk from the start
      if (decision && (decision.decision !== 'eligible' || this.sweeps.expiring(decision))) {
        tx.emit(atRisk(saved.id, code, decision, decision.decision !== 'eligible' ? 'NOT_ELIGIBLE' : 'EXPIRING'));
      }
      return saved;
    });
    return toUsageResponse(row, toCurrent(decision));
  }

  async list(actor: Actor, code: string, cursor: string | undefined, limit: number): Promise<Page<UsageResponseDto>> {
    this.assertMayManage(actor, code);
    const after = decodeCursor(cursor, 1);
    const qb = this.usages().createQueryBuilder('u').where('u.municipality_code = :code', { code }).orderBy('u.id', 'ASC').limit(limit + 1);
    if (after) qb.andWhere('u.id > :after', { after: String(after[0]) });
    const rows = await qb.getMany();
    const asOf = todayInTokyo(this.clock.now());
    // current decisions come from the per-revision decision sets: a constant number of queries
    const byProfile = new Map<string, Map<string, Decision>>();
    for (const key of new Set(rows.map((r) => r.profileKey))) {
      const decisions = await this.eligibility.all(key, undefined, asOf).catch(() => [] as Decision[]);
      byProfile.set(key, new Map(decisions.map((d) => [d.serviceId, d])));
    }
    return toPage(rows, limit, (u) => toUsageResponse(u, toCurrent(byProfile.get(u.profileKey)?.get(u.serviceId))), (u) => [u.id]);
  }

  async remove(actor: Actor, code: string, id: string): Promise<void> {
    this.assertMayManage(actor, code);
    await this.writer.transaction(actor, async (tx) => {
      const row = await tx.em.getRepository(ServiceUsageEntity).findOne({ where: { id, municipalityCode: code }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('USAGE_NOT_FOUND', 'Usage', id);
      await tx.em.delete(ServiceUsageEntity, { id });
      tx.audit({ action: 'usage.deleted', subjectType: 'usage', subjectId: id, before: toUsageResponse(row, null), after: null });
    });
  }

  private async decisionToday(serviceId: string, profile: string, asOf: string): Promise<Decision | null> {
    try {
      return await this.eligibility.decision(serviceId, profile, undefined, asOf);
    } catch (err) {
      if ((err as { code?: string }).code === 'NO_EDITION_IN_EFFECT') return null;
      throw err;
    }
  }

  private assertMayManage(actor: Actor, code: string): void {
    assertLocalGovCode(code);
    if (actor.role !== 'admin' && actor.municipalityCode !== code) {
      throw forbidden('FORBIDDEN_MUNICIPALITY', "A municipality credential may only manage its own usages");
    }
  }

  private usages() {
    return this.db.getRepository(ServiceUsageEntity);
  }
}
