import { HttpStatus } from '@nestjs/common';

/** One offending input, located by a JSON Pointer (RFC 6901) into the request. */
export interface FieldError {
  pointer: string;
  detail: string;
}

/**
 * A domain error with a stable machine-readable `code`. The global filter renders it as an RFC 9457
 * problem; domains subclass or construct it in their `*.errors.ts` files.
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export const notFound = (code: string, what: string, id: string) =>
  new DomainError(HttpStatus.NOT_FOUND, code, `${what} ${id} does not exist`);

export const badRequest = (code: string, message: string, errors: FieldError[] = []) =>
  new DomainError(HttpStatus.BAD_REQUEST, code, message, errors);

export const conflict = (code: string, message: string) => new DomainError(HttpStatus.CONFLICT, code, message);

export const preconditionFailed = (message: string) => new DomainError(HttpStatus.PRECONDITION_FAILED, 'PRECONDITION_FAILED', message);

export const forbidden = (code: string, message: string) => new DomainError(HttpStatus.FORBIDDEN, code, message);

/** The problem document the API sends for every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  /** Readiness problems: the checks that failed. */
  checks?: Record<string, unknown>;
}
