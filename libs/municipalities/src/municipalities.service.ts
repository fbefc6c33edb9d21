import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RegistryWriter } from '@app/audit';
import { type Actor, APP_CONFIG, type AppConfig, assertIfMatch, badRequest, containsPattern, decodeCursor, forbidden, isValidLocalGovCode, notFound, type Page, seedOnce, strongEtag, SYSTEM_ACTOR, toPage } from '@app/shared';
import { ListMunicipalitiesQueryDto, MunicipalityResponseDto, UpdateNetworkModelDto } from './dto/municipality.dto';
import { MunicipalityEntity } from './entities/municipality.entity';
import { importLocalGov } from './localgov-import';

export const toMunicipalityResponse = (m: MunicipalityEntity): MunicipalityResponseDto => ({
  code: m.code,
  kind: m.kind,
  name: m.name,
  nameKana: m.nameKana,
  nameEn: m.nameEn,
  prefectureCode: m.prefectureCode,
  parentCode: m.parentCode,
  url: m.url,
  networkModel: m.networkModel,
});

const municipalityEtag = (m: MunicipalityEntity) => strongEtag('municipality', m.code, m.version);

/** Validates a path code: wrong shape or check digit → 400. */
export function assertLocalGovCode(code: string): void {
  if (!isValidLocalGovCode(code)) {
    throw badRequest('INVALID_MUNICIPALITY_CODE', `${code} is not a valid local government code (6 digits with a check digit)`, [
      { pointer: '/code', detail: 'must be 6 digits whose last is the check digit' },
    ]);
  }
}

@Injectable()
export class MunicipalitiesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MunicipalitiesService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly writer: RegistryWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Loads the shipped open data set when it is new or changed (upsert; network models are kept). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.db.isInitialized) return;
    const dir = join(this.config.DATA_DIR, 'localgov');
    const prefCsv = readFileSync(join(dir, 'prefjp-utf8.csv'), 'utf8');
    const cityCsv = readFileSync(join(dir, 'localgovjp-utf8.csv'), 'utf8');
    const digest = createHash('sha256').update(prefCsv).update('\0').update(cityCsv).digest('hex');
    await this.writer.transaction(SYSTEM_ACTOR, async (tx) =>
      seedOnce(tx.em, 'localgov', digest, async () => {
        const rows = importLocalGov(prefCsv, cityCsv);
        await tx.em.query(
          `INSERT INTO municipalities (code, kind, name, name_kana, name_en, prefecture_code, parent_code, url, search_text)
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(code char(6), kind text, name text, "nameKana" text, "nameEn" text,
             "prefectureCode" char(6), "parentCode" char(6), url text, "searchText" text)
           ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, name_kana = EXCLUDED.name_kana,
             name_en = EXCLUDED.name_en, prefecture_code = EXCLUDED.prefecture_code, parent_code = EXCLUDED.parent_code,
             url = EXCLUDED.url, search_text = EXCLUDED.search_text`,
          [JSON.stringify(rows)],
        );
        tx.audit({ action: 'municipalities.seeded', subjectType: 'dataset', subjectId: 'localgov', before: null, after: { digest, rows: rows.length } });
        this.logger.log(`loaded ${rows.length} local governments (data set ${digest.slice(0, 12)})`);
      }),
    );
  }

  async get(code: string): Promise<{ body: MunicipalityResponseDto; etag: string }> {
    assertLocalGovCode(code);
    const repo = this.db.getRepository(MunicipalityEntity);
    const row = await repo.findOne({ where: { code } });
    if (!row) throw notFound('MUNICIPALITY_NOT_FOUND', 'Local government', code);
    const body = toMunicipalityResponse(row);
    if (row.kind === 'designated_city') {
      const wards = await repo.find({ where: { parentCode: code }, order: { code: 'ASC' }, select: { code: true, name: true } });
      body.wards = wards.map(({ code: c, name }) => ({ code: c, name }));
    }
    return { body, etag: municipalityEtag(row) };
  }

  async list(query: ListMunicipalitiesQueryDto): Promise<Page<MunicipalityResponseDto>> {
    const after = decodeCursor(query.cursor, 1);
    const qb = this.db.getRepository(MunicipalityEntity).createQueryBuilder('m').orderBy('m.code', 'ASC').limit(query.limit + 1);
    if (query.prefecture) {
      const prefix = query.prefecture.slice(0, 2);
      if (query.prefecture.length === 6) assertLocalGovCode(query.prefecture);
      qb.andWhere('m.prefecture_code LIKE :prefix', { prefix: `${prefix}%` });
    }
    if (query.q) qb.andWhere(`m.search_text LIKE :q ESCAPE '\\'`, { q: containsPattern(query.q) });
    if (query.kind) qb.andWhere('m.kind = :kind', { kind: query.kind });
    if (after) qb.andWhere('m.code > :after', { after: String(after[0]) });
    const rows = await qb.getMany();
    return toPage(rows, query.limit, toMunicipalityResponse, (m) => [m.code]);
  }

  /** An administrator, or the municipality's own credential, sets its network model. */
  async setNetworkModel(actor: Actor, code: string, dto: UpdateNetworkModelDto, ifMatch?: string): Promise<{ body: MunicipalityResponseDto; etag: string }> {
    assertLocalGovCode(code);
    if (actor.role !== 'admin' && actor.municipalityCode !== code) {
      throw forbidden('FORBIDDEN_MUNICIPALITY', 'A municipality credential may only change its own record');
    }
    await this.writer.transaction(actor, async (tx) => {
      const row = await tx.em.getRepository(MunicipalityEntity).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('MUNICIPALITY_NOT_FOUND', 'Local government', code);
      assertIfMatch(ifMatch, municipalityEtag(row));
      const before = toMunicipalityResponse(row);
      row.networkModel = dto.networkModel;
      row.version += 1;
      await tx.em.save(row);
      tx.audit({ action: 'municipality.network_model_set', subjectType: 'municipality', subjectId: code, before, after: toMunicipalityResponse(row) });
    });
    return this.get(code);
  }
}
