import { type DynamicModule, Module } from '@nestjs/common';
import { SweepSchedulerModule } from '@app/lifecycle';
import { WebhookDeliveryModule } from '@app/notifications';
import { type AppConfig, AppConfigModule, ClockModule, databaseModule } from '@app/shared';
import { ENTITIES, MIGRATIONS } from '../../../migrations/registry';

/**
 * The worker process's composition root: the database (migrated on connect), the scheduled expiry
 * sweep and webhook delivery, and what they need; no HTTP.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        ClockModule.forRoot(),
        databaseModule(config, { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true }),
        SweepSchedulerModule,
        WebhookDeliveryModule,
      ],
    };
  }
}
