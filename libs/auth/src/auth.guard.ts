import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { type Actor, APP_CONFIG, type AppConfig, BOOTSTRAP_ADMIN_ID, type Role, SharedError } from '@app/shared';
import { CredentialsRepository } from './credentials.repository';
import { OPTIONAL_AUTH_KEY, ROLES_KEY } from './roles.decorator';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Reads are public; a route marked with `@Roles` needs `Authorization: Bearer <key>`.
 * Missing or unknown credential → 401; known credential with another role → 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly bootstrapHash: Buffer | null;

  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.bootstrapHash = config.ADMIN_API_KEY ? Buffer.from(hashKey(config.ADMIN_API_KEY), 'hex') : null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const optional = this.reflector.getAllAndOverride<boolean | undefined>(OPTIONAL_AUTH_KEY, targets);
    if (!roles && !optional) return true;
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    if (!roles && !req.headers.authorization) return true;
    const actor = await this.authenticate(req.headers.authorization);
    if (!actor) {
      throw new SharedError('UNAUTHENTICATED', 'A valid bearer credential is required');
    }
    if (roles && !roles.includes(actor.role)) {
      throw new SharedError('FORBIDDEN_ROLE', `This action needs the role ${roles.join(' or ')}`);
    }
    req.actor = actor;
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Actor | null> {
    const match = /^Bearer ([\x21-\x7e]{16,256})$/.exec(header ?? '');
    if (!match) return null;
    const hash = hashKey(match[1]);
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
