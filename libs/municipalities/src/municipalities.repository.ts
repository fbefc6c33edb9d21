import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/ledger';
import { containsPattern } from '@app/shared';
import { MunicipalityMeasureEntity } from './entities/municipality-measure.entity';
import { type LocalGovKind, MunicipalityEntity } from './entities/municipality.entity';
import type { LocalGovRow } from './localgov-import';

interface MunicipalityFilter {
  /** The first two digits of the prefecture code. */
  prefecturePrefix?: string;
  q?: string;
  kind?: LocalGovKind;
}

/** The only place the municipalities library builds queries. */
@Injectable()
export class MunicipalitiesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  find(code: string, tx?: WriteTx): Promise<MunicipalityEntity | null> {
    return (tx?.em ?? this.db.manager).getRepository(MunicipalityEntity).findOne({ where: { code } });
  }

  /** The local government, locked for the rest of the writer's transaction. */
  lock(tx: WriteTx, code: string): Promise<MunicipalityEntity | null> {
    return tx.em.getRepository(MunicipalityEntity).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  save(tx: WriteTx, row: MunicipalityEntity): Promise<MunicipalityEntity> {
    return tx.em.save(row);
  }

  /** Records a measure; the same measure on the same day replaces the earlier record. */
  async upsertMeasure(tx: WriteTx, row: Omit<MunicipalityMeasureEntity, 'createdAt' | 'municipality'>): Promise<MunicipalityMeasureEntity> {
    await tx.em
      .createQueryBuilder()
      .insert()
      .into(MunicipalityMeasureEntity)
      .values(row)
      .orUpdate(['valid_until', 'note', 'recorded_by'], ['municipality_code', 'measure', 'effective_on'])
      .execute();
    return (await tx.em.getRepository(MunicipalityMeasureEntity).findOne({
      where: { municipalityCode: row.municipalityCode, measure: row.measure, effectiveOn: row.effectiveOn },
    }))!;
  }

  /** Every measure of the municipality, by measure then date: one statement. */
  measuresOf(code: string): Promise<MunicipalityMeasureEntity[]> {
    return this.db
      .getRepository(MunicipalityMeasureEntity)
      .find({ where: { municipalityCode: code }, order: { measure: 'ASC', effectiveOn: 'ASC' } });
  }

  exists(code: string, tx?: WriteTx): Promise<boolean> {
    return (tx?.em ?? this.db.manager).getRepository(MunicipalityEntity).exists({ where: { code } });
  }

  wardsOf(code: string): Promise<Pick<MunicipalityEntity, 'code' | 'name'>[]> {
    return this.db
      .getRepository(MunicipalityEntity)
      .find({ where: { parentCode: code }, order: { code: 'ASC' }, select: { code: true, name: true } });
  }

  /** One page in code order (keyset), one statement. */
  listPage(filter: MunicipalityFilter, after: string | null, limit: number): Promise<MunicipalityEntity[]> {
    const qb = this.db
      .getRepository(MunicipalityEntity)
      .createQueryBuilder('m')
      .orderBy('m.code', 'ASC')
      .limit(limit + 1);
    if (filter.prefecturePrefix) qb.andWhere('m.prefecture_code LIKE :prefix', { prefix: `${filter.prefecturePrefix}%` });
    if (filter.q) qb.andWhere(`m.search_text LIKE :q ESCAPE '\\'`, { q: containsPattern(filter.q) });
    if (filter.kind) qb.andWhere('m.kind = :kind', { kind: filter.kind });
    if (after) qb.andWhere('m.code > :after', { after });
    return qb.getMany();
  }

  /** Upserts the open data set in one statement; network models (set by people) are kept. */
  async upsertAll(tx: WriteTx, rows: LocalGovRow[]): Promise<void> {
    await tx.em.query(
      `INSERT INTO municipalities (code, kind, name, name_kana, name_en, prefecture_code, parent_code, url, search_text)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(code char(6), kind text, name text, "nameKana" text, "nameEn" text,
         "prefectureCode" char(6), "parentCode" char(6), url text, "searchText" text)
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, name_kana = EXCLUDED.name_kana,
         name_en = EXCLUDED.name_en, prefecture_code = EXCLUDED.prefecture_code, parent_code = EXCLUDED.parent_code,
         url = EXCLUDED.url, search_text = EXCLUDED.search_text`,
      [JSON.stringify(rows)],
    );
  }
}
