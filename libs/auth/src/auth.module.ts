import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { CredentialsRepository } from './credentials.repository';
import { ApiCredentialEntity } from './entities/api-credential.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ApiCredentialEntity]), AuditModule],
  controllers: [ApiKeysController],
  providers: [CredentialsRepository, ApiKeysService, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
