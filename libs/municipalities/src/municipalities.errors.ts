import { DomainError, type ErrorCodes, type FieldError } from '@app/shared';

export const MUNICIPALITIES_ERRORS = {
  MUNICIPALITY_NOT_FOUND: 'not_found',
  INVALID_MUNICIPALITY_CODE: 'invalid',
  FORBIDDEN_MUNICIPALITY: 'forbidden',
} as const satisfies ErrorCodes;

export type MunicipalitiesErrorCode = keyof typeof MUNICIPALITIES_ERRORS;

export class MunicipalitiesError extends DomainError<MunicipalitiesErrorCode> {
  constructor(code: MunicipalitiesErrorCode, message: string, errors: FieldError[] = []) {
    super(MUNICIPALITIES_ERRORS[code], code, message, errors);
  }
}

export const municipalityNotFound = (code: string) =>
  new MunicipalitiesError('MUNICIPALITY_NOT_FOUND', `Local government ${code} does not exist`);
export const invalidMunicipalityCode = (code: string) =>
  new MunicipalitiesError('INVALID_MUNICIPALITY_CODE', `${code} is not a valid local government code (6 digits with a check digit)`, [
    { pointer: '/code', detail: 'must be 6 digits whose last is the check digit' },
  ]);
export const forbiddenMunicipality = (message: string) => new MunicipalitiesError('FORBIDDEN_MUNICIPALITY', message);
