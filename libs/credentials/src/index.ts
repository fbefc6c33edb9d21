export { CredentialsModule } from './credentials.module';
export { ApiCredentialEntity } from './entities/api-credential.entity';
export { ApiKeysService } from './api-keys.service';
export { CreateApiKeyDto } from './dto/create-api-key.dto';
export { BootstrapAdminEntity } from './entities/bootstrap-admin.entity';
