export { AuthModule } from './auth.module';
export { Roles, CurrentActor, OptionalAuth, MaybeActor } from './roles.decorator';
export { ApiCredentialEntity } from './entities/api-credential.entity';
