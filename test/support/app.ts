import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from 'typeorm';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { type AppConfig, Clock, loadConfig, withDatabase } from '@app/shared';
import { createApp } from '../../apps/api/src/create-app';

/** The API's entry point, for tests that boot a second app (e.g. a worker replica) on a test database. */
export { createApp };

export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdefghijkl';

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  config: AppConfig;
  databaseUrl: string;
  /** `Authorization` header of the bootstrap administrator. */
  admin: { Authorization: string };
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

const adminUrl = () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the e2e suite through jest (global setup)');
  return url;
};
const run = () => process.env.REGISTRY_TEST_RUN ?? 'tlocal';

async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function testConfig(databaseUrl: string, overrides: Partial<AppConfig>): AppConfig {
  return {
    ...loadConfig({
      NODE_ENV: 'test',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '1000000',
      WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
      RUN_WORKER_IN_PROCESS: 'false',
      DATABASE_POOL_SIZE: '4',
    }),
    DATABASE_URL: databaseUrl,
    ...overrides,
  };
}

/** The migrated and seeded template every test database is cloned from; built once per run. */
async function ensureTemplate(): Promise<string> {
  const template = `${run()}_template`;
  await withAdmin(async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (rowCount) return;
      await c.query(`CREATE DATABASE "${template}"`);
      // booting the app once runs the migrations and the seeds, exactly as production does
      const app = await createApp({ config: testConfig(withDatabase(adminUrl(), template), {}) });
      await app.init();
      await app.close();
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
  return template;
}

/** An app on a fresh database of its own (cloned from the template), for one test file. */
export async function createTestApp(options: { clock?: Clock; config?: Partial<AppConfig>; queryLogger?: Logger } = {}): Promise<TestApp> {
  const template = await ensureTemplate();
  const name = `${run()}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const databaseUrl = withDatabase(adminUrl(), name);
  const config = testConfig(databaseUrl, options.config ?? {});
  const app = await createApp({ config, clock: options.clock, queryLogger: options.queryLogger });
  await app.init();
  const sqlClient = new Client({ connectionString: databaseUrl });
  await sqlClient.connect();
  return {
    app,
    http: request(app.getHttpServer()),
    config,
    databaseUrl,
    admin: { Authorization: `Bearer ${ADMIN_KEY}` },
    sql: async <T>(text: string, params: unknown[] = []) => (await sqlClient.query(text, params)).rows as T[],
    close: async () => {
      await sqlClient.end();
      await app.close();
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Counts the SQL statements the app sends (transaction control excluded). */
export class QueryCounter implements Logger {
  queries: string[] = [];
  logQuery(query: string): void {
    if (!/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(query)) this.queries.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
  /** Runs `fn` and returns how many statements it caused. */
  async count(fn: () => Promise<unknown>): Promise<number> {
    const before = this.queries.length;
    await fn();
    return this.queries.length - before;
  }
}

/** A clock the test sets. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return this.current;
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}
