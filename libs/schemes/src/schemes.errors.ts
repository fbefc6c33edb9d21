import { badRequest, notFound } from '@app/shared';

export const registrationNotFound = (id: string) => notFound('REGISTRATION_NOT_FOUND', 'Registration', id);
export const unknownScheme = (scheme: string) =>
  badRequest('UNKNOWN_SCHEME', `scheme ${scheme} is not one of the registry's schemes`, [
    { pointer: '/scheme', detail: 'unknown scheme (see GET /v1/schemes)' },
  ]);
export const missingValidityInputs = (scheme: string, fields: string[]) =>
  badRequest(
    'VALIDITY_INPUT_MISSING',
    `a ${scheme} registration needs ${fields.join(' and ')} (or an explicit validUntil) to know its validity`,
    fields.map((f) => ({ pointer: `/${f}`, detail: `required by the ${scheme} validity rule` })),
  );
export const duplicateRegistration = (scheme: string, number: string) =>
  badRequest('DUPLICATE_REGISTRATION', `${scheme} registration ${number} is already recorded`, [
    { pointer: '/registrationNumber', detail: 'already recorded for this scheme' },
  ]);
export const emptyUpdate = () => badRequest('EMPTY_UPDATE', 'the request changes nothing');
