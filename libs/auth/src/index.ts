export { AuthModule } from './auth.module';
export { Roles, CurrentActor, OptionalAuth, MaybeActor } from './roles.decorator';
export { ApiCredentialEntity } from './entities/api-credential.entity';
export { ApiKeysService } from './api-keys.service';
export { CreateApiKeyDto } from './dto/create-api-key.dto';
