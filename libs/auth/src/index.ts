export { AuthModule } from './auth.module';
export { Roles, CurrentActor } from './roles.decorator';
export { ApiCredentialEntity } from './entities/api-credential.entity';
