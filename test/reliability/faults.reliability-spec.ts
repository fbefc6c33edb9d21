// The built API (`node dist/apps/api/src/main.js`) under faults, with 8 concurrent writers:
// (d) kill -9 of the API process → every acknowledged write is there after the restart, ready ≤ 5 s;
//     kill -9 of its embedded PostgreSQL (the postmaster) → 503 meanwhile (never another 5xx), ready
//     ≤ 5 s after the database is back, no acknowledged write lost;
// (e) a 20 s database outage → /health/ready 503 naming the failing check, memory and log volume flat
//     during the outage, serving again ≤ 5 s after the database returns.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres, withDatabase } from '@app/shared';
import { ADMIN_KEY, type ApiProcess, dropDatabase, freshDatabase, query, spawnApi, waitReady } from './support/api-process';
import { record, type Figure } from './support/figures';

const OUTAGE_MS = Number(process.env.OUTAGE_SECONDS ?? 20) * 1000;
const WRITERS = 8;
const run = process.env.REGISTRY_TEST_RUN ?? 'rel';
const figures: Figure[] = [];
const details: Record<string, unknown> = {};
const cleanups: (() => Promise<unknown> | void)[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  // the machine's load, since every time bound here is wall-clock time on a shared machine
  figures.push({ check: 'load average (1 min) at the end', measured: loadavg()[0].toFixed(1), bound: '(reported)', ok: true });
  record('faults', figures, details);
  for (const clean of cleanups.reverse()) await Promise.resolve(clean()).catch(() => undefined);
});

/** 8 writers creating providers until stopped; collects the ids acknowledged with 201 and every status. */
function writers(target: () => ApiProcess, label: string) {
  const acked: string[] = [];
  const statuses: Record<string, number> = {};
  let stopped = false;
  let n = 0;
  const loops = Array.from({ length: WRITERS }, async (_, w) => {
    while (!stopped) {
      const api = target();
      let status = 'refused';
      try {
        const res = await fetch(`${api.url}/v1/providers`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `${label} w${w} #${++n}` }),
          signal: AbortSignal.timeout(10_000),
        });
        status = String(res.status);
        const body = (await res.json().catch(() => ({}))) as { id?: string };
        if (res.status === 201 && body.id) acked.push(body.id);
      } catch {
        await sleep(20); // connection refused or reset: the process is down
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  });
  return {
    acked,
    statuses,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

const missing = async (databaseUrl: string, ids: string[]) => {
  const found = await query<{ id: string }>(databaseUrl, 'SELECT id FROM providers WHERE id = ANY($1::uuid[])', [ids]);
  return ids.length - found.length;
};

const postmasterPid = (dataDir: string) => Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function waitDead(pid: number, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < until) await sleep(50);
  if (alive(pid)) throw new Error(`process ${pid} did not exit`);
}

/** Starts the embedded PostgreSQL again on the same folder and port, retrying while the old one's backends exit. */
async function restartDatabase(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startEmbeddedPostgres({ dataDir, port });
    } catch (err) {
      if (attempt >= 20) throw err;
      await sleep(250);
    }
  }
}

/** An API on an embedded PostgreSQL it starts itself (as `npm start` does without DATABASE_URL). */
async function apiOnEmbedded(name: string) {
  const dataDir = join(process.cwd(), '.data', `${run}-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const pgPort = await freePort();
  const api = await spawnApi({ EMBEDDED_PG_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(async () => {
    api.kill('SIGTERM');
    await Promise.race([api.exited, sleep(10_000)]);
    api.kill('SIGKILL');
  });
  await waitReady(api, 120_000, () => api.logTail());
  const databaseUrl = withDatabase(`postgres://registry:registry@127.0.0.1:${pgPort}/postgres`, 'registry');
  return { api, dataDir, pgPort, databaseUrl };
}

describe('(d) kill -9', () => {
  it('of the API process under 8 writers: no acknowledged write lost, ready ≤ 5 s after the restart', async () => {
    const db = `${run}_kill`;
    const databaseUrl = await freshDatabase(db);
    cleanups.push(() => dropDatabase(db));
    const env = { DATABASE_URL: databaseUrl };
    let api = await spawnApi(env);
    cleanups.push(() => api.kill('SIGKILL'));
    await waitReady(api, 120_000, () => api.logTail());
    const load = writers(() => api, 'kill-api');
    while (load.acked.length < 300) await sleep(50);
    api.kill('SIGKILL');
    await api.exited;
    const ackedBeforeKill = load.acked.length;
    api = await spawnApi(env);
    const readyMs = await waitReady(api, 30_000, () => api.logTail());
    const readyCpuMs = api.cpuMs();
    while (load.acked.length < ackedBeforeKill + 100) await sleep(50);
    await load.stop();
    const lost = await missing(databaseUrl, load.acked);
    details.killApi = {
      acked: load.acked.length,
      ackedBeforeKill,
      lost,
      readyMs: Math.round(readyMs),
      statuses: load.statuses,
      boot: api.logTail(40),
    };
    figures.push(
      { check: 'kill -9 API: acknowledged writes lost', measured: `${lost} of ${load.acked.length}`, bound: '0', ok: lost === 0 },
      { check: 'kill -9 API: ready after restart (ms)', measured: Math.round(readyMs), bound: '≤ 5000', ok: readyMs <= 5000 },
      { check: 'kill -9 API: CPU time of the restart until ready (ms)', measured: readyCpuMs, bound: '(reported)', ok: true },
    );
    expect(lost).toBe(0);
    expect(readyMs).toBeLessThanOrEqual(5000);
    const serverErrors = Object.entries(load.statuses).filter(([s]) => Number(s) >= 500);
    expect(serverErrors).toEqual([]);
  }, 180_000);

  it('of its embedded PostgreSQL under 8 writers: 503 meanwhile, ready ≤ 5 s after the database is back, no acknowledged write lost', async () => {
    const { api, dataDir, pgPort, databaseUrl } = await apiOnEmbedded('pgkill');
    const load = writers(() => api, 'kill-pg');
    while (load.acked.length < 300) await sleep(50);
    const pid = postmasterPid(dataDir);
    process.kill(pid, 'SIGKILL');
    await waitDead(pid);
    const ackedBeforeKill = load.acked.length;
    // while it is down: reads and readiness answer 503 problems
    await sleep(1_000);
    const during: number[] = [];
    for (let i = 0; i < 5; i++) {
      during.push((await fetch(`${api.url}/v1/providers`)).status, (await fetch(`${api.url}/health/ready`)).status);
      await sleep(200);
    }
    const db = await restartDatabase(dataDir, pgPort);
    cleanups.push(() => db.stop());
    const readyMs = await waitReady(api, 30_000, () => api.logTail());
    while (load.acked.length < ackedBeforeKill + 100) await sleep(50);
    await load.stop();
    const lost = await missing(databaseUrl, load.acked);
    const serverErrors = Object.entries(load.statuses).filter(([s]) => Number(s) >= 500 && s !== '503');
    details.killPostgres = {
      acked: load.acked.length,
      ackedBeforeKill,
      lost,
      readyMs: Math.round(readyMs),
      statuses: load.statuses,
      during,
      errors: api.errors().slice(0, 10),
    };
    figures.push(
      {
        check: 'kill -9 PostgreSQL: answers while down',
        measured: [...new Set(during)].join('/'),
        bound: '503',
        ok: during.every((s) => s === 503),
      },
      {
        check: 'kill -9 PostgreSQL: writers’ 5xx other than 503',
        measured: serverErrors.reduce((n, [, c]) => n + c, 0),
        bound: '0',
        ok: serverErrors.length === 0,
      },
      { check: 'kill -9 PostgreSQL: ready after it is back (ms)', measured: Math.round(readyMs), bound: '≤ 5000', ok: readyMs <= 5000 },
      { check: 'kill -9 PostgreSQL: acknowledged writes lost', measured: `${lost} of ${load.acked.length}`, bound: '0', ok: lost === 0 },
    );
    expect(during.every((s) => s === 503)).toBe(true);
    expect(serverErrors).toEqual([]);
    expect(readyMs).toBeLessThanOrEqual(5000);
    expect(lost).toBe(0);
  }, 240_000);
});

describe('(e) a database outage', () => {
  it(`keeps memory and logs flat through ${OUTAGE_MS / 1000} s without PostgreSQL and serves ≤ 5 s after it returns`, async () => {
    const { api, dataDir, pgPort } = await apiOnEmbedded('outage');
    const rssBefore = api.rss();
    const linesBefore = api.logLines();
    const pid = postmasterPid(dataDir);
    process.kill(pid, 'SIGINT'); // fast shutdown: the database goes away cleanly
    await waitDead(pid);
    const started = Date.now();
    const rss: number[] = [];
    const lines: number[] = [];
    const ready: { status: number; body: Record<string, unknown> }[] = [];
    const reads: number[] = [];
    while (Date.now() - started < OUTAGE_MS) {
      const res = await fetch(`${api.url}/health/ready`);
      ready.push({ status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> });
      reads.push((await fetch(`${api.url}/v1/services`)).status);
      rss.push(api.rss());
      lines.push(api.logLines());
      await sleep(1_000);
    }
    const db = await restartDatabase(dataDir, pgPort);
    cleanups.push(() => db.stop());
    const back = performance.now();
    await waitReady(api, 30_000, () => api.logTail());
    // serving again means writes too (and the revision followed again)
    let writeStatus = 0;
    while (performance.now() - back < 10_000) {
      writeStatus = (
        await fetch(`${api.url}/v1/providers`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'after the outage' }),
        })
      ).status;
      if (writeStatus === 201) break;
      await sleep(50);
    }
    const recoveryMs = performance.now() - back;

    const mb = (b: number) => Math.round(b / 1024 / 1024);
    const rssGrowth = Math.max(...rss) - Math.min(...rss);
    const lineGrowth = lines[lines.length - 1] - lines[0];
    const failing = ready.every((r) => r.status === 503 && JSON.stringify(r.body).includes('database'));
    details.outage = {
      seconds: OUTAGE_MS / 1000,
      rssMb: { before: mb(rssBefore), min: mb(Math.min(...rss)), max: mb(Math.max(...rss)) },
      logLines: { before: linesBefore, first: lines[0], last: lines[lines.length - 1] },
      readyStatuses: [...new Set(ready.map((r) => r.status))],
      readyBody: ready[ready.length - 1]?.body,
      reads: [...new Set(reads)],
      recoveryMs: Math.round(recoveryMs),
      writeStatus,
    };
    process.stdout.write(`\noutage: ${JSON.stringify(details.outage)}\n`);
    figures.push(
      {
        check: `outage ${OUTAGE_MS / 1000} s: /health/ready`,
        measured: `${[...new Set(ready.map((r) => r.status))].join('/')} (failing check named: ${failing})`,
        bound: '503 naming database',
        ok: failing,
      },
      { check: 'outage: reads answered', measured: [...new Set(reads)].join('/'), bound: '503', ok: reads.every((s) => s === 503) },
      {
        check: 'outage: API RSS min/max (MB)',
        measured: `${mb(Math.min(...rss))}/${mb(Math.max(...rss))}`,
        bound: 'growth ≤ 50 MB',
        ok: rssGrowth <= 50 * 1024 * 1024,
      },
      {
        check: 'outage: log lines written during it',
        measured: lineGrowth,
        bound: `≤ ${OUTAGE_MS / 50} (≤ 20/s)`,
        ok: lineGrowth <= OUTAGE_MS / 50,
      },
      {
        check: 'outage: serving writes after the database returns (ms)',
        measured: Math.round(recoveryMs),
        bound: '≤ 5000',
        ok: writeStatus === 201 && recoveryMs <= 5000,
      },
    );
    expect(failing).toBe(true);
    expect(reads.every((s) => s === 503)).toBe(true);
    expect(rssGrowth).toBeLessThanOrEqual(50 * 1024 * 1024);
    expect(lineGrowth).toBeLessThanOrEqual(OUTAGE_MS / 50);
    expect(writeStatus).toBe(201);
    expect(recoveryMs).toBeLessThanOrEqual(5000);
  }, 240_000);
});
