import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RevisionService } from '@app/audit';
import { APP_CONFIG, type AppConfig, matchesIfNoneMatch, setCaching, strongEtag } from '@app/shared';

/**
 * Conditional reads keyed by the registry revision: the ETag is derived from the revision (held in
 * memory, see RevisionService) and the request's resolved parameters, so `If-None-Match` is answered
 * with 304 before any fact is loaded.
 */
@Injectable()
export class ConditionalGet {
  constructor(
    private readonly revisions: RevisionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle<T>(req: Request, res: Response, parts: (string | number | undefined)[], compute: () => Promise<T>): Promise<T | undefined> {
    const revision = await this.revisions.get();
    const etag = strongEtag(revision, req.path, ...parts.map((p) => p ?? ''));
    setCaching(res, etag, this.config.CACHE_MAX_AGE_SECONDS);
    if (matchesIfNoneMatch(req, etag)) {
      res.status(304);
      return undefined;
    }
    return compute();
  }
}
