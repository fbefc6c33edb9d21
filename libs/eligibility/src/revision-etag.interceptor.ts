import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { RevisionService } from '@app/ledger';
import { todayInTokyo } from '@app/eligibility-engine';
import { APP_CONFIG, type AppConfig, Clock, requestNow, setCaching, strongEtag } from '@app/shared';

type TaggedRequest = Request & { registryEtag?: string };

/**
 * Conditional reads keyed by the registry revision. The ETag is derived from the revision (held in
 * memory, see RevisionService), today's date in Asia/Tokyo (the default `asOf`), the path and the
 * query as sent, so identical requests between two writes get identical ETags and bodies.
 */
@Injectable()
export class RevisionEtags {
  constructor(
    private readonly revisions: RevisionService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async of(req: TaggedRequest): Promise<string> {
    const query = Object.keys(req.query)
      .sort()
      .map((k) => `${k}=${JSON.stringify(req.query[k])}`)
      .join('&');
    // originalUrl: inside a mounted middleware req.path is relative to the mount point
    const path = req.originalUrl.split('?')[0];
    // the request's pinned instant: the handler's default asOf is the same day (see requestNow)
    req.registryEtag = strongEtag(await this.revisions.get(), todayInTokyo(requestNow(req, this.clock)), path, query);
    return req.registryEtag;
  }

  cache(res: Response, etag: string): void {
    setCaching(res, etag, this.config.CACHE_MAX_AGE_SECONDS);
  }
}

/** Puts the ETag and Cache-Control on successful answers only (an error is never cached). */
@Injectable()
export class RevisionEtagInterceptor implements NestInterceptor {
  constructor(private readonly etags: RevisionEtags) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<TaggedRequest>();
    const res = http.getResponse<Response>();
    const etag = req.registryEtag ?? (await this.etags.of(req));
    return next.handle().pipe(
      map((body: unknown) => {
        this.etags.cache(res, etag);
        return body;
      }),
    );
  }
}
