import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { readdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import compression from 'compression';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { CorsOptions, CorsOptionsDelegate } from '@nestjs/common/interfaces/external/cors-options.interface';
import { type AppConfig, type Metrics, PostgresRateLimitStore, problemOf, type Queryable, sendProblem, routeTemplate } from '@app/shared';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** First middleware: every request gets an id (the caller's X-Request-Id when well-formed), echoed back. */
export function requestId(req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void): void {
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}

/**
 * Express 5's `req.query` is a getter that parses the query string again on every read, and a
 * computed decision read it 7 times (the request log, the input bounds, the guard, the ETag's key,
 * Nest's `@Query()`): parsed once here, then kept on the request as a plain property.
 */
export function queryParsedOnce(req: Request, _res: Response, next: NextFunction): void {
  Object.defineProperty(req, 'query', { value: req.query, writable: true, enumerable: true, configurable: true });
  next();
}

/**
 * Requests Node's HTTP parser refuses before any middleware runs (headers over the size limit,
 * malformed request lines, timeouts) are answered by Node itself with an empty body. With this
 * listener they get an RFC 9457 problem like every other error: 431 for oversized headers, 408 for
 * a request that took too long to arrive, 400 for anything else the parser cannot read.
 */
export function problemsOnClientError(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // the peer is gone (or Node already answered): nothing can be sent
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const [status, code, detail] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'REQUEST_HEADER_FIELDS_TOO_LARGE', 'The request headers are larger than the server accepts']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time']
          : [400, 'MALFORMED_REQUEST', 'The request is not valid HTTP/1.1'];
    const id = randomUUID();
    const body = JSON.stringify({ ...problemOf(status, code, detail), requestId: id });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        `X-Request-Id: ${id}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}

const isWrite = (req: Request) => !['GET', 'HEAD', 'OPTIONS'].includes(req.method);

/** Probes are never limited: a load balancer's health checks must not use up a budget or wait on the counter store. */
const isProbe = (req: Request) => req.path === '/health/live' || req.path === '/health/ready';

/**
 * Per-client rate limits (IETF RateLimit headers), a tighter one for writes; 429 is a problem
 * document. Counted in PostgreSQL (`RATE_LIMIT_STORE=postgres`, via `pool`, shared by every replica)
 * or in process memory. Should the counter store fail, requests pass (the database's own failure
 * answers them) rather than all being refused.
 */
export function rateLimits(config: AppConfig, pool: Queryable) {
  const handler = (req: Request, res: Response, _next: NextFunction, options: { statusCode: number }) =>
    sendProblem(
      req,
      res,
      problemOf(options.statusCode, 'RATE_LIMITED', 'Too many requests from this client; retry after the time in the RateLimit headers'),
    );
  const logger = new Logger('RateLimits');
  const onStateChange = (prefix: string) => (state: 'fallback' | 'shared', err?: unknown) =>
    state === 'fallback'
      ? logger.warn({ err }, `rate-limit counters (${prefix}) unreachable in PostgreSQL: counting per process until it answers`)
      : logger.log(`rate-limit counters (${prefix}) shared in PostgreSQL again`);
  const store = (prefix: string) =>
    config.RATE_LIMIT_STORE === 'postgres'
      ? { store: new PostgresRateLimitStore(pool, prefix, onStateChange(prefix), config.RATE_LIMIT_SYNC_MS) }
      : {};
  const common = { windowMs: 60_000, standardHeaders: 'draft-7' as const, legacyHeaders: false, handler, passOnStoreError: true };
  return [
    rateLimit({ ...common, ...store('all:'), limit: config.RATE_LIMIT_PER_MINUTE, skip: isProbe }),
    rateLimit({ ...common, ...store('write:'), limit: config.WRITE_RATE_LIMIT_PER_MINUTE, skip: (req) => !isWrite(req) }),
  ];
}

/**
 * The staff page's static files (web/): served for exactly the files that exist there (and `/`), so
 * every other request — the API's — costs no file-system lookup.
 */
export function staffPage(dir: string): RequestHandler {
  const files = new Set(readdirSync(dir).map((f) => `/${f}`));
  const serve = express.static(dir, { index: 'index.html', maxAge: '5m' });
  // gzip for clients that accept it (the page's files shrink ≈ 4×); the API's answers are not compressed here
  const gzip: RequestHandler = compression();
  return (req, res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && (req.path === '/' || files.has(req.path))) {
      void gzip(req, res, () => void serve(req, res, next));
    } else next();
  };
}

/** Counts every answered request and its latency by method, route template and status. */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeTemplate(req), status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/** `GET /metrics`: the Prometheus exposition text (registered before the rate limits, outside OpenAPI). */
export function metricsEndpoint(metrics: Metrics) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    metrics.scrape().then(({ contentType, body }) => {
      res.setHeader('Cache-Control', 'no-store');
      res.type(contentType).send(body);
    }, next);
  };
}

const READS = ['GET', 'HEAD'];

/**
 * CORS for public reads: an origin listed in `CORS_ORIGINS` gets CORS headers on GET and HEAD (and
 * their preflight), with `ETag` exposed so a browser can revalidate; writes never get CORS. Every
 * read says `Vary: Origin` so a shared cache does not hand one origin's answer to another.
 */
export function publicReadCors(origins: readonly string[]): {
  vary: (req: Request, res: Response, next: NextFunction) => void;
  options: CorsOptionsDelegate<Request>;
} {
  const allowed = new Set(origins);
  const none: CorsOptions = { origin: false };
  const read: CorsOptions = {
    methods: READS,
    allowedHeaders: ['Accept', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'X-Request-Id', 'Content-Disposition', 'RateLimit', 'RateLimit-Policy', 'Retry-After'],
    credentials: false,
    maxAge: 600,
  };
  return {
    vary: (req, res, next) => {
      if (READS.includes(req.method)) res.vary('Origin');
      next();
    },
    options: (req, done) => {
      const origin = req.headers.origin;
      const method = req.method === 'OPTIONS' ? String(req.headers['access-control-request-method'] ?? '').toUpperCase() : req.method;
      done(null, origin && allowed.has(origin) && READS.includes(method) ? { ...read, origin } : none);
    },
  };
}
