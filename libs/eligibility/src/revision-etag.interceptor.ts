import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { map, type Observable } from 'rxjs';
import { RevisionService } from '@app/ledger';
import { todayInTokyo } from '@app/eligibility-engine';
import {
  APP_CONFIG,
  type AppConfig,
  Clock,
  type Language,
  requestLanguage,
  requestNow,
  setCaching,
  setLanguageHeaders,
  strongEtag,
} from '@app/shared';

type TaggedRequest = Request & { registryEtag?: string; registryEtagLanguage?: Language | null; registryPrivate?: boolean };

/**
 * The routes whose bodies carry `message` texts in the negotiated language (a decision, bulk
 * decisions and their CSV). Matched on the path before routing, so the 304 answer keys on it too.
 */
const LOCALIZED = /^\/v1\/(?:eligibility|services\/[^/]+\/eligibility)\/?$/i;

/** The language a request's representation depends on, or null when it is the same in every language. */
export function representationLanguage(req: Request, path: string): Language | null {
  return LOCALIZED.test(path) ? requestLanguage(req) : null;
}

/**
 * Answers that depend on who asks (obligation statuses for a municipality, its outlook): the
 * municipality's own credential or an administrator sees private data, anyone else the public view.
 */
const callerDependent = (req: Request, path: string): boolean =>
  req.query['municipality'] !== undefined || path.endsWith('/outlook') || path.endsWith('/outlook.ics');

/**
 * Conditional reads keyed by the registry revision. The ETag is derived from the revision (held in
 * memory, see RevisionService), today's date in Asia/Tokyo (the default `asOf`), the path, the
 * query as sent and, on the localized routes, the language negotiated from `Accept-Language`, so
 * identical requests between two writes get identical ETags and bodies, and each language its own.
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
    const language = representationLanguage(req, path);
    req.registryEtagLanguage = language;
    // the request's pinned instant: the handler's default asOf is the same day (see requestNow)
    // a caller-dependent answer is tagged per credential (the header's digest, never the secret), so
    // one caller's ETag never revalidates another caller's view
    const authorization = req.headers.authorization;
    req.registryPrivate = callerDependent(req, path) && authorization !== undefined;
    const caller = req.registryPrivate ? createHash('sha256').update(authorization!).digest('hex') : '';
    const parts = [await this.revisions.get(), todayInTokyo(requestNow(req, this.clock)), path, query];
    if (language !== null) parts.push(`lang=${language}`);
    if (caller) parts.push(caller);
    req.registryEtag = strongEtag(...parts);
    return req.registryEtag;
  }

  /**
   * ETag and Cache-Control; on localized routes also Content-Language and Vary: Accept-Language; on
   * caller-dependent ones Vary: Authorization (private when a credential was sent). 200 and 304 alike.
   */
  cache(req: TaggedRequest, res: Response, etag: string): void {
    setCaching(res, etag, this.config.CACHE_MAX_AGE_SECONDS);
    if (req.registryEtagLanguage) setLanguageHeaders(res, req.registryEtagLanguage);
    if (req.registryPrivate) {
      res.setHeader('Cache-Control', `private, max-age=${this.config.CACHE_MAX_AGE_SECONDS}, must-revalidate`);
      res.vary('Authorization');
    } else if (callerDependent(req, req.originalUrl.split('?')[0])) res.vary('Authorization');
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
        this.etags.cache(req, res, etag);
        return body;
      }),
    );
  }
}
