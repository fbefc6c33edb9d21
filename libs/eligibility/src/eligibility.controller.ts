import { Controller, Get, Optional, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Decision, renderAllowlistText, todayInTokyo } from '@app/eligibility-engine';
import {
  type Actor,
  ApiJsonOrText,
  ApiProblems,
  csvFile,
  MaybeActor,
  OptionalAuth,
  type CsvCell,
  type Language,
  ParseIdPipe,
  PlainText,
  RequestLanguage,
  RequestNow,
  validationFailed,
  VersionedInterceptor,
} from '@app/shared';
import {
  AllowlistDto,
  AllowlistQueryDto,
  BulkDecisionQueryDto,
  DecisionPageDto,
  EditionImpactDto,
  ExpiringPageDto,
  ExpiringQueryDto,
  ImpactQueryDto,
  MunicipalityDecisionDto,
  MunicipalityDecisionQueryDto,
} from './dto/eligibility.dto';
import { MunicipalityObligations } from './municipality-obligations';
import { EligibilityService } from './eligibility.service';
import { OBLIGATION_STATUS_TEXTS } from './reasons';
import type { DecisionMessages } from './messages';
import { RevisionEtagInterceptor } from './revision-etag.interceptor';

const NOT_MODIFIED = ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' });

/** The request header and the response headers of the routes whose bodies carry `message` texts. */
const ACCEPT_LANGUAGE = ApiHeader({
  name: 'Accept-Language',
  required: false,
  description:
    'Language of the `message` texts: `ja` or `en` (RFC 9110 q-values, e.g. `ja-JP,ja;q=0.9,en;q=0.8`); English when absent or ' +
    'nothing acceptable. The response names it in `Content-Language`, carries `Vary: Accept-Language`, and each language has its own ETag.',
  schema: { type: 'string', maxLength: 200, example: 'ja' },
});
const LANGUAGE_HEADERS = {
  'Content-Language': { description: 'The language of the `message` texts (`ja` or `en`)', schema: { type: 'string', enum: ['ja', 'en'] } },
  Vary: { description: '`Accept-Language`: the body depends on it', schema: { type: 'string' } },
  ETag: { description: 'Strong validator of this representation (registry revision, day, query and language)', schema: { type: 'string' } },
};
const PROFILE_KEY = /^[a-z0-9][a-z0-9-]*$/;
const JSON_TYPE = 'application/json; charset=utf-8';

const DECISION_CSV_HEADER = ['serviceId', 'profile', 'edition', 'asOf', 'decision', 'validUntil', 'notSatisfied', 'warnings', 'message'];

/**
 * One service per row; requirements not satisfied as `ID:outcome` and warnings as codes, space-separated;
 * `message` says the same in words, in the negotiated language.
 */
const decisionCsvRow = (d: Decision, messages: DecisionMessages): CsvCell[] => [
  d.serviceId,
  d.profile.key,
  d.profile.edition,
  d.asOf,
  d.decision,
  d.validUntil,
  d.requirements
    .filter((r) => r.outcome !== 'satisfied')
    .map((r) => `${r.id}:${r.outcome}`)
    .join(' '),
  d.warnings.map((w) => w.code).join(' '),
  messages.summary(d),
];

@ApiTags('eligibility')
@Controller('v1')
@UseInterceptors(RevisionEtagInterceptor, VersionedInterceptor)
export class EligibilityController {
  constructor(
    private readonly eligibility: EligibilityService,
    @Optional() private readonly obligations?: MunicipalityObligations,
  ) {}

  /**
   * May this service be used under the profile on asOf, until when, and why? With `municipality=`
   * the same decision plus each obligation's status for that municipality (its own credential or an
   * administrator sees met/open with the records; anyone else required/not_required).
   */
  @Get('services/:id/eligibility')
  @NOT_MODIFIED
  @ACCEPT_LANGUAGE
  @OptionalAuth('municipality')
  @ApiOkResponse({ type: MunicipalityDecisionDto, headers: LANGUAGE_HEADERS })
  @ApiProblems(400, 404)
  async decision(
    @Param('id', ParseIdPipe) id: string,
    @Query() q: MunicipalityDecisionQueryDto,
    @RequestNow() now: Date,
    @RequestLanguage() language: Language,
    @MaybeActor() actor: Actor | null,
  ): Promise<MunicipalityDecisionDto> {
    const decision = await this.eligibility.localizedDecision(id, q.profile, q.edition, q.asOf ?? todayInTokyo(now), language);
    if (q.municipality === undefined || !this.obligations) return decision;
    const statuses = await this.obligations.forDecision(q.municipality, actor, decision);
    const obligations = statuses.obligations.map((o) => ({
      ...o,
      message: OBLIGATION_STATUS_TEXTS[o.reason as keyof typeof OBLIGATION_STATUS_TEXTS][language],
    }));
    return { ...decision, municipality: { ...statuses, obligations } };
  }

  /** Decisions for every service (ordered by service id), optionally only one outcome. */
  @Get('eligibility')
  @NOT_MODIFIED
  @ACCEPT_LANGUAGE
  @ApiProblems(400, 404)
  @ApiJsonOrText(
    DecisionPageDto,
    'JSON (paged), or with format=csv every decision, one service per row, with a `message` column in the negotiated language',
    { 'text/csv': '\ufeffserviceId,profile,edition,asOf,decision,validUntil,notSatisfied,warnings,message\r\n' },
    LANGUAGE_HEADERS,
  )
  async bulk(
    @Query() q: BulkDecisionQueryDto,
    @RequestNow() now: Date,
    @RequestLanguage() language: Language,
  ): Promise<DecisionPageDto | PlainText> {
    const asOf = q.asOf ?? todayInTokyo(now);
    if (q.format === 'json') return this.eligibility.localizedPage(q.profile, q.edition, asOf, q.decision, q.cursor, q.limit, language);
    const [all, messages] = await Promise.all([
      this.eligibility.all(q.profile, q.edition, asOf),
      this.eligibility.messages(q.profile, q.edition, asOf, language),
    ]);
    const decisions = all.filter((d) => !q.decision || d.decision === q.decision);
    return csvFile(
      `decisions-${q.profile}-${asOf}.csv`,
      DECISION_CSV_HEADER,
      decisions.map((d) => decisionCsvRow(d, messages)),
    );
  }

  /** Destinations of the services eligible on asOf, de-duplicated and sorted; `format=txt` gives one per line. */
  @Get('allowlists/:profile')
  @NOT_MODIFIED
  @ApiJsonOrText(AllowlistDto, 'JSON, with format=txt one destination:port per line, with format=csv one row per destination', {
    'text/plain': 'meet.example.jp:443\n[2001:db8::/48]:443\n',
    'text/csv': '\ufeffkind,value,ports,serviceCount,services,profile,edition,asOf\r\n',
  })
  @ApiProblems(400, 404)
  async allowlist(
    @Param('profile') profile: string,
    @Query() q: AllowlistQueryDto,
    @RequestNow() now: Date,
  ): Promise<AllowlistDto | PlainText> {
    if (!PROFILE_KEY.test(profile)) {
      throw validationFailed('profile must be a profile key', [
        { pointer: '/profile', detail: 'must be a profile key such as tokutei-tsushin' },
      ]);
    }
    const asOf = q.asOf ?? todayInTokyo(now);
    // the JSON as text: joined from every destination's JSON, kept since it was last rendered
    if (q.format === 'json') return new PlainText(await this.eligibility.allowlistJson(profile, q.edition, asOf), JSON_TYPE);
    const list = await this.eligibility.allowlist(profile, q.edition, asOf);
    if (q.format === 'csv') {
      return csvFile(
        `allowlist-${profile}-${list.asOf}.csv`,
        ['kind', 'value', 'ports', 'serviceCount', 'services', 'profile', 'edition', 'asOf'],
        list.entries.map((e) => [
          e.kind,
          e.value,
          e.ports.join(' '),
          e.services.length,
          e.services.join(' '),
          list.profile.key,
          list.profile.edition,
          list.asOf,
        ]),
      );
    }
    return new PlainText(renderAllowlistText(list.entries));
  }

  /**
   * Edition preview: the services whose decision changes between the edition in effect on asOf and
   * this one (e.g. published ahead of its effectiveFrom), with the requirements causing each change.
   */
  @Get('profiles/:key/editions/:edition/impact')
  @NOT_MODIFIED
  @ApiParam({ name: 'key', schema: { type: 'string', pattern: PROFILE_KEY.source, maxLength: 64, example: 'tokutei-tsushin' } })
  @ApiParam({ name: 'edition', schema: { type: 'string', maxLength: 50, example: 'R7.04' } })
  @ApiProblems(400, 404)
  impact(
    @Param('key') key: string,
    @Param('edition') edition: string,
    @Query() q: ImpactQueryDto,
    @RequestNow() now: Date,
  ): Promise<EditionImpactDto> {
    if (!PROFILE_KEY.test(key) || key.length > 64) {
      throw validationFailed('key must be a profile key', [{ pointer: '/key', detail: 'must be a profile key such as tokutei-tsushin' }]);
    }
    if (edition.length > 50) {
      throw validationFailed('edition is too long', [{ pointer: '/edition', detail: 'must be at most 50 characters, e.g. R7.04' }]);
    }
    return this.eligibility.impact(key, edition, q.asOf ?? todayInTokyo(now));
  }

  /** Registrations and assessments in effect on asOf whose validity ends within `within` days, soonest first. */
  @Get('reviews/expiring')
  @NOT_MODIFIED
  @ApiProblems(400)
  @ApiJsonOrText(ExpiringPageDto, 'JSON (paged), or with format=csv every item, soonest first', {
    'text/csv': '\ufeffkind,id,serviceId,validUntil,daysLeft,asOf\r\n',
  })
  async expiring(@Query() q: ExpiringQueryDto, @RequestNow() now: Date): Promise<ExpiringPageDto | PlainText> {
    const asOf = q.asOf ?? todayInTokyo(now);
    if (q.format === 'json') return this.eligibility.expiring(q.within, asOf, q.cursor, q.limit);
    const { items } = await this.eligibility.expiring(q.within, asOf, undefined, Number.MAX_SAFE_INTEGER);
    return csvFile(
      `expiring-${asOf}-${q.within}d.csv`,
      ['kind', 'id', 'serviceId', 'validUntil', 'daysLeft', 'asOf'],
      items.map((i) => [i.kind, i.id, i.serviceId, i.validUntil, i.daysLeft, asOf]),
    );
  }
}
