import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/ledger';
import type { Obligation, ProfileFile, RequirementKind, RequirementParams } from '@app/eligibility-engine';
import { ObligationEntity } from './entities/obligation.entity';
import { ProfileEntity } from './entities/profile.entity';
import { RequirementEntity } from './entities/requirement.entity';

/** One stored edition with its requirements and obligations (in order), as columns of their tables. */
export interface ProfileRow {
  key: string;
  edition: string;
  title: string;
  titleEn: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
  maxEvidenceAgeDays: number | null;
  source: string;
  requirements: {
    requirement_id: string;
    kind: RequirementKind;
    mandatory: boolean;
    title: string;
    title_en: string;
    params: RequirementParams;
    source: string;
  }[];
  obligations: {
    obligation_id: string;
    title: string;
    title_en: string;
    source: string;
    conditions: Pick<Obligation, 'requiredUnder' | 'requiredAtBreakout' | 'metBy'>;
  }[];
}

@Injectable()
export class CriteriaRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every profile edition with its requirements and obligations, in one statement (the aggregates keep it one). */
  loadAll(): Promise<ProfileRow[]> {
    return this.db.query<ProfileRow[]>(`
      SELECT p.key, p.edition, p.title, p.title_en AS "titleEn", p.effective_from::text AS "effectiveFrom",
        p.effective_until::text AS "effectiveUntil", p.max_evidence_age_days AS "maxEvidenceAgeDays", p.source,
        COALESCE((SELECT json_agg(r ORDER BY r.position) FROM requirements r WHERE r.profile_id = p.id), '[]'::json) AS requirements,
        COALESCE((SELECT json_agg(o ORDER BY o.position) FROM obligations o WHERE o.profile_id = p.id), '[]'::json) AS obligations
      FROM profiles p ORDER BY p.key, p.effective_from, p.edition`);
  }

  exists(tx: WriteTx, key: string, edition: string): Promise<boolean> {
    return tx.em.getRepository(ProfileEntity).exists({ where: { key, edition } });
  }

  async insert(tx: WriteTx, file: ProfileFile): Promise<void> {
    const { em } = tx;
    const profile = await em.save(
      em.create(ProfileEntity, {
        key: file.key,
        edition: file.edition,
        title: file.title,
        titleEn: file.titleEn,
        effectiveFrom: file.effectiveFrom,
        effectiveUntil: file.effectiveUntil,
        maxEvidenceAgeDays: file.maxEvidenceAgeDays,
        source: file.source,
      }),
    );
    await em.insert(
      RequirementEntity,
      file.requirements.map((r, position) => ({
        profileId: profile.id,
        requirementId: r.id,
        position,
        kind: r.kind,
        mandatory: r.mandatory,
        title: r.title,
        titleEn: r.titleEn,
        params: r.params,
        source: r.source,
      })),
    );
    if (file.obligations.length > 0) {
      await em.insert(
        ObligationEntity,
        file.obligations.map((o, position) => ({
          profileId: profile.id,
          obligationId: o.id,
          position,
          title: o.title,
          titleEn: o.titleEn,
          source: o.source,
          conditions: conditionsOf(o),
        })),
      );
    }
  }

  /** The stored edition's id. */
  async profileId(tx: WriteTx, key: string, edition: string): Promise<string> {
    const [row] = await tx.em.query<{ id: string }[]>('SELECT id FROM profiles WHERE key = $1 AND edition = $2', [key, edition]);
    return row.id;
  }
}

/** The obligation's municipality-context fields, as stored (absent fields left out). */
function conditionsOf(o: Obligation): Pick<Obligation, 'requiredUnder' | 'requiredAtBreakout' | 'metBy'> {
  const c: Pick<Obligation, 'requiredUnder' | 'requiredAtBreakout' | 'metBy'> = {};
  if (o.requiredUnder !== undefined) c.requiredUnder = o.requiredUnder;
  if (o.requiredAtBreakout !== undefined) c.requiredAtBreakout = o.requiredAtBreakout;
  if (o.metBy !== undefined) c.metBy = o.metBy;
  return c;
}
