import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { CatalogModule } from '@app/catalog';
import { MunicipalitiesModule } from '@app/municipalities';
import { SchemesModule } from '@app/schemes';
import { type AppConfig, AppConfigModule, Clock, databaseOptions, SystemClock } from '@app/shared';
import { ENTITIES, MIGRATIONS } from '../../../migrations/registry';
import { HealthController } from './health/health.controller';

export interface AppModuleOptions {
  config: AppConfig;
  /** false: build the app without connecting (OpenAPI export). */
  connect?: boolean;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, connect = true, clock = new SystemClock() }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        AppConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...databaseOptions(config.DATABASE_URL ?? 'postgres://unset/none', ENTITIES, MIGRATIONS, {
            poolSize: config.DATABASE_POOL_SIZE,
            migrationsRun: connect,
          }),
          manualInitialization: !connect,
        }),
        TerminusModule,
        AuthModule,
        CatalogModule,
        SchemesModule,
        MunicipalitiesModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: Clock, useValue: clock }],
      exports: [Clock],
    };
  }
}
