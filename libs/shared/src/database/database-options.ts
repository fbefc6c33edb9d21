import type { DataSourceOptions, Logger } from 'typeorm';

/**
 * The TypeORM options every entry point uses (API, worker, CLI, tests, the TypeORM CLI):
 * same driver, same explicit entity and migration lists, never `synchronize`.
 */
export function databaseOptions(
  url: string,
  entities: NonNullable<DataSourceOptions['entities']>,
  migrations: NonNullable<DataSourceOptions['migrations']>,
  extra: { poolSize?: number; migrationsRun?: boolean; applicationName?: string; logger?: Logger } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: extra.migrationsRun ?? false,
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: extra.logger ? ['query'] : false,
    ...(extra.logger ? { logger: extra.logger } : {}),
    applicationName: extra.applicationName ?? 'lgwan-registry',
    extra: { max: extra.poolSize ?? 10 },
  };
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
