import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Actor, Role } from '../actor';
import { ApiProblems } from '../problem.dto';

export const ROLES_KEY = 'registry:roles';

/**
 * The route needs a bearer credential with one of these roles (401 without one, 403 otherwise); the
 * contract lists them as `x-roles` (the reliability suite's authorization matrix reads it).
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiExtension('x-roles', roles), ApiProblems(401, 403));

export const OPTIONAL_AUTH_KEY = 'registry:optional-auth';

/** Marks an operation whose credential is optional; the OpenAPI post-processor turns it into `security: [{}, {bearer: []}]`. */
export const OPTIONAL_AUTH_EXTENSION = 'x-registry-optional-auth';

/**
 * The route is public, but a bearer credential, when sent, is checked (401 if unknown) and available.
 * With `onlyWithQuery`, only requests carrying that query parameter use the credential (others are
 * public answers that ignore it, as every other public read does, and may be served from the cache).
 */
export const OptionalAuth = (onlyWithQuery?: string) =>
  applyDecorators(
    SetMetadata(OPTIONAL_AUTH_KEY, onlyWithQuery ?? true),
    ApiBearerAuth(),
    ApiExtension(OPTIONAL_AUTH_EXTENSION, true),
    ApiProblems(401),
  );

/** The actor of a route marked {@link OptionalAuth}, or null for an anonymous request. */
export const MaybeActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | null => {
  return ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor ?? null;
});

/** The authenticated actor of a route guarded by {@link Roles}. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without @Roles');
  return actor;
});
