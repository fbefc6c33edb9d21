import { declareUniqueConstraints, errorClass, type ErrorCodes } from '@app/shared';

export const CATALOG_ERRORS = {
  PROVIDER_NOT_FOUND: 'not_found',
  SERVICE_NOT_FOUND: 'not_found',
  ENDPOINT_NOT_FOUND: 'not_found',
  INVALID_CORPORATE_NUMBER: 'invalid',
  UNKNOWN_CATEGORY: 'invalid',
  INVALID_ENDPOINT: 'invalid',
  DUPLICATE_ENDPOINT: 'duplicate',
  DUPLICATE_CORPORATE_NUMBER: 'duplicate',
  ENDPOINT_ALREADY_ENDED: 'conflict',
  END_BEFORE_START: 'invalid',
  RETIREMENT_IN_EFFECT: 'conflict',
} as const satisfies ErrorCodes;

export type CatalogErrorCode = keyof typeof CATALOG_ERRORS;

export class CatalogError extends errorClass(CATALOG_ERRORS) {}

export const providerNotFound = (id: string) => new CatalogError('PROVIDER_NOT_FOUND', `Provider ${id} does not exist`);
export const serviceNotFound = (id: string) => new CatalogError('SERVICE_NOT_FOUND', `Service ${id} does not exist`);
export const endpointNotFound = (id: string) => new CatalogError('ENDPOINT_NOT_FOUND', `Endpoint ${id} does not exist`);
export const invalidCorporateNumber = () =>
  new CatalogError('INVALID_CORPORATE_NUMBER', 'corporateNumber has a wrong check digit', [
    { pointer: '/corporateNumber', detail: 'check digit does not match' },
  ]);
export const unknownCategory = (category: string, pointer = '/category') =>
  new CatalogError('UNKNOWN_CATEGORY', `category ${category} is not one of the registry's categories`, [
    { pointer, detail: 'unknown category (see GET /v1/categories)' },
  ]);
export const invalidEndpoint = (reason: string) =>
  new CatalogError('INVALID_ENDPOINT', `value is not a valid destination: ${reason}`, [{ pointer: '/value', detail: reason }]);
export const duplicateEndpoint = (value?: string) =>
  new CatalogError('DUPLICATE_ENDPOINT', `the service already declares ${value ?? 'this destination'}`, [
    { pointer: '/value', detail: 'already declared' },
  ]);
export const duplicateCorporateNumber = () =>
  new CatalogError('DUPLICATE_CORPORATE_NUMBER', 'another provider has this corporate number', [
    { pointer: '/corporateNumber', detail: 'already used by another provider' },
  ]);
export const endpointAlreadyEnded = (id: string, endedOn: string) =>
  new CatalogError('ENDPOINT_ALREADY_ENDED', `destination ${id} was already ended on ${endedOn}`);
export const endBeforeStart = (effectiveFrom: string) =>
  new CatalogError('END_BEFORE_START', `a destination cannot end before it took effect (${effectiveFrom})`, [
    { pointer: '/effectiveOn', detail: `must be on or after ${effectiveFrom}` },
  ]);
export const retirementInEffect = (id: string, retiredOn: string) =>
  new CatalogError(
    'RETIREMENT_IN_EFFECT',
    `service ${id} is retired since ${retiredOn}; a retirement in effect is history and cannot be undone`,
  );

declareUniqueConstraints({
  UQ_providers_corporate_number: duplicateCorporateNumber,
  UQ_endpoints_service_kind_value: () => duplicateEndpoint(),
});
