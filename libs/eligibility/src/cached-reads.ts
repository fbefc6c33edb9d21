import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { matchesIfNoneMatch, ResponseCache } from '@app/shared';
import { RevisionEtags } from './revision-etag.interceptor';

/** The conditional, cacheable reads (GET): one decision, bulk decisions, allowlists, expiring reviews. */
export const CACHEABLE_READ = /^\/v1\/(?:services\/[^/]+\/eligibility|eligibility|allowlists\/[^/]+|reviews\/expiring)$/;

type Tracked = Request & { registryEtag?: string; registryPrivate?: boolean };

/** Where a handler may leave what a cached answer should replay (e.g. decisions counted in metrics). */
export const CACHE_META = 'registryCacheMeta';

/**
 * The read fast path, mounted right after the rate limits (before helmet, the body parser, the
 * input bounds and Nest): a matching `If-None-Match` is a 304, and an answer already computed for
 * the same ETag (revision, today in Asia/Tokyo, path, query and, for decisions, the language) is its
 * bytes; neither touches a fact or a route. Otherwise the request goes on, and a 200 answer is kept on
 * its way out. An answer private to the caller (`?municipality=` with a credential) always goes through
 * Nest: its credential must be checked on every request (it may have been revoked since).
 */
@Injectable()
export class CachedReads {
  /** Called with the cached meta of each answer served from the cache. */
  onHit: ((meta: unknown) => void) | null = null;

  constructor(
    private readonly etags: RevisionEtags,
    private readonly cache: ResponseCache,
  ) {}

  readonly handle = (req: Tracked, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' || !CACHEABLE_READ.test(req.path)) return next();
    this.etags.of(req).then((etag) => {
      if (req.registryPrivate) return next();
      if (matchesIfNoneMatch(req, etag)) {
        this.etags.cache(req, res, etag);
        res.status(304).end();
        return;
      }
      const key = etag;
      const hit = this.cache.get(key);
      if (hit) {
        for (const [name, value] of hit.headers) res.setHeader(name, value);
        res.setHeader('Content-Length', hit.body.length);
        res.statusCode = 200;
        res.end(hit.body);
        if (hit.meta !== undefined) this.onHit?.(hit.meta);
        return;
      }
      this.keep(key, etag, res);
      next();
    }, next);
  };

  /** Captures the bytes of a successful answer carrying this ETag as Express sends them. */
  private keep(key: string, etag: string, res: Response): void {
    const send = res.send.bind(res) as (body?: unknown) => Response;
    res.send = ((body?: unknown) => {
      const out = send(body);
      if (res.statusCode === 200 && res.getHeader('ETag') === etag && (typeof body === 'string' || Buffer.isBuffer(body))) {
        this.cache.set(key, res.getHeaders(), typeof body === 'string' ? Buffer.from(body, 'utf8') : body, res.locals[CACHE_META]);
      }
      return out;
    }) as Response['send'];
  }
}
