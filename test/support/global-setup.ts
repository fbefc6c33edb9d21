// Starts the PostgreSQL the e2e suite runs against: the server named by TEST_DATABASE_URL, or else
// a throw-away embedded one (the app's own helper, with durability off).
// Each test file then gets its own database, cloned from a migrated template (test/support/app.ts).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
// Jest loads a global setup outside its module mapper (no @app/* aliases here): the helper's own file.
// eslint-disable-next-line no-restricted-imports
import { type EmbeddedDatabase, FAST_SETTINGS, startEmbeddedPostgres } from '../../libs/shared/src/database/embedded-postgres';

declare global {
  var __REGISTRY_PG__: EmbeddedDatabase | undefined;
}

export default async function globalSetup(): Promise<void> {
  process.env.REGISTRY_TEST_RUN = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  if (process.env.TEST_DATABASE_URL) return;
  const pg = await startEmbeddedPostgres({
    dataDir: join(process.cwd(), '.data', `test-pg-${process.pid}`),
    port: 0,
    ephemeral: true,
    settings: { ...FAST_SETTINGS, max_connections: 300 },
  });
  globalThis.__REGISTRY_PG__ = pg;
  process.env.TEST_DATABASE_URL = pg.url;
}
