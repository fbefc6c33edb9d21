import {
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { Clock } from '../clock';
import { matchesIfNoneMatch, setCaching } from './etag';

/**
 * A representation with its version: controllers return it and VersionedInterceptor sets `ETag`
 * (with `cacheFor`, also `Cache-Control` and a 304 for a matching `If-None-Match`), then sends `body`.
 */
export class Versioned<T> {
  constructor(
    readonly body: T,
    readonly etag: string,
    /** Seconds a shared cache may keep it; when set, a matching If-None-Match is answered 304. */
    readonly cacheFor?: number,
  ) {}
}

/**
 * A text representation: sent as `contentType` (plain text by default), and with `filename` as a
 * download (`Content-Disposition: attachment`).
 */
export class PlainText {
  constructor(
    readonly text: string,
    readonly contentType = 'text/plain; charset=utf-8',
    readonly filename?: string,
  ) {}
}

/** Turns Versioned and PlainText results into headers and bodies; errors pass untouched (never cached). */
@Injectable()
export class VersionedInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    return next.handle().pipe(
      map((value: unknown) => {
        const res = http.getResponse<Response>();
        if (value instanceof PlainText) {
          res.type(value.contentType);
          if (value.filename !== undefined) res.setHeader('Content-Disposition', `attachment; filename="${value.filename}"`);
          return value.text;
        }
        if (!(value instanceof Versioned)) return value;
        const { body, etag, cacheFor } = value as Versioned<unknown>;
        if (cacheFor === undefined) {
          res.setHeader('ETag', etag);
          return body;
        }
        setCaching(res, etag, cacheFor);
        if (!matchesIfNoneMatch(http.getRequest<Request>(), etag)) return body;
        res.status(304);
        return undefined;
      }),
    );
  }
}

/** The request's `If-Match` header (undefined when not sent), for the service's assertIfMatch. */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const header = ctx.switchToHttp().getRequest<Request>().headers['if-match'];
  return typeof header === 'string' ? header : undefined;
});

type Timed = { registryNow?: Date };

/**
 * The request's "now": the first reader (a middleware, an interceptor or a handler) asks the clock,
 * every later reader in the same request gets the same instant, so a request that straddles
 * midnight cannot see two different days.
 */
export function requestNow(req: object, clock: Clock): Date {
  const timed = req as Timed;
  timed.registryNow ??= clock.now();
  return timed.registryNow;
}

@Injectable()
export class RequestNowPipe implements PipeTransform<object, Date> {
  constructor(private readonly clock: Clock) {}

  transform(req: object): Date {
    return requestNow(req, this.clock);
  }
}

const CurrentRequest = createParamDecorator((_: unknown, ctx: ExecutionContext): object => ctx.switchToHttp().getRequest<object>());

/** Injects the request's pinned instant (see requestNow); `todayInTokyo(now)` is then the request's day. */
export const RequestNow = (): ParameterDecorator => CurrentRequest(RequestNowPipe);
