import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.__REGISTRY_PG__;
  if (embedded) {
    await embedded.stop(); // stops the throw-away server and removes its folder
    return;
  }
  // a shared server: drop this run's databases
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${process.env.REGISTRY_TEST_RUN}%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
