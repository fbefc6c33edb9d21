import type { DomainError } from './problem';

/** PostgreSQL's SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505';

const byConstraint = new Map<string, () => DomainError>();

/**
 * Declares the duplicate error each named unique constraint stands for. Libraries call it from
 * their `<lib>.errors.ts`, so a race past a "does it exist?" check still answers the same 409.
 */
export function declareUniqueConstraints(map: Record<string, () => DomainError>): void {
  for (const [constraint, toError] of Object.entries(map)) byConstraint.set(constraint, toError);
}

const driverError = (err: unknown) => (err as { driverError?: { code?: unknown; constraint?: unknown } } | null)?.driverError;

/** Whether the error is PostgreSQL's unique violation (TypeORM's QueryFailedError wraps the driver's error). */
export const isUniqueViolation = (err: unknown): boolean => driverError(err)?.code === UNIQUE_VIOLATION;

/** The domain error declared for the violated unique constraint, if any. */
export function fromUniqueViolation(err: unknown): DomainError | null {
  const constraint = driverError(err)?.constraint;
  if (!isUniqueViolation(err) || typeof constraint !== 'string') return null;
  return byConstraint.get(constraint)?.() ?? null;
}
