import pg from 'pg';
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const embedded = globalThis.__REGISTRY_PG__;
  if (embedded) {
    await embedded.pg.stop();
    rmSync(embedded.dir, { recursive: true, force: true });
    return;
  }
  // a shared server: drop this run's databases
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${process.env.REGISTRY_TEST_RUN}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
