import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Actor, Role } from '../actor';
import { SharedError } from '../problem';
import { CredentialVerifier } from './credential-verifier';
import { OPTIONAL_AUTH_KEY, ROLES_KEY } from './roles.decorator';

/** The secret of an `Authorization: Bearer <secret>` header, or null when the header is absent or malformed. */
export function bearerSecret(header: string | undefined): string | null {
  return /^Bearer ([\x21-\x7e]{16,256})$/.exec(header ?? '')?.[1] ?? null;
}

/**
 * Reads are public; a route marked with `@Roles` needs `Authorization: Bearer <key>`.
 * Missing or unknown credential → 401; known credential with another role → 403.
 * Register it as `APP_GUARD` in the module that provides {@link CredentialVerifier}.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: CredentialVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const optional = this.reflector.getAllAndOverride<boolean | string | undefined>(OPTIONAL_AUTH_KEY, targets);
    if (!roles && !optional) return true;
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    if (!roles && !req.headers.authorization) return true;
    if (!roles && typeof optional === 'string' && req.query[optional] === undefined) return true; // a public answer
    const secret = bearerSecret(req.headers.authorization);
    const actor = secret === null ? null : await this.verifier.verify(secret);
    if (!actor) {
      throw new SharedError('UNAUTHENTICATED', 'A valid bearer credential is required');
    }
    if (roles && !roles.includes(actor.role)) {
      throw new SharedError('FORBIDDEN_ROLE', `This action needs the role ${roles.join(' or ')}`);
    }
    req.actor = actor;
    return true;
  }
}
