import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { todayInTokyo } from '@app/eligibility-engine';
import { ApiProblems, ParseIdPipe, PlainText, RequestNow, validationFailed, VersionedInterceptor } from '@app/shared';
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
  bulk(@Query() q: BulkDecisionQueryDto, @RequestNow() now: Date): Promise<DecisionPageDto> {
    return this.eligibility.page(q.profile, q.edition, q.asOf ?? todayInTokyo(now), q.decision, q.cursor, q.limit);
  }

  /** Destinations of the services eligible on asOf, de-duplicated and sorted; `format=txt` gives one per line. */
  @Get('allowlists/:profile')
  @NOT_MODIFIED
  @ApiProduces('application/json', 'text/plain')
  @ApiOkResponse({ type: AllowlistDto, description: 'JSON, or with format=txt one destination per line (text/plain)' })
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
    return q.format === 'json' ? list : new PlainText(list.entries.map((e) => `${e.value}\n`).join(''));
  }

  /** Registrations and assessments in effect on asOf whose validity ends within `within` days, soonest first. */
  @Get('reviews/expiring')
  @NOT_MODIFIED
  @ApiProblems(400)
  expiring(@Query() q: ExpiringQueryDto, @RequestNow() now: Date): Promise<ExpiringPageDto> {
    return this.eligibility.expiring(q.within, q.asOf ?? todayInTokyo(now), q.cursor, q.limit);
  }
}
