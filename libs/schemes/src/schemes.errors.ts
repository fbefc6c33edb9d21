import { declareUniqueConstraints, errorClass, type ErrorCodes } from '@app/shared';

export const SCHEMES_ERRORS = {
  REGISTRATION_NOT_FOUND: 'not_found',
  UNKNOWN_SCHEME: 'invalid',
  VALIDITY_INPUT_MISSING: 'invalid',
  EMPTY_UPDATE: 'invalid',
  DUPLICATE_REGISTRATION: 'duplicate',
  COVERAGE_NOT_FOUND: 'not_found',
  COVERAGE_OVERLAP: 'conflict',
  COVERAGE_OTHER_PROVIDER: 'unprocessable',
} as const satisfies ErrorCodes;

export type SchemesErrorCode = keyof typeof SCHEMES_ERRORS;

export class SchemesError extends errorClass(SCHEMES_ERRORS) {}

export const registrationNotFound = (id: string) => new SchemesError('REGISTRATION_NOT_FOUND', `Registration ${id} does not exist`);
export const unknownScheme = (scheme: string) =>
  new SchemesError('UNKNOWN_SCHEME', `scheme ${scheme} is not one of the registry's schemes`, [
    { pointer: '/scheme', detail: 'unknown scheme (see GET /v1/schemes)' },
  ]);
export const missingValidityInputs = (scheme: string, fields: string[]) =>
  new SchemesError(
    'VALIDITY_INPUT_MISSING',
    `a ${scheme} registration needs ${fields.join(' and ')} (or an explicit validUntil) to know its validity`,
    fields.map((f) => ({ pointer: `/${f}`, detail: `required by the ${scheme} validity rule` })),
  );
export const duplicateRegistration = (scheme?: string, number?: string) =>
  new SchemesError(
    'DUPLICATE_REGISTRATION',
    scheme && number ? `${scheme} registration ${number} is already recorded` : 'the registration is already recorded',
    [{ pointer: '/registrationNumber', detail: 'already recorded for this scheme' }],
  );
export const coverageNotFound = (registrationId: string, serviceId: string) =>
  new SchemesError('COVERAGE_NOT_FOUND', `Registration ${registrationId} does not cover service ${serviceId} now`);
export const coverageOverlap = (serviceId: string, detail: string) =>
  new SchemesError('COVERAGE_OVERLAP', `service ${serviceId} is already covered on an overlapping period: ${detail}`, [
    { pointer: '/serviceId', detail },
  ]);
export const coverageOtherProvider = (serviceId: string) =>
  new SchemesError(
    'COVERAGE_OTHER_PROVIDER',
    `service ${serviceId} belongs to another provider: a registration covers its own provider's services only`,
    [{ pointer: '/serviceId', detail: 'a service of another provider' }],
  );
export const emptyUpdate = () => new SchemesError('EMPTY_UPDATE', 'the request changes nothing');

declareUniqueConstraints({
  UQ_scheme_registrations_scheme_number: () => duplicateRegistration(),
  UQ_registration_coverage_open: () => new SchemesError('COVERAGE_OVERLAP', 'the service is already covered'),
});
