import { applyDecorators, Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { type Decision, renderAllowlistText, todayInTokyo } from '@app/eligibility-engine';
import {
  ApiProblems,
  csvFile,
  type CsvCell,
  ParseIdPipe,
  PlainText,
  RequestNow,
  validationFailed,
  VersionedInterceptor,
} from '@app/shared';
import {
  AllowlistDto,
  AllowlistQueryDto,
  BulkDecisionQueryDto,
  DecisionDto,
  DecisionPageDto,
  DecisionQueryDto,
  ExpiringPageDto,
  ExpiringQueryDto,
} from './dto/eligibility.dto';
import { EligibilityService } from './eligibility.service';
import { RevisionEtagInterceptor } from './revision-etag.interceptor';

const NOT_MODIFIED = ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' });
const PROFILE_KEY = /^[a-z0-9][a-z0-9-]*$/;

/** A 200 that is `dto` as JSON, or (by `format=`) text in the given media types with an example. */
const JsonOrText = (dto: new () => object, description: string, texts: Record<string, string>) =>
  applyDecorators(
    ApiExtraModels(dto),
    ApiOkResponse({
      description,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(dto) } },
        ...Object.fromEntries(Object.entries(texts).map(([type, example]) => [type, { schema: { type: 'string' }, example }])),
      },
    }),
  );

const DECISION_CSV_HEADER = ['serviceId', 'profile', 'edition', 'asOf', 'decision', 'validUntil', 'notSatisfied', 'warnings'];

/** One service per row; requirements not satisfied as `ID:outcome` and warnings as codes, space-separated. */
const decisionCsvRow = (d: Decision): CsvCell[] => [
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
];

@ApiTags('eligibility')
@Controller('v1')
@UseInterceptors(RevisionEtagInterceptor, VersionedInterceptor)
export class EligibilityController {
  constructor(private readonly eligibility: EligibilityService) {}

  /** May this service be used under the profile on asOf, until when, and why? */
  @Get('services/:id/eligibility')
  @NOT_MODIFIED
  @ApiProblems(400, 404)
  decision(@Param('id', ParseIdPipe) id: string, @Query() q: DecisionQueryDto, @RequestNow() now: Date): Promise<DecisionDto> {
    return this.eligibility.decision(id, q.profile, q.edition, q.asOf ?? todayInTokyo(now));
  }

  /** Decisions for every service (ordered by service id), optionally only one outcome. */
  @Get('eligibility')
  @NOT_MODIFIED
  @ApiProblems(400, 404)
  @JsonOrText(DecisionPageDto, 'JSON (paged), or with format=csv every decision, one service per row', {
    'text/csv': '\ufeffserviceId,profile,edition,asOf,decision,validUntil,notSatisfied,warnings\r\n',
  })
  async bulk(@Query() q: BulkDecisionQueryDto, @RequestNow() now: Date): Promise<DecisionPageDto | PlainText> {
    const asOf = q.asOf ?? todayInTokyo(now);
    if (q.format === 'json') return this.eligibility.page(q.profile, q.edition, asOf, q.decision, q.cursor, q.limit);
    const decisions = (await this.eligibility.all(q.profile, q.edition, asOf)).filter((d) => !q.decision || d.decision === q.decision);
    return csvFile(`decisions-${q.profile}-${asOf}.csv`, DECISION_CSV_HEADER, decisions.map(decisionCsvRow));
  }

  /** Destinations of the services eligible on asOf, de-duplicated and sorted; `format=txt` gives one per line. */
  @Get('allowlists/:profile')
  @NOT_MODIFIED
  @JsonOrText(AllowlistDto, 'JSON, with format=txt one destination:port per line, with format=csv one row per destination', {
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
    const list = await this.eligibility.allowlist(profile, q.edition, q.asOf ?? todayInTokyo(now));
    if (q.format === 'json') return list;
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

  /** Registrations and assessments in effect on asOf whose validity ends within `within` days, soonest first. */
  @Get('reviews/expiring')
  @NOT_MODIFIED
  @ApiProblems(400)
  @JsonOrText(ExpiringPageDto, 'JSON (paged), or with format=csv every item, soonest first', {
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
