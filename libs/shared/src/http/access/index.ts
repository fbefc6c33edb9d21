export { Roles, OptionalAuth, CurrentActor, MaybeActor, ROLES_KEY, OPTIONAL_AUTH_KEY, OPTIONAL_AUTH_EXTENSION } from './roles.decorator';
export { AuthGuard, bearerSecret } from './auth.guard';
export { CredentialVerifier } from './credential-verifier';
