import { badRequest, conflict, notFound } from '@app/shared';

export const providerNotFound = (id: string) => notFound('PROVIDER_NOT_FOUND', 'Provider', id);
export const serviceNotFound = (id: string) => notFound('SERVICE_NOT_FOUND', 'Service', id);
export const endpointNotFound = (id: string) => notFound('ENDPOINT_NOT_FOUND', 'Endpoint', id);
export const invalidCorporateNumber = () =>
  badRequest('INVALID_CORPORATE_NUMBER', 'corporateNumber has a wrong check digit', [
    { pointer: '/corporateNumber', detail: 'check digit does not match' },
  ]);
export const unknownCategory = (category: string, pointer = '/category') =>
  badRequest('UNKNOWN_CATEGORY', `category ${category} is not one of the registry's categories`, [
    { pointer, detail: 'unknown category (see GET /v1/categories)' },
  ]);
export const invalidEndpoint = (reason: string) =>
  badRequest('INVALID_ENDPOINT', `value is not a valid destination: ${reason}`, [{ pointer: '/value', detail: reason }]);
export const duplicateEndpoint = (value: string) =>
  badRequest('DUPLICATE_ENDPOINT', `the service already declares ${value}`, [{ pointer: '/value', detail: 'already declared' }]);
export const duplicateCorporateNumber = () =>
  badRequest('DUPLICATE_CORPORATE_NUMBER', 'another provider has this corporate number', [
    { pointer: '/corporateNumber', detail: 'already used by another provider' },
  ]);
export const endpointAlreadyEnded = (id: string, endedOn: string) =>
  conflict('ENDPOINT_ALREADY_ENDED', `destination ${id} was already ended on ${endedOn}`);
export const endBeforeStart = (effectiveFrom: string) =>
  badRequest('END_BEFORE_START', `a destination cannot end before it took effect (${effectiveFrom})`, [
    { pointer: '/effectiveOn', detail: `must be on or after ${effectiveFrom}` },
  ]);
export const retirementInEffect = (id: string, retiredOn: string) =>
  conflict('RETIREMENT_IN_EFFECT', `service ${id} is retired since ${retiredOn}; a retirement in effect is history and cannot be undone`);
