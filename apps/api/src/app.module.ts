import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'typeorm';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { CredentialsModule } from '@app/credentials';
import { CatalogModule } from '@app/catalog';
import { CriteriaModule } from '@app/criteria';
import { EligibilityModule } from '@app/eligibility';
import { LifecycleModule, SweepSchedulerModule } from '@app/lifecycle';
import { ImportsModule } from '@app/imports';
import { MirrorModule } from '@app/mirror';
import { MunicipalitiesModule } from '@app/municipalities';
import { NotificationsModule, WebhookDeliveryModule } from '@app/notifications';
import { SchemesModule } from '@app/schemes';
import { type AppConfig, AppConfigModule, type Clock, ClockModule, databaseModule, IdempotencyModule, MetricsModule } from '@app/shared';
import { ENTITIES, MIGRATIONS } from '../../../migrations/registry';
import { HealthController } from './health/health.controller';

export interface AppModuleOptions {
  /** `DATABASE_URL` is the database to use, resolved by the caller (main.ts starts the embedded one when unset). */
  config: AppConfig;
  clock?: Clock;
  /** A TypeORM logger that sees every query (tests count queries with it). */
  queryLogger?: Logger;
}

/**
 * The API process's composition root: the HTTP-facing library modules, the database (migrated on
 * connect) and, when `RUN_WORKER_IN_PROCESS` (the default for `npm start`), the worker's modules
 * too (the scheduled sweep and webhook delivery), chosen here once rather than by guards in providers.
 */
@Module({})
export class AppModule {
  static forRoot({ config, clock, queryLogger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ClockModule.forRoot(clock),
        MetricsModule,
        databaseModule(config, { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true, queryLogger }),
        TerminusModule,
        IdempotencyModule,
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
        MirrorModule,
        ImportsModule,
        // a mirror runs no worker: sweeps and deliveries belong to the origin
        ...(config.RUN_WORKER_IN_PROCESS && !config.MIRROR_FROM ? [SweepSchedulerModule, WebhookDeliveryModule] : []),
      ],
      controllers: [HealthController],
    };
  }
}
