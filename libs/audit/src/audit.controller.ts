import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Roles, Versioned, VersionedInterceptor } from '@app/shared';
import { AuditService } from './audit.service';
import { CheckpointService } from './checkpoint.service';
import { AuditCheckpointDto, AuditEventPageDto, AuditVerificationDto, ListAuditEventsQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: CheckpointService,
  ) {}

  /** The audit trail in seq order: every write, who made it, the record before and after, and its place in the hash chain. */
  @Get('events')
  @Roles('admin')
  @ApiProblems(400)
  events(@Query() q: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list({ subjectType: q.subjectType, subjectId: q.subjectId, action: q.action }, q.cursor, q.limit);
  }

  /** Re-hashes the whole chain and compares it with the recorded head; names the first altered, missing or extra event. */
  @Get('verify')
  @Roles('admin')
  @ApiProblems()
  verify(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }

  /** A signed Merkle tree head over every event hash (RFC 9162 style, Ed25519): save it, verify it later offline. */
  @Get('checkpoint')
  @UseInterceptors(VersionedInterceptor)
  @ApiOkResponse({ type: AuditCheckpointDto })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' })
  @ApiProblems()
  async checkpoint(): Promise<Versioned<AuditCheckpointDto>> {
    const { checkpoint, etag, maxAge } = await this.checkpoints.current();
    return new Versioned(checkpoint, etag, maxAge);
  }
}
