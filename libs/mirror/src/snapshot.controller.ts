import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@app/shared';
import { SnapshotEnvelopeDto } from './snapshot.dto';
import { SnapshotService } from './snapshot.service';

@ApiTags('mirror')
@Controller('v1/snapshots')
export class SnapshotController {
  constructor(private readonly snapshots: SnapshotService) {}

  /**
   * The whole public registry at the current revision as one signed JSON document: a DSSE envelope
   * (payload type `application/vnd.lgwan-registry.snapshot+json`) whose payload holds every public
   * table, today's allowlists, the local-government list version, a signed audit checkpoint and a
   * manifest of SHA-256 per part. Verify with `npm run cli -- snapshot:verify`; load it with a mirror
   * (`MIRROR_FROM`).
   */
  @Get('current')
  @ApiOkResponse({ type: SnapshotEnvelopeDto })
  @ApiProblems()
  current(): Promise<SnapshotEnvelopeDto> {
    return this.snapshots.current();
  }
}
