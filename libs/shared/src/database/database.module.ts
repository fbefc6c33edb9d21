import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions, Logger } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { databaseOptions } from './database-options';

export interface DatabaseModuleOptions {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  /** Apply pending migrations on connect (the API and the worker do; the CLI has `migrate`). */
  migrationsRun?: boolean;
  /** A TypeORM logger that sees every query (tests count queries with it). */
  queryLogger?: Logger;
}

/**
 * The TypeORM connection of a process that connects (API, worker, CLI commands), to
 * `config.DATABASE_URL` as resolved by the process's entry point (its own server, or the embedded
 * one it started). The options are built when the connection is made, so a module built in Nest's
 * preview mode (the OpenAPI export: nothing instantiated) needs no database at all.
 */
export function databaseModule(config: AppConfig, options: DatabaseModuleOptions): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: () => {
      if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not resolved: the entry point resolves it (resolveDatabase) first');
      return databaseOptions(config.DATABASE_URL, options.entities, options.migrations, {
        poolSize: config.DATABASE_POOL_SIZE,
        statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
        connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
        migrationsRun: options.migrationsRun,
        logger: options.queryLogger,
      });
    },
  });
}
