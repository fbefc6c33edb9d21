import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { type Actor, APP_CONFIG, type AppConfig, BOOTSTRAP_ADMIN_ID, Clock, CredentialVerifier } from '@app/shared';
import { credentialStatus } from './credential-status';
import { CredentialsError } from './credentials.errors';
import { CredentialsRepository } from './credentials.repository';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * API keys: the bootstrap administrator (`ADMIN_API_KEY`), else a stored credential, by SHA-256.
 * Unknown or revoked → null (401 UNAUTHENTICATED); expired → 401 CREDENTIAL_EXPIRED; the bootstrap
 * key once disabled (POST /v1/api-keys/bootstrap/disable) → 401 BOOTSTRAP_KEY_DISABLED.
 */
@Injectable()
export class ApiKeyVerifier extends CredentialVerifier {
  private readonly bootstrapHash: Buffer | null;

  constructor(
    private readonly credentials: CredentialsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.bootstrapHash = config.ADMIN_API_KEY ? Buffer.from(hashKey(config.ADMIN_API_KEY), 'hex') : null;
  }

  async verify(secret: string): Promise<Actor | null> {
    const hash = hashKey(secret);
    if (this.bootstrapHash && timingSafeEqual(this.bootstrapHash, Buffer.from(hash, 'hex'))) {
      // read per use, not cached: a disablement on any replica holds on the next request everywhere
      const disabled = await this.credentials.bootstrapDisabled();
      if (disabled) {
        throw new CredentialsError(
          'BOOTSTRAP_KEY_DISABLED',
          `The bootstrap key (ADMIN_API_KEY) was disabled at ${disabled.disabledAt.toISOString()}`,
        );
      }
      return { credentialId: BOOTSTRAP_ADMIN_ID, role: 'admin', organization: null, municipalityCode: null };
    }
    const credential = await this.credentials.findActiveByHash(hash);
    if (!credential) return null;
    if (credentialStatus(credential, this.clock.now()) === 'expired') {
      throw new CredentialsError('CREDENTIAL_EXPIRED', `This API key expired at ${credential.expiresAt!.toISOString()}`);
    }
    return {
      credentialId: credential.id,
      role: credential.role,
      organization: credential.organization,
      municipalityCode: credential.municipalityCode,
    };
  }
}
