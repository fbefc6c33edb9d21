import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryWriter, type WriteTx } from '@app/ledger';
import {
  type Actor,
  APP_CONFIG,
  type AppConfig,
  assertIfMatch,
  decodeCursor,
  isValidLocalGovCode,
  type Page,
  seedOnce,
  strongEtag,
  SYSTEM_ACTOR,
  toPage,
  validationFailed,
  Versioned,
} from '@app/shared';
import {
  type CreateMeasureDto,
  ListMunicipalitiesQueryDto,
  type MeasureListDto,
  type MeasureResponseDto,
  MunicipalityResponseDto,
  UpdateNetworkModelDto,
} from './dto/municipality.dto';
import type { MunicipalityMeasureEntity } from './entities/municipality-measure.entity';
import type { MunicipalityEntity } from './entities/municipality.entity';
import { importLocalGov } from './localgov-import';
import { forbiddenMunicipality, invalidMunicipalityCode, municipalityNotFound, notALocalGovernment } from './municipalities.errors';
import { MunicipalitiesRepository } from './municipalities.repository';

const toMunicipalityResponse = (m: MunicipalityEntity): MunicipalityResponseDto => ({
  code: m.code,
  kind: m.kind,
  name: m.name,
  nameKana: m.nameKana,
  nameEn: m.nameEn,
  prefectureCode: m.prefectureCode,
  parentCode: m.parentCode,
  url: m.url,
  networkModel: m.networkModel,
  breakoutPoint: m.breakoutPoint,
});

const toMeasureResponse = (m: MunicipalityMeasureEntity): MeasureResponseDto => ({
  municipalityCode: m.municipalityCode,
  measure: m.measure,
  effectiveOn: m.effectiveOn,
  validUntil: m.validUntil,
  note: m.note,
  createdAt: m.createdAt.toISOString(),
});

/** What obligation statuses read about a municipality: its model, breakout point and (private) measures. */
export interface MunicipalityContextFacts {
  code: string;
  networkModel: string | null;
  breakoutPoint: string | null;
}

const municipalityEtag = (m: MunicipalityEntity) => strongEtag('municipality', m.code, m.version);

/** Validates a path code: wrong shape or check digit → 400. */
export function assertLocalGovCode(code: string): void {
  if (!isValidLocalGovCode(code)) throw invalidMunicipalityCode(code);
}

@Injectable()
export class MunicipalitiesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MunicipalitiesService.name);

  constructor(
    private readonly repo: MunicipalitiesRepository,
    private readonly writer: RegistryWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Loads the shipped open data set when it is new or changed (upsert; network models are kept). */
  async onApplicationBootstrap(): Promise<void> {
    const dir = join(this.config.DATA_DIR, 'localgov');
    const prefCsv = readFileSync(join(dir, 'prefjp-utf8.csv'), 'utf8');
    const cityCsv = readFileSync(join(dir, 'localgovjp-utf8.csv'), 'utf8');
    const digest = createHash('sha256').update(prefCsv).update('\0').update(cityCsv).digest('hex');
    await this.writer.transaction(SYSTEM_ACTOR, async (tx) =>
      seedOnce(tx.em, 'localgov', digest, async () => {
        const rows = importLocalGov(prefCsv, cityCsv);
        await this.repo.upsertAll(tx, rows);
        tx.audit({
          action: 'municipalities.seeded',
          subjectType: 'dataset',
          subjectId: 'localgov',
          before: null,
          after: { digest, rows: rows.length },
        });
        this.logger.log(`loaded ${rows.length} local governments (data set ${digest.slice(0, 12)})`);
      }),
    );
  }

  async get(code: string): Promise<Versioned<MunicipalityResponseDto>> {
    assertLocalGovCode(code);
    const row = await this.repo.find(code);
    if (!row) throw municipalityNotFound(code);
    const body = toMunicipalityResponse(row);
    if (row.kind === 'designated_city') body.wards = (await this.repo.wardsOf(code)).map(({ code: c, name }) => ({ code: c, name }));
    return new Versioned(body, municipalityEtag(row));
  }

  async list(query: ListMunicipalitiesQueryDto): Promise<Page<MunicipalityResponseDto>> {
    const after = decodeCursor(query.cursor, ['code']);
    if (query.prefecture?.length === 6) assertLocalGovCode(query.prefecture);
    const rows = await this.repo.listPage(
      { prefecturePrefix: query.prefecture?.slice(0, 2), q: query.q, kind: query.kind },
      after ? String(after[0]) : null,
      query.limit,
    );
    return toPage(rows, query.limit, toMunicipalityResponse, (m) => [m.code]);
  }

  /**
   * Throws unless `code` is a local government (prefecture, municipality or Tokyo special ward):
   * MUNICIPALITY_NOT_FOUND (404) for an unknown code, NOT_A_LOCAL_GOVERNMENT (400, naming the
   * parent city) for a designated-city ward, which has a code but is not a local government.
   */
  async assertLocalGovernment(code: string, pointer: string, tx?: WriteTx): Promise<void> {
    const row = await this.repo.find(code, tx);
    if (!row) throw municipalityNotFound(code);
    if (row.kind === 'ward') throw notALocalGovernment(code, row.name, row.parentCode, pointer);
  }

  /**
   * The context obligation statuses read: network model and breakout point (public, like the record),
   * after the same checks as usages (bad code 400, unknown 404, designated-city ward 400).
   */
  async context(code: string): Promise<MunicipalityContextFacts> {
    assertLocalGovCode(code);
    const row = await this.repo.find(code);
    if (!row) throw municipalityNotFound(code);
    if (row.kind === 'ward') throw notALocalGovernment(code, row.name, row.parentCode, '/municipality');
    return { code, networkModel: row.networkModel, breakoutPoint: row.breakoutPoint };
  }

  /** The municipality's self-attested measures (private: its own credential or an administrator). */
  async measures(actor: Actor, code: string): Promise<MeasureListDto> {
    this.assertOwn(actor, code);
    await this.assertLocalGovernment(code, '/code');
    return { items: (await this.repo.measuresOf(code)).map(toMeasureResponse) };
  }

  /** The measures as obligation statuses read them (callers check who may see them). */
  async measureFacts(code: string): Promise<{ id: string; measure: string; effectiveOn: string; validUntil: string | null }[]> {
    return (await this.repo.measuresOf(code)).map((m) => ({
      id: `${m.measure}@${m.effectiveOn}`,
      measure: m.measure,
      effectiveOn: m.effectiveOn,
      validUntil: m.validUntil,
    }));
  }

  /** Records a self-attested measure (its own credential or an administrator); the same measure and day replaces. */
  async recordMeasure(actor: Actor, code: string, dto: CreateMeasureDto): Promise<MeasureResponseDto> {
    this.assertOwn(actor, code);
    if (dto.validUntil !== undefined && dto.validUntil < dto.effectiveOn) {
      throw validationFailed('validUntil must not be before effectiveOn', [
        { pointer: '/validUntil', detail: 'must not be before effectiveOn' },
      ]);
    }
    const saved = await this.writer.transaction(actor, async (tx) => {
      await this.assertLocalGovernment(code, '/code', tx);
      const row = await this.repo.upsertMeasure(tx, {
        municipalityCode: code,
        measure: dto.measure,
        effectiveOn: dto.effectiveOn,
        validUntil: dto.validUntil ?? null,
        note: dto.note ?? null,
        recordedBy: actor.credentialId,
      });
      tx.audit({
        action: 'municipality.measure_recorded',
        subjectType: 'municipality',
        subjectId: code,
        before: null,
        after: toMeasureResponse(row),
      });
      return row;
    });
    return toMeasureResponse(saved);
  }

  private assertOwn(actor: Actor, code: string): void {
    assertLocalGovCode(code);
    if (actor.role !== 'admin' && actor.municipalityCode !== code) {
      throw forbiddenMunicipality('A municipality credential may only read or record its own measures');
    }
  }

  /** An administrator, or the municipality's own credential, sets its network model and breakout point. */
  async setNetworkModel(
    actor: Actor,
    code: string,
    dto: UpdateNetworkModelDto,
    ifMatch?: string,
  ): Promise<Versioned<MunicipalityResponseDto>> {
    assertLocalGovCode(code);
    if (actor.role !== 'admin' && actor.municipalityCode !== code) {
      throw forbiddenMunicipality('A municipality credential may only change its own record');
    }
    await this.writer.transaction(actor, async (tx) => {
      const row = await this.repo.lock(tx, code);
      if (!row) throw municipalityNotFound(code);
      assertIfMatch(ifMatch, municipalityEtag(row));
      const before = toMunicipalityResponse(row);
      if (dto.networkModel !== undefined) row.networkModel = dto.networkModel;
      if (dto.breakoutPoint !== undefined) row.breakoutPoint = dto.breakoutPoint;
      row.version += 1;
      await this.repo.save(tx, row);
      tx.audit({
        action: 'municipality.network_model_set',
        subjectType: 'municipality',
        subjectId: code,
        before,
        after: toMunicipalityResponse(row),
      });
    });
    return this.get(code);
  }
}
