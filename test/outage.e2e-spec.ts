// A database outage, for real: the API's own PostgreSQL is stopped under it and started again.
// While it is down the API answers 503 problems (never 500) and /health/ready says why; once it is
// back the API serves again within 5 s, and follows the revision again (LISTEN reconnected).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RevisionService } from '@app/ledger';
import { type EmbeddedDatabase, ensureDatabase, FAST_SETTINGS, loadConfig, startEmbeddedPostgres, withDatabase } from '@app/shared';
import { ADMIN_KEY, createApp } from './support/app';

const dataDir = join(process.cwd(), '.data', `outage-${process.pid}`);
const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
let db: EmbeddedDatabase;
let app: NestExpressApplication;

const start = (port: number) => startEmbeddedPostgres({ dataDir, port, settings: FAST_SETTINGS });

beforeAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  db = await start(0);
  await ensureDatabase(db.url, 'registry');
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'silent',
      RUN_WORKER_IN_PROCESS: 'false',
      DATABASE_POOL_SIZE: '4',
    }),
    DATABASE_URL: withDatabase(db.url, 'registry'),
  };
  app = await createApp({ config });
  await app.init();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('database limits from config', () => {
  it('sets statement_timeout and idle_in_transaction_session_timeout on every pooled connection', async () => {
    const [row] = await app.get(DataSource).query<{ statement_timeout: string }[]>('SHOW statement_timeout');
    expect(row.statement_timeout).toBe('30s');
    const [idle] = await app
      .get(DataSource)
      .query<{ idle_in_transaction_session_timeout: string }[]>('SHOW idle_in_transaction_session_timeout');
    expect(idle.idle_in_transaction_session_timeout).toBe('30s');
  });
});

describe('a database outage', () => {
  it('answers 503 while PostgreSQL is down and serves again within 5 s of its return', async () => {
    const http = request(app.getHttpServer());
    await http.get('/health/ready').expect(200);
    const port = db.port;
    await db.stop();

    const ready = await http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    const read = await http.get('/v1/providers');
    expect(read.status).toBe(503);
    expect(read.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
    expect(read.headers['retry-after']).toBe('5');
    const write = await http.post('/v1/providers').set(admin).send({ name: '停止中' });
    expect(write.status).toBe(503);

    db = await start(port);
    const back = Date.now();
    let status = 0;
    while (Date.now() - back < 5_000) {
      status = (await http.get('/health/ready')).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    const created = await http.post('/v1/providers').set(admin).send({ name: '復旧後' }).expect(201);
    const listed = await http.get('/v1/providers').query({ q: '復旧後' }).expect(200);
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    const revisions = app.get(RevisionService);
    while (!revisions.listening && Date.now() - back < 5_000) await new Promise((r) => setTimeout(r, 100));
    expect(revisions.listening).toBe(true);
    // nothing acknowledged before the outage was lost, nothing refused during it was written
    expect((await http.get('/v1/providers').query({ q: '停止中' }).expect(200)).body.items).toEqual([]);
  }, 60_000);
});
