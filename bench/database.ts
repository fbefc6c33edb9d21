import { join } from 'node:path';
import { Client } from 'pg';
import { FAST_SETTINGS, startEmbeddedPostgres, withDatabase } from '@app/shared';

export interface BenchDatabase {
  /** URL of the fresh, empty database the app will migrate and seed. */
  url: string;
  /** Where it runs, for the report. */
  description: string;
  /** Drops the database (server) or stops the embedded server and removes its folder. */
  dispose(): Promise<void>;
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * `BENCH_DATABASE_URL` set: a new database `bench_<timestamp>` on that server, dropped at the end.
 * Unset: a throw-away embedded PostgreSQL (the app's helper) in `./.data/bench-<pid>` on a free port
 * with the test suite's fast settings (fsync off, asynchronous commit), removed at the end.
 */
export async function startBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) {
    const name = `bench_${Date.now()}`;
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    const host = new URL(serverUrl);
    return {
      url: withDatabase(serverUrl, name),
      description: `server ${host.hostname}:${host.port || 5432}, database ${name} (BENCH_DATABASE_URL)`,
      dispose: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    };
  }

  const pg = await startEmbeddedPostgres({
    dataDir: join(process.cwd(), '.data', `bench-${process.pid}`),
    port: 0,
    ephemeral: true,
    settings: { ...FAST_SETTINGS, max_connections: 100 },
    log: (line) => {
      // the server's own errors; not the connections it ends when it stops
      if (/ERROR|FATAL|PANIC/.test(line) && !/administrator command/.test(line)) log(`postgres: ${line}`);
    },
  });
  try {
    await withClient(pg.url, (c) => c.query('CREATE DATABASE bench'));
    return {
      url: withDatabase(pg.url, 'bench'),
      description: `embedded PostgreSQL 18 on 127.0.0.1:${pg.port} (fsync=off, synchronous_commit=off), removed at the end`,
      dispose: pg.stop,
    };
  } catch (err) {
    await pg.stop().catch(() => undefined);
    throw err;
  }
}
