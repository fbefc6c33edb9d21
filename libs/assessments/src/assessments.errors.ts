import { errorClass, type ErrorCodes, type FieldError } from '@app/shared';

export const ASSESSMENTS_ERRORS = {
  ASSESSMENT_NOT_FOUND: 'not_found',
  FORBIDDEN_ORGANIZATION: 'forbidden',
  INVALID_FINDINGS: 'invalid',
  INVALID_SUPERSEDES: 'invalid',
  ASSESSMENT_ALREADY_REVOKED: 'conflict',
  AUDIT_ORGANIZATION_NOT_FOUND: 'not_found',
  AUDIT_ORGANIZATION_EXISTS: 'duplicate',
} as const satisfies ErrorCodes;

export type AssessmentsErrorCode = keyof typeof ASSESSMENTS_ERRORS;

export class AssessmentsError extends errorClass(ASSESSMENTS_ERRORS) {}

export const assessmentNotFound = (id: string) => new AssessmentsError('ASSESSMENT_NOT_FOUND', `Assessment ${id} does not exist`);
export const forbiddenOrganization = (message: string) => new AssessmentsError('FORBIDDEN_ORGANIZATION', message);
export const invalidFindings = (errors: FieldError[]) => new AssessmentsError('INVALID_FINDINGS', 'The assessment is not valid', errors);
export const invalidSupersedes = (id: string, problem: string) =>
  new AssessmentsError('INVALID_SUPERSEDES', `assessment ${id} ${problem}`, [{ pointer: '/supersedes', detail: problem }]);
export const alreadyRevoked = (id: string) => new AssessmentsError('ASSESSMENT_ALREADY_REVOKED', `assessment ${id} is already revoked`);
