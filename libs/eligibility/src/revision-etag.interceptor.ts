import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable, of } from 'rxjs';
import { RevisionService } from '@app/audit';
import { APP_CONFIG, type AppConfig, Clock, matchesIfNoneMatch, setCaching, strongEtag, tokyoToday } from '@app/shared';

/**
 * Conditional reads keyed by the registry revision. The ETag is derived from the revision (held in
 * memory, see RevisionService), today's date in Asia/Tokyo (the default `asOf`), the path and the
 * query as sent; `If-None-Match` is answered with 304 here, before validation pipes run or any
 * fact is loaded. Identical requests between two writes get identical ETags and bodies.
 */
@Injectable()
export class RevisionEtagInterceptor implements NestInterceptor {
  constructor(
    private readonly revisions: RevisionService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const query = Object.keys(req.query)
      .sort()
      .map((k) => `${k}=${JSON.stringify(req.query[k])}`)
      .join('&');
    const etag = strongEtag(await this.revisions.get(), tokyoToday(this.clock.now()), req.path, query);
    if (matchesIfNoneMatch(req, etag)) {
      setCaching(res, etag, this.config.CACHE_MAX_AGE_SECONDS);
      res.status(304);
      return of(undefined);
    }
    // only successful answers carry the validator: an error must not be cached under it
    return next.handle().pipe(
      map((body: unknown) => {
        setCaching(res, etag, this.config.CACHE_MAX_AGE_SECONDS);
        return body;
      }),
    );
  }
}
