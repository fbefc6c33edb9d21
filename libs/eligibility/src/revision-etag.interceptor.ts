import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { map, type Observable } from 'rxjs';
import { RevisionService } from '@app/ledger';
import { todayInTokyo } from '@app/eligibility-engine';
import { APP_CONFIG, type AppConfig, Clock, matchesIfNoneMatch, requestNow, setCaching, strongEtag } from '@app/shared';

type TaggedRequest = Request & { registryEtag?: string; registryPrivate?: boolean };

/**
 * Answers that depend on who asks (obligation statuses for a municipality, its outlook): the
 * municipality's own credential or an administrator sees private data, anyone else the public view.
 */
const callerDependent = (req: Request, path: string): boolean =>
  req.query['municipality'] !== undefined || path.endsWith('/outlook') || path.endsWith('/outlook.ics');

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
    // a caller-dependent answer is tagged per credential (the header's digest, never the secret), so
    // one caller's ETag never revalidates another caller's view
    const authorization = req.headers.authorization;
    req.registryPrivate = callerDependent(req, path) && authorization !== undefined;
    const caller = req.registryPrivate ? createHash('sha256').update(authorization!).digest('hex') : '';
    req.registryEtag = strongEtag(
      await this.revisions.get(),
      todayInTokyo(requestNow(req, this.clock)),
      path,
      query,
      ...(caller ? [caller] : []),
    );
    return req.registryEtag;
  }

  cache(res: Response, etag: string, req?: TaggedRequest): void {
    setCaching(res, etag, this.config.CACHE_MAX_AGE_SECONDS);
    if (req?.registryPrivate) {
      res.setHeader('Cache-Control', `private, max-age=${this.config.CACHE_MAX_AGE_SECONDS}, must-revalidate`);
      res.vary('Authorization');
    } else if (req && callerDependent(req, req.originalUrl.split('?')[0])) res.vary('Authorization');
  }
}

/** Answers a matching `If-None-Match` with 304 before routing, guards, pipes or any fact. */
@Injectable()
export class NotModifiedMiddleware implements NestMiddleware {
  constructor(private readonly etags: RevisionEtags) {}

  use(req: TaggedRequest, res: Response, next: NextFunction): void {
    if (req.method !== 'GET' || !req.headers['if-none-match']) return next();
    this.etags.of(req).then((etag) => {
      if (!matchesIfNoneMatch(req, etag)) return next();
      this.etags.cache(res, etag, req);
      res.status(304).end();
    }, next);
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
        this.etags.cache(res, etag, req);
        return body;
      }),
    );
  }
}
