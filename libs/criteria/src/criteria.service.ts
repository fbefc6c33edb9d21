import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogService } from '@app/catalog';
import { parseProfileFile, ProfileFileError, selectEdition, type ProfileFile, withEditionPeriod } from '@app/eligibility-engine';
import { RegistryWriter, RevisionService, type WriteTx } from '@app/ledger';
import { SchemesService } from '@app/schemes';
import { type Actor, APP_CONFIG, type AppConfig, type Page, seedOnce, SYSTEM_ACTOR } from '@app/shared';
import { editionExists, editionNotFound, invalidProfile, noEditionInEffect, profileNotFound } from './criteria.errors';
import { CriteriaRepository, type ProfileRow } from './criteria.repository';
import type { CreateProfileDto, ProfileResponseDto } from './dto/profile.dto';

/** A stored edition as the engine reads it. */
const toProfileFile = (p: ProfileRow): ProfileFile => ({
  key: p.key,
  edition: p.edition,
  title: p.title,
  titleEn: p.titleEn,
  effectiveFrom: p.effectiveFrom,
  effectiveUntil: p.effectiveUntil,
  maxEvidenceAgeDays: p.maxEvidenceAgeDays,
  source: p.source,
  requirements: p.requirements.map((r) => ({
    id: r.requirement_id,
    kind: r.kind,
    mandatory: r.mandatory,
    title: r.title,
    titleEn: r.title_en,
    params: r.params,
    source: r.source,
  })),
  obligations: p.obligations.map((o) => ({ id: o.obligation_id, title: o.title, titleEn: o.title_en, source: o.source, ...o.conditions })),
});

const toProfileResponse = (p: ProfileFile): ProfileResponseDto => ({
  key: p.key,
  edition: p.edition,
  title: p.title,
  titleEn: p.titleEn,
  effectiveFrom: p.effectiveFrom,
  effectiveUntil: p.effectiveUntil,
  maxEvidenceAgeDays: p.maxEvidenceAgeDays,
  source: p.source,
  requirements: p.requirements.map((r) => ({ ...r, params: { ...r.params } })),
  obligations: p.obligations.map((o) => ({ ...o })),
});

/**
 * Criteria profiles are data: seeded from `data/criteria/*.json`, extended by administrators with
 * new editions, never edited in place. Editions are cached per registry revision.
 */
@Injectable()
export class CriteriaService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CriteriaService.name);
  private cache: { revision: string; profiles: Promise<ProfileFile[]> } | null = null;

  constructor(
    private readonly repo: CriteriaRepository,
    private readonly writer: RegistryWriter,
    private readonly revisions: RevisionService,
    private readonly schemes: SchemesService,
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const dir = join(this.config.DATA_DIR, 'criteria');
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      const digest = createHash('sha256').update(text).digest('hex');
      await this.writer.transaction(SYSTEM_ACTOR, (tx) =>
        seedOnce(tx.em, `criteria/${file}`, digest, async () => {
          const profile = parseProfileFile(JSON.parse(text));
          if (await this.repo.exists(tx, profile.key, profile.edition)) {
            // editions are immutable: a changed file for a stored edition is a mistake, not an update
            this.logger.error(
              `${file}: ${profile.key} ${profile.edition} is already stored and editions never change; publish a new edition instead`,
            );
            return;
          }
          await this.repo.insert(tx, profile);
          tx.audit({
            action: 'profile.seeded',
            subjectType: 'profile',
            subjectId: `${profile.key}@${profile.edition}`,
            before: null,
            after: { file, digest },
          });
          this.logger.log(`loaded criteria profile ${profile.key} ${profile.edition}`);
        }),
      );
    }
  }

  /** All editions of all profiles (cached until the next write). */
  async all(): Promise<ProfileFile[]> {
    const revision = await this.revisions.get();
    if (this.cache?.revision !== revision) {
      const profiles = this.repo.loadAll().then((rows) => rows.map(toProfileFile));
      this.cache = { revision, profiles };
      profiles.catch(() => {
        if (this.cache?.profiles === profiles) this.cache = null;
      });
    }
    return this.cache.profiles;
  }

  async list(key: string | undefined): Promise<Page<ProfileResponseDto>> {
    const all = await this.all();
    return { items: all.filter((p) => !key || p.key === key).map(toProfileResponse), nextCursor: null };
  }

  /** The named edition, or the edition in effect on asOf; with its period ending the day before its successor's effectiveFrom. */
  async edition(key: string, edition: string | undefined, asOf: string): Promise<ProfileFile> {
    const editions = (await this.all()).filter((p) => p.key === key);
    if (editions.length === 0) throw profileNotFound(key);
    if (edition !== undefined) {
      const found = editions.find((p) => p.edition === edition);
      if (!found) throw editionNotFound(key, edition);
      return withEditionPeriod(editions, found);
    }
    const inEffect = selectEdition(editions, asOf);
    if (!inEffect) throw noEditionInEffect(key, asOf);
    return withEditionPeriod(editions, inEffect);
  }

  /** One edition as the API shows it. */
  async get(key: string, edition: string | undefined, asOf: string): Promise<ProfileResponseDto> {
    return toProfileResponse(await this.edition(key, edition, asOf));
  }

  async create(actor: Actor, dto: CreateProfileDto): Promise<ProfileResponseDto> {
    let profile: ProfileFile;
    try {
      profile = parseProfileFile(JSON.parse(JSON.stringify(dto)));
    } catch (err) {
      if (err instanceof ProfileFileError) throw invalidProfile(err.message, [{ pointer: err.pointer, detail: err.detail }]);
      throw err;
    }
    await this.writer.transaction(actor, async (tx) => {
      await this.assertReferencesExist(tx, profile);
      if (await this.repo.exists(tx, profile.key, profile.edition)) throw editionExists(profile.key, profile.edition);
      await this.repo.insert(tx, profile);
      tx.audit({
        action: 'profile.created',
        subjectType: 'profile',
        subjectId: `${profile.key}@${profile.edition}`,
        before: null,
        after: toProfileResponse(profile),
      });
    });
    return toProfileResponse(profile);
  }

  /** The stored id of an edition (one the criteria cache resolved). */
  profileId(tx: WriteTx, key: string, edition: string): Promise<string> {
    return this.repo.profileId(tx, key, edition);
  }

  private async assertReferencesExist(tx: WriteTx, profile: ProfileFile): Promise<void> {
    const [schemes, categories] = await Promise.all([this.schemes.schemeKeys(tx), this.catalog.categoryKeys(tx)]);
    const known = { schemes: new Set(schemes), categories: new Set(categories) };
    const errors = profile.requirements.flatMap((r, i) => [
      ...(r.params.schemes ?? [])
        .filter((s) => !known.schemes.has(s))
        .map((s) => ({ pointer: `/requirements/${i}/params/schemes`, detail: `unknown scheme ${s}` })),
      ...(r.params.allowedCategories ?? [])
        .filter((c) => !known.categories.has(c))
        .map((c) => ({ pointer: `/requirements/${i}/params/allowedCategories`, detail: `unknown category ${c}` })),
    ]);
    if (errors.length > 0) throw invalidProfile('the profile names unknown schemes or categories', errors);
  }
}
