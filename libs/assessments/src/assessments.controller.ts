import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { todayInTokyo } from '@app/eligibility-engine';
import { type Actor, ApiProblems, CurrentActor, ParseIdPipe, RequestNow, Roles } from '@app/shared';
import { AssessmentsService } from './assessments.service';
import {
  AssessmentPageDto,
  AssessmentResponseDto,
  CreateAssessmentDto,
  ListAssessmentsQueryDto,
  RevokeAssessmentDto,
} from './dto/assessment.dto';

@ApiTags('assessments')
@Controller('v1')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  /** Publishes an assessment with per-requirement findings (an auditor, for its own organisation). */
  @Post('services/:id/assessments')
  @Roles('auditor')
  @ApiProblems(400, 404, 413)
  create(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateAssessmentDto,
  ): Promise<AssessmentResponseDto> {
    return this.assessments.create(actor, id, dto);
  }

  /** A service's assessments, newest first. */
  @Get('services/:id/assessments')
  @ApiProblems(400, 404)
  list(@Param('id', ParseIdPipe) id: string, @Query() query: ListAssessmentsQueryDto): Promise<AssessmentPageDto> {
    return this.assessments.listForService(id, query.cursor, query.limit);
  }

  /** One assessment with its findings and its status (in effect, superseded, revoked). */
  @Get('assessments/:id')
  @ApiProblems(400, 404)
  get(@Param('id', ParseIdPipe) id: string): Promise<AssessmentResponseDto> {
    return this.assessments.get(id);
  }

  /** The assessment as an OSCAL 1.1.x `assessment-results` document (UUIDs stable across exports). */
  @Get('assessments/:id/oscal')
  @ApiOkResponse({ schema: { type: 'object', description: 'OSCAL 1.1.x assessment-results (JSON)' } })
  @ApiProblems(400, 404)
  oscal(@Param('id', ParseIdPipe) id: string, @RequestNow() now: Date): Promise<Record<string, unknown>> {
    return this.assessments.oscalAssessmentResults(id, todayInTokyo(now));
  }

  /** The service's attested requirements as an OSCAL 1.1.x `component-definition` (UUIDs stable across exports). */
  @Get('services/:id/oscal')
  @ApiOkResponse({ schema: { type: 'object', description: 'OSCAL 1.1.x component-definition (JSON)' } })
  @ApiProblems(400, 404)
  componentDefinition(@Param('id', ParseIdPipe) id: string, @RequestNow() now: Date): Promise<Record<string, unknown>> {
    return this.assessments.oscalComponentDefinition(id, todayInTokyo(now));
  }

  /** Revokes an assessment from `effectiveOn` (default: void from its start). */
  @Post('assessments/:id/revoke')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @ApiProblems(400, 404, 409)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: RevokeAssessmentDto,
  ): Promise<AssessmentResponseDto> {
    return this.assessments.revoke(actor, id, dto);
  }
}
