import { type DynamicModule, Module } from '@nestjs/common';
import { ImportsModule } from '@app/imports';
import { type AppConfig, AppConfigModule, ClockModule, databaseModule } from '@app/shared';
import { ENTITIES, MIGRATIONS } from '../../../migrations/registry';

/** What `import` needs: the database (migrated, as the API would) and the imports library with its dependencies. */
@Module({})
export class ImportCommandModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ImportCommandModule,
      imports: [
        AppConfigModule.forRoot(config),
        ClockModule.forRoot(),
        databaseModule(config, { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true }),
        ImportsModule,
      ],
    };
  }
}
