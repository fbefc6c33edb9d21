import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import canonicalize from 'canonicalize';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { problemOf, sendProblem } from '../http/problem.filter';
import { IdempotencyRepository } from './idempotency.repository';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Response headers a replay repeats (the body's own and the resource's). */
const REPLAYED_HEADERS = ['content-type', 'etag', 'location', 'cache-control'];
const KEY = /^[\x21-\x7e]{1,255}$/;

const sha256 = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

/**
 * `Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header, as Stripe does it): the first
 * request with a key runs and its response (any status below 500) is kept; a retry with the same key
 * and the same body gets that response again (`Idempotent-Replayed: true`) without running anything;
 * the same key with another body is a 422 problem; a retry while the first is still running is a 409
 * problem. Keys are scoped to the credential that sent them and to the path.
 */
@Injectable()
export class IdempotencyMiddleware implements NestMiddleware {
  constructor(
    private readonly store: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (req.method !== 'POST' || key === undefined) return next();
    this.handle(req, res, next, Array.isArray(key) ? key.join(',') : key).catch(next);
  }

  private async handle(req: Request, res: Response, next: NextFunction, key: string): Promise<void> {
    if (!KEY.test(key)) {
      return sendProblem(
        req,
        res,
        problemOf(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
          { pointer: '/headers/Idempotency-Key', detail: 'must be 1 to 255 visible ASCII characters' },
        ]),
      );
    }
    const credential = sha256(req.headers.authorization ?? '');
    const scope = sha256(credential, req.method, req.originalUrl, key);
    // a raw upload (an import file) is fingerprinted by its bytes; a multipart one without its boundary
    const fingerprint = Buffer.isBuffer(req.body)
      ? createHash('sha256')
          .update(multipartWithoutBoundary(req.body, req.headers['content-type'] ?? ''))
          .digest('hex')
      : sha256(canonicalize(req.body ?? null) ?? 'null');
    if (await this.store.claim(scope, fingerprint, this.config.IDEMPOTENCY_TTL_HOURS)) return this.record(scope, res, next);
    const stored = await this.store.find(scope);
    if (!stored) return this.record(scope, res, next); // expired between the two statements: run it
    if (stored.fingerprint !== fingerprint) {
      return sendProblem(
        req,
        res,
        problemOf(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a request with another body'),
      );
    }
    if (stored.status === null) {
      res.setHeader('Retry-After', '1');
      return sendProblem(
        req,
        res,
        problemOf(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed'),
      );
    }
    for (const [name, value] of Object.entries(stored.headers ?? {})) res.setHeader(name, value);
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(stored.status).end(stored.body ?? Buffer.alloc(0));
  }

  /**
   * Lets the request run and keeps what it answered (a 5xx frees the key instead). The response's end
   * waits until the record is stored, so a client retrying the moment it has its answer gets the replay,
   * not a 409 "still being processed".
   */
  private record(scope: string, res: Response, next: NextFunction): void {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(
        Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding),
      );
    };
    let settled = false;
    res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
      keep(chunk, encoding);
      return write(chunk, encoding, cb);
    }) as Response['write'];
    res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      keep(chunk, encoding);
      if (settled) return end(chunk, encoding, cb);
      settled = true;
      const status = res.statusCode;
      const done =
        status < 500
          ? this.store.complete(
              scope,
              status,
              Object.fromEntries(
                REPLAYED_HEADERS.flatMap((h) => {
                  const v = res.getHeader(h);
                  return v === undefined ? [] : [[h, String(v)]];
                }),
              ),
              Buffer.concat(chunks),
            )
          : this.store.release(scope);
      // a lost record only means a retry runs again, as without a key
      done.catch(() => undefined).finally(() => end(chunk, encoding, cb));
      return res;
    }) as Response['end'];
    res.on('close', () => {
      if (settled) return;
      settled = true; // the client went away before the answer: free the key
      this.store.release(scope).catch(() => undefined);
    });
    next();
  }
}

/**
 * A multipart body with its boundary taken out: a client that retries the same file with a new
 * boundary (`FormData` makes one per request) sends the same request; another file is another. Any
 * other body is returned as it is.
 */
export function multipartWithoutBoundary(body: Buffer, contentType: string): Buffer {
  const boundary = /^multipart\/[^;]+;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const token = boundary?.[1] ?? boundary?.[2];
  return token ? Buffer.from(body.toString('latin1').split(token).join(''), 'latin1') : body;
}
