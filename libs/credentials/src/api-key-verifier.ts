import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { type Actor, APP_CONFIG, type AppConfig, BOOTSTRAP_ADMIN_ID, CredentialVerifier } from '@app/shared';
import { CredentialsRepository } from './credentials.repository';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** API keys: the bootstrap administrator (`ADMIN_API_KEY`), else an active stored credential, by SHA-256. */
@Injectable()
export class ApiKeyVerifier extends CredentialVerifier {
  private readonly bootstrapHash: Buffer | null;

  constructor(
    private readonly credentials: CredentialsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.bootstrapHash = config.ADMIN_API_KEY ? Buffer.from(hashKey(config.ADMIN_API_KEY), 'hex') : null;
  }

  async verify(secret: string): Promise<Actor | null> {
    const hash = hashKey(secret);
    if (this.bootstrapHash && timingSafeEqual(this.bootstrapHash, Buffer.from(hash, 'hex'))) {
      return { credentialId: BOOTSTRAP_ADMIN_ID, role: 'admin', organization: null, municipalityCode: null };
    }
    const credential = await this.credentials.findActiveByHash(hash);
    if (!credential) return null;
    return {
      credentialId: credential.id,
      role: credential.role,
      organization: credential.organization,
      municipalityCode: credential.municipalityCode,
    };
  }
}
