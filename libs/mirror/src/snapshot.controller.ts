import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
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
  async current(@Req() req: Request, @Res() res: Response): Promise<void> {
    // kept gzip-coded: sent so to a client that accepts gzip, else decoded as it streams out
    const envelope = await this.snapshots.current();
    res.status(200).type('application/json; charset=utf-8').vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', envelope.length);
      res.end(envelope);
    } else await pipeline(Readable.from([envelope]), createGunzip(), res);
  }
}
