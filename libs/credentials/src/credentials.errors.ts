import { type ErrorCodes, errorClass } from '@app/shared';

export const CREDENTIALS_ERRORS = {
  API_KEY_NOT_FOUND: 'not_found',
  INVALID_MUNICIPALITY_CODE: 'invalid',
  CREDENTIAL_EXPIRED: 'unauthenticated',
  BOOTSTRAP_KEY_DISABLED: 'unauthenticated',
  LAST_ADMIN_CREDENTIAL: 'conflict',
} as const satisfies ErrorCodes;

export class CredentialsError extends errorClass(CREDENTIALS_ERRORS) {}
