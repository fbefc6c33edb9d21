import type { DataSourceOptions, Logger } from 'typeorm';

/**
 * The TypeORM options every entry point uses (API, worker, CLI, tests, the TypeORM CLI):
 * same driver, same explicit entity and migration lists, never `synchronize`.
 */
export function databaseOptions(
  url: string,
  entities: NonNullable<DataSourceOptions['entities']>,
  migrations: NonNullable<DataSourceOptions['migrations']>,
  extra: {
    poolSize?: number;
    migrationsRun?: boolean;
    applicationName?: string;
    logger?: Logger;
    /** Longest a statement may run (0: no limit); also caps idle-in-transaction sessions. */
    statementTimeoutMs?: number;
    /** Longest wait for a pooled connection before the request fails (503). */
    connectTimeoutMs?: number;
  } = {},
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
    extra: {
      max: extra.poolSize ?? 10,
      ...(extra.statementTimeoutMs
        ? { statement_timeout: extra.statementTimeoutMs, idle_in_transaction_session_timeout: extra.statementTimeoutMs }
        : {}),
      ...(extra.connectTimeoutMs ? { connectionTimeoutMillis: extra.connectTimeoutMs } : {}),
    },
  };
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
