import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { DomainError, type ErrorKind, type FieldError, type Problem } from './problem';
import { fromUniqueViolation, isUniqueViolation } from './unique-violation';

const PROBLEM_BASE = 'https://lgwan-registry.example/problems/';

/** The one map from a domain error's kind to its HTTP status: every duplicate is a 409. */
export const STATUS_OF_KIND: Record<ErrorKind, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  duplicate: HttpStatus.CONFLICT,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  precondition_failed: HttpStatus.PRECONDITION_FAILED,
  precondition_required: HttpStatus.PRECONDITION_REQUIRED,
};

/** Codes for framework errors that carry no domain code. */
const codeByStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  428: 'PRECONDITION_REQUIRED',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  503: 'UNAVAILABLE',
};

/** Connection-level failures of PostgreSQL (refused, reset, shutting down, pool timeout) and a statement cancelled by statement_timeout: a 503, not a bug. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
/**
 * What TypeORM throws when the connection a transaction held was dropped under it (the server died
 * between two statements): the transaction never committed, so it is a 503 like a refused connection.
 */
const UNAVAILABLE_ERRORS = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; name?: unknown; driverError?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.name === 'string' && UNAVAILABLE_ERRORS.has(e.name)) return true;
  if (
    typeof e.message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/.test(
      e.message,
    )
  ) {
    return true;
  }
  return e.driverError !== undefined && isDatabaseUnavailable(e.driverError);
}

/** The problem document for a status and stable code. */
export function problemOf(status: number, code: string, detail: string, errors: FieldError[] = []): Problem {
  const problem: Problem = {
    type: PROBLEM_BASE + code.toLowerCase().replaceAll('_', '-'),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    code,
    detail,
  };
  if (errors.length > 0) problem.errors = errors;
  return problem;
}

/** Sends a problem with the request's path and id, never cacheable (also used by Express middleware). */
export function sendProblem(req: Request, res: Response, problem: Problem): void {
  const id = (req as { id?: unknown }).id;
  problem.instance = req.originalUrl?.split('?')[0];
  if (typeof id === 'string' || typeof id === 'number') problem.requestId = String(id);
  if (res.headersSent) return;
  res.removeHeader('ETag');
  res.setHeader('Cache-Control', 'no-store');
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/**
 * The one place errors become responses: domain errors, validation errors, framework HTTP errors
 * and body-parser failures turn into RFC 9457 `application/problem+json` with a stable `code` and
 * the request id; anything else is logged with its stack and answered with a generic 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    if (problem.code === 'DATABASE_UNAVAILABLE') {
      res.setHeader('Retry-After', '5');
      this.logger.warn({ err: exception, requestId: req.id }, 'database unavailable');
    } else if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: req.id }, 'unhandled error');
    }
    sendProblem(req, res, problem);
  }

  private toProblem(exception: unknown): Problem {
    const domain: DomainError | null = exception instanceof DomainError ? (exception as DomainError) : fromUniqueViolation(exception);
    if (domain) return this.problem(STATUS_OF_KIND[domain.kind], domain.code, domain.message, domain.errors);
    // a unique constraint no library declared is still a duplicate
    if (isUniqueViolation(exception)) return this.problem(HttpStatus.CONFLICT, 'CONFLICT', 'the record already exists');
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const detail = typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : exception.message;
      // body-parser failures arrive wrapped, with the parser's error as the cause
      const cause = exception.cause as { type?: string } | undefined;
      const code =
        cause?.type === 'entity.parse.failed' || cause instanceof SyntaxError
          ? 'MALFORMED_JSON'
          : (codeByStatus[status] ?? `HTTP_${status}`);
      const problem = this.problem(status, code, detail);
      // a failed readiness check (terminus) keeps the list of checks that failed
      const checks = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
      if (checks && typeof checks === 'object') problem.checks = checks as Record<string, unknown>;
      return problem;
    }
    // body-parser and other connect-style errors carry `status` and `type`
    const e = exception as { status?: number; type?: string; message?: string };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      const code =
        e.type === 'entity.too.large'
          ? 'PAYLOAD_TOO_LARGE'
          : e.type === 'entity.parse.failed'
            ? 'MALFORMED_JSON'
            : (codeByStatus[e.status] ?? `HTTP_${e.status}`);
      return this.problem(e.status, code, e.message ?? STATUS_CODES[e.status] ?? 'Bad request');
    }
    if (isDatabaseUnavailable(exception)) {
      return this.problem(HttpStatus.SERVICE_UNAVAILABLE, 'DATABASE_UNAVAILABLE', 'The database is not reachable right now; retry shortly');
    }
    return this.problem(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'An unexpected error occurred');
  }

  private problem(status: number, code: string, detail: string, errors: FieldError[] = []): Problem {
    return problemOf(status, code, detail, errors);
  }
}
