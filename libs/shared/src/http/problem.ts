/** One offending input, located by a JSON Pointer (RFC 6901) into the request. */
export interface FieldError {
  pointer: string;
  detail: string;
}

/**
 * What kind of failure a domain error is. The HTTP status of each kind is decided in ONE place
 * (`STATUS_OF_KIND` in problem.filter.ts); libraries name kinds, never statuses.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  /** A unique record already exists (a unique constraint, checked or violated). */
  | 'duplicate'
  /** The record's state does not allow the change. */
  | 'conflict'
  /** Well-formed, but the records it names cannot go together (e.g. a service of another provider). */
  | 'unprocessable'
  | 'precondition_failed'
  /** A conditional request was required (If-Match on a versioned resource) and not sent. */
  | 'precondition_required';

/** A library's error codes and their kinds: `{ SERVICE_NOT_FOUND: 'not_found', ... } as const satisfies ErrorCodes`. */
export type ErrorCodes = Readonly<Record<string, ErrorKind>>;

/**
 * A domain error with a stable machine-readable `code` of type `C`. The global filter renders it as
 * an RFC 9457 problem. Each library subclasses it in its `<lib>.errors.ts` with its typed codes, so
 * callers recognise an error by class and code, never by matching strings.
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: C,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/**
 * The error class of a library's code list: `export class CatalogError extends errorClass(CATALOG_ERRORS) {}`
 * — constructed with a code of that list only, its kind looked up in the list.
 */
export function errorClass<const T extends ErrorCodes>(codes: T) {
  return class extends DomainError<keyof T & string> {
    constructor(code: keyof T & string, message: string, errors: FieldError[] = []) {
      super(codes[code], code, message, errors);
    }
  };
}

/** Codes shared by every library (request shape, paging, conditional writes, credentials). */
export const SHARED_ERRORS = {
  VALIDATION_FAILED: 'invalid',
  INVALID_ID: 'invalid',
  INVALID_CURSOR: 'invalid',
  UNAUTHENTICATED: 'unauthenticated',
  FORBIDDEN_ROLE: 'forbidden',
  PRECONDITION_FAILED: 'precondition_failed',
  PRECONDITION_REQUIRED: 'precondition_required',
} as const satisfies ErrorCodes;

export type SharedErrorCode = keyof typeof SHARED_ERRORS;

export class SharedError extends errorClass(SHARED_ERRORS) {}

/** A 400 VALIDATION_FAILED for rules the DTO decorators cannot express. */
export const validationFailed = (message: string, errors: FieldError[] = []) => new SharedError('VALIDATION_FAILED', message, errors);

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
