import type { Actor } from '../actor';

/**
 * Who a bearer secret belongs to. The guard calls it; a domain library (libs/credentials) provides
 * it, so access control in libs/shared depends on no domain.
 */
export abstract class CredentialVerifier {
  /** The actor holding `secret`, or null when no active credential matches it. */
  abstract verify(secret: string): Promise<Actor | null>;
}
