import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdirSync } from 'node:fs';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { type AppConfig, problemOf, sendProblem } from '@app/shared';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** First middleware: every request gets an id (the caller's X-Request-Id when well-formed), echoed back. */
export function requestId(req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void): void {
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}

const isWrite = (req: Request) => !['GET', 'HEAD', 'OPTIONS'].includes(req.method);

/** Per-client rate limits (IETF RateLimit headers), a tighter one for writes; 429 is a problem document. */
export function rateLimits(config: AppConfig) {
  const handler = (req: Request, res: Response, _next: NextFunction, options: { statusCode: number }) =>
    sendProblem(
      req,
      res,
      problemOf(options.statusCode, 'RATE_LIMITED', 'Too many requests from this client; retry after the time in the RateLimit headers'),
    );
  const common = { windowMs: 60_000, standardHeaders: 'draft-7' as const, legacyHeaders: false, handler };
  return [
    rateLimit({ ...common, limit: config.RATE_LIMIT_PER_MINUTE }),
    rateLimit({ ...common, limit: config.WRITE_RATE_LIMIT_PER_MINUTE, skip: (req) => !isWrite(req) }),
  ];
}

/**
 * The staff page's static files (web/): served for exactly the files that exist there (and `/`), so
 * every other request — the API's — costs no file-system lookup.
 */
export function staffPage(dir: string): RequestHandler {
  const files = new Set(readdirSync(dir).map((f) => `/${f}`));
  const serve = express.static(dir, { index: 'index.html', maxAge: '5m' });
  return (req, res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && (req.path === '/' || files.has(req.path))) serve(req, res, next);
    else next();
  };
}
