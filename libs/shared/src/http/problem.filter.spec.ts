import { describe, expect, it } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { ProblemFilter, STATUS_OF_KIND } from './problem.filter';
import { DomainError, type ErrorKind, type Problem } from './problem';
import { declareUniqueConstraints } from './unique-violation';

/** Runs the filter on an exception and returns what it sent. */
function render(exception: unknown): { status: number; problem: Problem } {
  const sent: { status: number; body: string } = { status: 0, body: '' };
  const res = {
    headersSent: false,
    removeHeader: () => undefined,
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return this;
    },
    type() {
      return this;
    },
    send(body: string) {
      sent.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/v1/x', id: 'req-1' }), getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new ProblemFilter().catch(exception, host);
  return { status: sent.status, problem: JSON.parse(sent.body) as Problem };
}

/** What TypeORM throws for a failed statement: the driver's error under `driverError`. */
const uniqueViolation = (constraint: string) =>
  Object.assign(new Error('duplicate key value violates unique constraint'), { driverError: { code: '23505', constraint } });

describe('ProblemFilter', () => {
  it.each(Object.entries(STATUS_OF_KIND))('answers a %s domain error with %i and its code', (kind, status) => {
    const { status: sent, problem } = render(new DomainError(kind as ErrorKind, 'SOME_CODE', 'why'));
    expect(sent).toBe(status);
    expect(problem).toMatchObject({ status, code: 'SOME_CODE', detail: 'why', instance: '/v1/x', requestId: 'req-1' });
  });

  it('treats every duplicate as a conflict (409)', () => {
    expect(STATUS_OF_KIND.duplicate).toBe(409);
  });

  it('answers a unique violation with the error its constraint declares', () => {
    declareUniqueConstraints({
      UQ_test_things_name: () =>
        new DomainError('duplicate', 'DUPLICATE_THING', 'the thing exists', [{ pointer: '/name', detail: 'taken' }]),
    });
    const { status, problem } = render(uniqueViolation('UQ_test_things_name'));
    expect(status).toBe(409);
    expect(problem).toMatchObject({ code: 'DUPLICATE_THING', errors: [{ pointer: '/name', detail: 'taken' }] });
  });

  it('answers an undeclared unique violation with 409 CONFLICT, and other database errors with 500', () => {
    expect(render(uniqueViolation('UQ_nobody_declared')).problem).toMatchObject({ status: 409, code: 'CONFLICT' });
    const other = Object.assign(new Error('deadlock'), { driverError: { code: '40P01' } });
    expect(render(other).problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });

  it('answers a connection lost in the middle of a transaction with 503 DATABASE_UNAVAILABLE (kill -9 of PostgreSQL)', () => {
    class QueryRunnerProviderAlreadyReleasedError extends Error {
      override name = 'QueryRunnerProviderAlreadyReleasedError';
    }
    class QueryRunnerAlreadyReleasedError extends Error {
      override name = 'QueryRunnerAlreadyReleasedError';
    }
    for (const err of [
      new QueryRunnerProviderAlreadyReleasedError('Database connection provided by a query runner was already released'),
      new QueryRunnerAlreadyReleasedError('Query runner already released. Cannot run queries anymore.'),
      new Error('Client was closed and is not queryable'),
      Object.assign(new Error('terminating connection due to unexpected postmaster exit'), { driverError: { code: '57P01' } }),
    ]) {
      expect(render(err)).toMatchObject({ status: 503, problem: { code: 'DATABASE_UNAVAILABLE' } });
    }
  });
});
