import { type DynamicModule, Module } from '@nestjs/common';
import { CredentialsModule } from '@app/credentials';
import { type AppConfig, AppConfigModule, ClockModule, databaseModule } from '@app/shared';
import { ENTITIES, MIGRATIONS } from '../../../migrations/registry';

/** What `api-key:create` needs: the database (migrated, as the API would) and the credentials library. */
@Module({})
export class ApiKeyCommandModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiKeyCommandModule,
      imports: [
        AppConfigModule.forRoot(config),
        ClockModule.forRoot(),
        databaseModule(config, { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true }),
        CredentialsModule,
      ],
    };
  }
}
