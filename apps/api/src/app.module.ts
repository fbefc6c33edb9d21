import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'typeorm';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { CredentialsModule } from '@app/credentials';
import { CatalogModule } from '@app/catalog';
import { CriteriaModule } from '@app/criteria';
import { EligibilityModule } from '@app/eligibility';
import { LifecycleModule } from '@app/lifecycle';
import { MunicipalitiesModule } from '@app/municipalities';
import { NotificationsModule } from '@app/notifications';
import { SchemesModule } from '@app/schemes';
import { type AppConfig, AppConfigModule, Clock, databaseOptions, SystemClock } from '@app/shared';
import { ENTITIES, MIGRATIONS } from '../../../migrations/registry';
import { HealthController } from './health/health.controller';

export interface AppModuleOptions {
  config: AppConfig;
  /** false: build the app without connecting (OpenAPI export). */
  connect?: boolean;
  clock?: Clock;
  /** A TypeORM logger that sees every query (tests count queries with it). */
  queryLogger?: Logger;
}

@Module({})
export class AppModule {
  static forRoot({ config, connect = true, clock = new SystemClock(), queryLogger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        AppConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...databaseOptions(config.DATABASE_URL ?? 'postgres://unset/none', ENTITIES, MIGRATIONS, {
            poolSize: config.DATABASE_POOL_SIZE,
            migrationsRun: connect,
            logger: queryLogger,
          }),
          manualInitialization: !connect,
        }),
        TerminusModule,
        CredentialsModule,
        CatalogModule,
        SchemesModule,
        MunicipalitiesModule,
        CriteriaModule,
        AssessmentsModule,
        EligibilityModule,
        LifecycleModule,
        NotificationsModule,
        AuditModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: Clock, useValue: clock }],
      exports: [Clock],
    };
  }
}
