import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@app/assessments';
import { LedgerModule } from '@app/ledger';
import { MunicipalitiesModule } from '@app/municipalities';
import { AuthGuard, CredentialVerifier } from '@app/shared';
import { ApiKeyVerifier } from './api-key-verifier';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { CredentialsRepository } from './credentials.repository';
import { ApiCredentialEntity } from './entities/api-credential.entity';
import { BootstrapAdminEntity } from './entities/bootstrap-admin.entity';

/** API keys, and the global guard checking them (the guard itself lives in @app/shared). */
@Module({
  imports: [TypeOrmModule.forFeature([ApiCredentialEntity, BootstrapAdminEntity]), LedgerModule, MunicipalitiesModule, AssessmentsModule],
  controllers: [ApiKeysController],
  providers: [
    CredentialsRepository,
    ApiKeysService,
    { provide: CredentialVerifier, useClass: ApiKeyVerifier },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [CredentialVerifier],
})
export class CredentialsModule {}
