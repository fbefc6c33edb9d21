import { Client } from 'pg';
import type { AppConfig } from '../config/config.schema';
import { startEmbeddedPostgres } from './embedded-postgres';
import { withDatabase } from './database-options';

export interface ResolvedDatabase {
  url: string;
  stop: () => Promise<void>;
}

const EMBEDDED_DATABASE = 'registry';

/**
 * `DATABASE_URL` set: that server. Unset: an embedded PostgreSQL under `EMBEDDED_PG_DATA_DIR`,
 * with the `registry` database created on first use.
 */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: () => Promise.resolve() };
  const embedded = await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DATA_DIR, port: config.EMBEDDED_PG_PORT, log });
  await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
  return { url: withDatabase(embedded.url, EMBEDDED_DATABASE), stop: embedded.stop };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
