import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblems, CurrentActor, ParseIdPipe, Roles } from '@app/shared';
import { AuditOrganizationsService } from './audit-organizations.service';
import {
  AuditOrganizationDto,
  AuditOrganizationListDto,
  CreateAccreditationDto,
  CreateAuditOrganizationDto,
} from './dto/audit-organization.dto';

@ApiTags('assessments')
@Controller('v1/audit-organizations')
export class AuditOrganizationsController {
  constructor(private readonly organizations: AuditOrganizationsService) {}

  /** Registers an audit organisation (auditor credentials and assessments name it). */
  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: AuditOrganizationDto })
  @ApiProblems(400, 409, 413)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAuditOrganizationDto): Promise<AuditOrganizationDto> {
    return this.organizations.create(actor, dto);
  }

  /** Adds an accreditation period: assessments performed inside one count. */
  @Post(':id/accreditations')
  @Roles('admin')
  @ApiCreatedResponse({ type: AuditOrganizationDto })
  @ApiProblems(400, 404, 413)
  accredit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateAccreditationDto,
  ): Promise<AuditOrganizationDto> {
    return this.organizations.accredit(actor, id, dto);
  }

  @Get()
  @ApiOkResponse({ type: AuditOrganizationListDto })
  @ApiProblems()
  list(): Promise<AuditOrganizationListDto> {
    return this.organizations.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: AuditOrganizationDto })
  @ApiProblems(400, 404)
  get(@Param('id', ParseIdPipe) id: string): Promise<AuditOrganizationDto> {
    return this.organizations.get(id);
  }
}
