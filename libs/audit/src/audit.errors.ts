import { errorClass, type ErrorCodes } from '@app/shared';

export const AUDIT_ERRORS = {
  SIGNING_KEY_CONFIGURED: 'conflict',
} as const satisfies ErrorCodes;

export type AuditErrorCode = keyof typeof AUDIT_ERRORS;

export class AuditError extends errorClass(AUDIT_ERRORS) {}

export const signingKeyConfigured = () =>
  new AuditError('SIGNING_KEY_CONFIGURED', 'The signing key comes from AUDIT_SIGNING_KEY: rotate it by configuring another key');
