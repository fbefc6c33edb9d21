import { errorClass, type ErrorCodes } from '@app/shared';

export const MUNICIPALITIES_ERRORS = {
  MUNICIPALITY_NOT_FOUND: 'not_found',
  INVALID_MUNICIPALITY_CODE: 'invalid',
  NOT_A_LOCAL_GOVERNMENT: 'invalid',
  FORBIDDEN_MUNICIPALITY: 'forbidden',
} as const satisfies ErrorCodes;

export type MunicipalitiesErrorCode = keyof typeof MUNICIPALITIES_ERRORS;

export class MunicipalitiesError extends errorClass(MUNICIPALITIES_ERRORS) {}

export const municipalityNotFound = (code: string) =>
  new MunicipalitiesError('MUNICIPALITY_NOT_FOUND', `Local government ${code} does not exist`);
export const invalidMunicipalityCode = (code: string) =>
  new MunicipalitiesError('INVALID_MUNICIPALITY_CODE', `${code} is not a valid local government code (6 digits with a check digit)`, [
    { pointer: '/code', detail: 'must be 6 digits whose last is the check digit' },
  ]);
export const forbiddenMunicipality = (message: string) => new MunicipalitiesError('FORBIDDEN_MUNICIPALITY', message);
/** A designated-city ward has a code but is not a local government: name its city instead. */
export const notALocalGovernment = (code: string, name: string, parentCode: string | null, pointer: string) =>
  new MunicipalitiesError(
    'NOT_A_LOCAL_GOVERNMENT',
    `${code} (${name}) is a ward of the designated city ${parentCode}, not a local government: use ${parentCode}`,
    [{ pointer, detail: `a designated-city ward; its city is ${parentCode}` }],
  );
