import { declareUniqueConstraints, errorClass, type ErrorCodes } from '@app/shared';

export const LIFECYCLE_ERRORS = {
  USAGE_NOT_FOUND: 'not_found',
  USAGE_EXISTS: 'duplicate',
} as const satisfies ErrorCodes;

export type LifecycleErrorCode = keyof typeof LIFECYCLE_ERRORS;

export class LifecycleError extends errorClass(LIFECYCLE_ERRORS) {}

export const usageNotFound = (id: string) => new LifecycleError('USAGE_NOT_FOUND', `Usage ${id} does not exist`);
export const usageExists = (code?: string, profile?: string) =>
  new LifecycleError(
    'USAGE_EXISTS',
    code && profile ? `${code} already records a usage of this service under ${profile}` : 'the usage is already recorded',
  );

declareUniqueConstraints({ UQ_service_usages_municipality_service_profile: () => usageExists() });
