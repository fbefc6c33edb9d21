import { declareUniqueConstraints, errorClass, type ErrorCodes, type FieldError } from '@app/shared';

export const CRITERIA_ERRORS = {
  PROFILE_NOT_FOUND: 'not_found',
  EDITION_NOT_FOUND: 'not_found',
  NO_EDITION_IN_EFFECT: 'not_found',
  INVALID_PROFILE: 'invalid',
  EDITION_EXISTS: 'duplicate',
} as const satisfies ErrorCodes;

export type CriteriaErrorCode = keyof typeof CRITERIA_ERRORS;

export class CriteriaError extends errorClass(CRITERIA_ERRORS) {}

export const profileNotFound = (key: string) => new CriteriaError('PROFILE_NOT_FOUND', `Profile ${key} does not exist`);
export const editionNotFound = (key: string, edition: string) =>
  new CriteriaError('EDITION_NOT_FOUND', `Edition of profile ${key} ${edition} does not exist`);
export const noEditionInEffect = (key: string, asOf: string) =>
  new CriteriaError('NO_EDITION_IN_EFFECT', `Edition of profile ${key} in effect on ${asOf} does not exist`);
export const invalidProfile = (message: string, errors: FieldError[]) => new CriteriaError('INVALID_PROFILE', message, errors);
export const editionExists = (key?: string, edition?: string) =>
  new CriteriaError(
    'EDITION_EXISTS',
    key && edition ? `${key} ${edition} already exists; editions never change, publish a new one` : 'the edition already exists',
  );

/** Whether the error says the profile has no edition in effect on the date asked. */
export const isNoEditionInEffect = (err: unknown): boolean => err instanceof CriteriaError && err.code === 'NO_EDITION_IN_EFFECT';

declareUniqueConstraints({ UQ_profiles_key_edition: () => editionExists() });
