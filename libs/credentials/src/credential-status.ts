/** Whether a credential works at an instant: `revoked` wins over `expired`. */
export const CREDENTIAL_STATUSES = ['active', 'expired', 'revoked'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

/**
 * A credential is expired from its `expiresAt` instant on (the instant itself is outside its
 * life), revoked from `revokedAt` on; a revocation recorded ahead of time cannot happen (revoke
 * is immediate), so a set `revokedAt` always means revoked.
 */
export function credentialStatus(c: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): CredentialStatus {
  if (c.revokedAt !== null) return 'revoked';
  if (c.expiresAt !== null && now.getTime() >= c.expiresAt.getTime()) return 'expired';
  return 'active';
}

const DATE_TIME_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** The instant of an RFC 3339 date-time with offset (years 0001–9999, a real calendar day), or null. */
export function parseDateTime(text: string): Date | null {
  const m = DATE_TIME_PARTS.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s, oh, om] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  const day = new Date(Date.UTC(2000, mo - 1, d));
  day.setUTCFullYear(y);
  if (y < 1 || mo < 1 || mo > 12 || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}
