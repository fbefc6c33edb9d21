import { declareUniqueConstraints, DomainError, type ErrorCodes, type FieldError } from '@app/shared';

export const LIFECYCLE_ERRORS = {
  USAGE_NOT_FOUND: 'not_found',
  USAGE_EXISTS: 'duplicate',
} as const satisfies ErrorCodes;

export type LifecycleErrorCode = keyof typeof LIFECYCLE_ERRORS;

export class LifecycleError extends DomainError<LifecycleErrorCode> {
  constructor(code: LifecycleErrorCode, message: string, errors: FieldError[] = []) {
    super(LIFECYCLE_ERRORS[code], code, message, errors);
  }
}

export const usageNotFound = (id: string) => new LifecycleError('USAGE_NOT_FOUND', `Usage ${id} does not exist`);
export const usageExists = (code?: string, profile?: string) =>
  new LifecycleError(
    'USAGE_EXISTS',
    code && profile ? `${code} already records a usage of this service under ${profile}` : 'the usage is already recorded',
  );

declareUniqueConstraints({ UQ_service_usages_municipality_service_profile: () => usageExists() });
