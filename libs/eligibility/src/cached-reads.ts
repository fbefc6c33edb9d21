import { promisify } from 'node:util';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync, gzip as gzipCallback, gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { matchesIfNoneMatch, ResponseCache } from '@app/shared';
import { RevisionEtags } from './revision-etag.interceptor';

/**
 * The conditional, cacheable reads (GET): one decision, bulk decisions, allowlists, expiring
 * reviews, with the route each is counted under in /metrics when it is answered here (before routing).
 */
const CACHEABLE_READS: readonly (readonly [RegExp, string])[] = [
  [/^\/v1\/services\/[^/]+\/eligibility$/, '/v1/services/:id/eligibility'],
  [/^\/v1\/eligibility$/, '/v1/eligibility'],
  [/^\/v1\/allowlists\/[^/]+$/, '/v1/allowlists/:profile'],
  [/^\/v1\/reviews\/expiring$/, '/v1/reviews/expiring'],
];

type Tracked = Request & { registryEtag?: string; registryPrivate?: boolean; registryRoute?: string };

/**
 * Answers from this size on are kept gzip-coded, and sent so to clients that accept it: one decision
 * 3.5 KB → ≈ 0.9 KB (so the decisions of all 10,000 services fit in ≈ 15 MiB of the cache, where
 * plain they took more than its 32 MiB and a rotation over them missed every time), a page of 100
 * 372 KiB → 24 KiB.
 */
const GZIP_FROM_BYTES = 1024;

/**
 * Below this size an answer is coded (and, for a client that does not accept gzip, decoded) on the
 * event loop: ≈ 20 µs for a decision, less than a trip to the thread pool. Larger ones are coded on
 * the thread pool and decoded as they stream out.
 */
const CODE_INLINE_BELOW = 64 * 1024;

const gzip = promisify(gzipCallback);

/**
 * zlib's fastest level: the first request of an answer waits for its coding (the 1.3 MiB allowlist
 * of 10,000 services: ≈ 3× faster than the default level 6, ≈ 1.5× larger, still ≈ 10× smaller than
 * the JSON).
 */
const GZIP_LEVEL = 1;

/**
 * The ETag of an answer's gzip coding: another representation, so another strong validator (as
 * Apache's `-gzip` suffix). `If-None-Match` with either revalidates the answer.
 */
const gzipEtag = (etag: string): string => `${etag.slice(0, -1)}-gzip"`;

/** The headers of an answer as sent so far, but its ETag (the cache's key; set again on every hit). */
function withoutEtag(res: Response): Record<string, unknown> {
  const headers: Record<string, unknown> = { ...res.getHeaders() };
  delete headers['etag'];
  return headers;
}

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
  /** Answers being gzip-coded on the thread pool, by ETag: a request for one waits for it instead of computing it again. */
  private readonly coding = new Map<string, Promise<void>>();

  constructor(
    private readonly etags: RevisionEtags,
    private readonly cache: ResponseCache,
  ) {}

  readonly handle = (req: Tracked, res: Response, next: NextFunction): void => {
    const route = req.method === 'GET' ? CACHEABLE_READS.find(([path]) => path.test(req.path))?.[1] : undefined;
    if (route === undefined) return next();
    this.etags.of(req).then((etag) => {
      if (req.registryPrivate) return next();
      res.vary('Accept-Encoding');
      const matched = matchesIfNoneMatch(req, etag) ? etag : matchesIfNoneMatch(req, gzipEtag(etag)) ? gzipEtag(etag) : null;
      if (matched) {
        req.registryRoute = route;
        this.etags.cache(req, res, matched);
        res.status(304).end();
        return;
      }
      const acceptsGzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
      const coding = this.coding.get(etag);
      if (coding) void coding.then(() => this.answer(req, res, next, { etag, route, acceptsGzip }));
      else this.answer(req, res, next, { etag, route, acceptsGzip });
    }, next);
  };

  /** The cached answer (its gzip coding as kept, for a client that accepts it; else decoded), or on to Nest. */
  private answer(
    req: Tracked,
    res: Response,
    next: NextFunction,
    { etag, route, acceptsGzip }: { etag: string; route: string; acceptsGzip: boolean },
  ): void {
    const hit = this.cache.get(etag);
    if (!hit) {
      this.keep(etag, res, acceptsGzip);
      return next();
    }
    req.registryRoute = route;
    for (const [name, value] of hit.headers) res.setHeader(name, value);
    res.statusCode = 200;
    if (hit.meta !== undefined) this.onHit?.(hit.meta);
    if (hit.encoding === 'gzip' && !acceptsGzip) {
      res.setHeader('ETag', etag);
      res.setHeader('Content-Length', hit.decodedLength!);
      if (hit.decodedLength! < CODE_INLINE_BELOW) return void res.end(gunzipSync(hit.body));
      // decoded as it goes out (on the thread pool, in zlib's 16 KiB chunks), not into one buffer
      void pipeline(Readable.from([hit.body]), createGunzip(), res).catch(() => res.destroy());
      return;
    }
    if (hit.encoding === 'gzip') res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('ETag', hit.encoding === 'gzip' ? gzipEtag(etag) : etag);
    res.setHeader('Content-Length', hit.body.length);
    res.end(hit.body);
  }

  /**
   * Keeps the bytes of a successful answer carrying this ETag as Express sends them. From
   * GZIP_FROM_BYTES on only their gzip coding is kept (made on the thread pool from
   * CODE_INLINE_BELOW on), and a client that accepts gzip gets it: the coding follows the request,
   * never the cache. The ETag is not kept with the headers (it is the key): the other headers of one
   * route and language are then the same list for every answer, held once.
   */
  private keep(etag: string, res: Response, acceptsGzip: boolean): void {
    const send = res.send.bind(res) as (body?: unknown) => Response;
    res.send = ((body?: unknown) => {
      if (res.statusCode !== 200 || res.getHeader('ETag') !== etag || !(typeof body === 'string' || Buffer.isBuffer(body)))
        return send(body);
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const meta: unknown = res.locals[CACHE_META];
      if (bytes.length < GZIP_FROM_BYTES) {
        const out = send(body);
        this.cache.set(etag, withoutEtag(res), bytes, meta);
        return out;
      }
      const type = res.getHeader('Content-Type');
      // Express adds the charset to a string body's type; these bytes go out as a Buffer
      if (typeof body === 'string' && typeof type === 'string' && !/;\s*charset=/i.test(type))
        res.setHeader('Content-Type', `${type}; charset=utf-8`);
      const headers = withoutEtag(res);
      if (bytes.length < CODE_INLINE_BELOW) {
        const gz = gzipSync(bytes, { level: GZIP_LEVEL });
        this.cache.set(etag, headers, gz, meta, { encoding: 'gzip', decodedLength: bytes.length });
        if (!acceptsGzip) return send(bytes);
        res.setHeader('Content-Encoding', 'gzip');
        res.setHeader('ETag', gzipEtag(etag));
        return send(gz);
      }
      const coded = gzip(bytes, { level: GZIP_LEVEL }).then((gz) => {
        this.cache.set(etag, headers, gz, meta, { encoding: 'gzip', decodedLength: bytes.length });
        return gz;
      });
      const settled = coded.then(
        () => undefined,
        () => undefined,
      );
      this.coding.set(etag, settled);
      void settled.then(() => this.coding.delete(etag));
      if (!acceptsGzip) return send(bytes);
      void coded.then(
        (gz) => {
          res.setHeader('Content-Encoding', 'gzip');
          res.setHeader('ETag', gzipEtag(etag));
          send(gz);
        },
        () => send(bytes),
      );
      return res;
    }) as Response['send'];
  }
}
