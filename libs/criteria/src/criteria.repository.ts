import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/audit';
import type { ProfileFile } from '@app/eligibility-engine';
import { ObligationEntity } from './entities/obligation.entity';
import { ProfileEntity } from './entities/profile.entity';
import { RequirementEntity } from './entities/requirement.entity';

@Injectable()
export class CriteriaRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** False when the app was built without a database (OpenAPI export): nothing to seed. */
  isConnected(): boolean {
    return this.db.isInitialized;
  }

  /** Every profile edition with its requirements and obligations, in one statement. */
  async loadAll(): Promise<ProfileFile[]> {
    const rows = await this.db.query<{ profile: ProfileFile }[]>(`
      SELECT json_build_object(
        'key', p.key, 'edition', p.edition, 'title', p.title, 'titleEn', p.title_en,
        'effectiveFrom', p.effective_from, 'effectiveUntil', p.effective_until,
        'maxEvidenceAgeDays', p.max_evidence_age_days, 'source', p.source,
        'requirements', COALESCE((SELECT json_agg(json_build_object('id', r.requirement_id, 'kind', r.kind, 'mandatory', r.mandatory,
            'title', r.title, 'titleEn', r.title_en, 'params', r.params, 'source', r.source) ORDER BY r.position)
          FROM requirements r WHERE r.profile_id = p.id), '[]'::json),
        'obligations', COALESCE((SELECT json_agg(json_build_object('id', o.obligation_id, 'title', o.title, 'titleEn', o.title_en,
            'source', o.source) ORDER BY o.position)
          FROM obligations o WHERE o.profile_id = p.id), '[]'::json)
      ) AS profile
      FROM profiles p ORDER BY p.key, p.effective_from, p.edition`);
    return rows.map((r) => r.profile);
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
        })),
      );
    }
  }

  async knownSchemesAndCategories(tx: WriteTx): Promise<{ schemes: Set<string>; categories: Set<string> }> {
    const [schemes, categories] = await Promise.all([
      tx.em.query<{ key: string }[]>('SELECT key FROM schemes'),
      tx.em.query<{ key: string }[]>('SELECT key FROM service_categories'),
    ]);
    return { schemes: new Set(schemes.map((s) => s.key)), categories: new Set(categories.map((c) => c.key)) };
  }
}
