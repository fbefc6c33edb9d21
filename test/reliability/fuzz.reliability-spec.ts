// The API under attack, driven by its own served contract:
// (a) a property-based fuzz (fast-check) of every operation with every credential kind → no 5xx, no
//     status the contract does not document for that operation;
// (b) the authorization matrix: every write × every credential kind → no 2xx for a role not allowed;
// (c) idempotent retries: every POST sent 8× concurrently and 8× sequentially with one key → one write.
// FUZZ_REQUESTS (default 10000) sets the size, FUZZ_SEED replays a run.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { ADMIN_KEY, type ApiProcess, dropDatabase, freshDatabase, query, spawnApi, waitReady } from './support/api-process';
import { documents, type Operation, operationsOf, WRITE_METHODS } from './support/contract';
import { record, type Figure } from './support/figures';
import { closeAgent, pool, type RawRequest, type RawResponse, send } from './support/http';
import { CURRENT_ETAG, type FuzzRequest, requestFor } from './support/arbitraries';
import { buildWorld, CREDENTIALS, type Target, validRequest, type World } from './support/world';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Statuses another change documents centrally (issue 10: 304, 412, 413, 415, 428, 429, 431). */
const CENTRALLY_DOCUMENTED = new Set([304, 412, 413, 415, 428, 429, 431]);

const DB = `${process.env.REGISTRY_TEST_RUN ?? 'rel'}_fuzz`;
let api: ApiProcess;
let databaseUrl: string;
let t: Target;
let port: number;
let ops: Operation[];
let world: World;
const figures: Figure[] = [];
const details: Record<string, unknown> = { seed: SEED };

beforeAll(async () => {
  // the built API in its own process, on a database of its own: the contract it serves is the real one
  databaseUrl = await freshDatabase(DB);
  api = await spawnApi({
    DATABASE_URL: databaseUrl,
    RUN_WORKER_IN_PROCESS: 'false',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    LOG_LEVEL: 'error',
  });
  await waitReady(api, 90_000, () => api.logTail());
  port = api.port;
  t = { http: request(api.url), admin: { Authorization: `Bearer ${ADMIN_KEY}` } };
  // a stored administrator key for everything: the bootstrap key may be disabled by the run itself
  const admin = await t.http.post('/v1/api-keys').set(t.admin).send({ name: 'reliability-admin', role: 'admin' }).expect(201);
  t = { ...t, admin: { Authorization: `Bearer ${(admin.body as { key: string }).key}` } };
  const doc = (await t.http.get('/openapi.json').expect(200)).body as Parameters<typeof operationsOf>[0];
  ops = operationsOf(doc);
  world = await buildWorld(t);
}, 120_000);

afterAll(async () => {
  record('fuzz', figures, details);
  closeAgent();
  api?.kill('SIGTERM');
  await api?.exited;
  await dropDatabase(DB);
});

const revision = async () =>
  Number((await query<{ revision: string }>(databaseUrl, 'SELECT revision FROM registry_state WHERE id = 1'))[0].revision);
const show = (r: FuzzRequest | RawRequest, status: number | string) =>
  `${r.method} ${r.path} [${Object.entries(r.headers)
    .filter(([h]) => h !== 'authorization')
    .map(([h, v]) => `${h}: ${v.length > 60 ? `${v.slice(0, 60)}…` : v}`)
    .join(
      '; ',
    )}]${'credential' in r ? ` as ${r.credential}` : ''} body=${r.body === undefined ? '-' : r.body.length > 300 ? `${r.body.slice(0, 300)}…(${r.body.length} chars)` : r.body} → ${status}`;

describe('(a) OpenAPI-driven fuzz', () => {
  it(`answers ${REQUESTS} generated requests without a 5xx or an undocumented status`, async () => {
    const perOp = Math.ceil(REQUESTS / ops.length);
    const byOp = ops.map((op, i) => fc.sample(requestFor(op, world), { seed: SEED + i, numRuns: perOp }));
    const requests: FuzzRequest[] = [];
    for (let i = 0; i < perOp; i++) for (const list of byOp) if (list[i] && requests.length < REQUESTS) requests.push(list[i]);
    const opById = new Map(ops.map((op) => [op.id, op]));

    const started = performance.now();
    const answers = await pool(requests, 8, async (req) => {
      try {
        if (req.headers['if-match'] === CURRENT_ETAG) {
          const current = await send(port, { method: 'GET', path: req.path.split('?')[0], headers: world.headers.admin });
          req.headers['if-match'] = String(current.headers.etag ?? '*');
        }
        return await send(port, req);
      } catch (err) {
        return { status: -1, headers: {}, text: String(err) };
      }
    });
    const seconds = (performance.now() - started) / 1000;

    const serverErrors: string[] = [];
    const undocumented = new Map<string, { count: number; example: string; size: number; central: boolean }>();
    const unauthorized: string[] = [];
    const statusCounts: Record<string, number> = {};
    const byOperation: Record<string, Record<string, number>> = {};
    const samples400: Record<string, string[]> = {};
    let problemless = 0;
    answers.forEach((res, i) => {
      const req = requests[i];
      const op = opById.get(req.op)!;
      statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
      const counts = (byOperation[`${op.method} ${op.path}`] ??= {});
      if (res.status === 400 && op.method === 'POST' && (samples400[op.path] ??= []).length < 4)
        samples400[op.path].push(`${req.body?.slice(0, 200)} → ${res.text.slice(0, 300)}`);
      counts[res.status] = (counts[res.status] ?? 0) + 1;
      if (res.status >= 500 || res.status < 0) serverErrors.push(show(req, `${res.status} ${res.text.slice(0, 200)}`));
      else if (!documents(op, res.status)) {
        const key = `${op.method} ${op.path} → ${res.status}`;
        const size = req.path.length + (req.body?.length ?? 0);
        const seen = undocumented.get(key);
        if (!seen) undocumented.set(key, { count: 1, example: show(req, res.status), size, central: CENTRALLY_DOCUMENTED.has(res.status) });
        else {
          seen.count++;
          if (size < seen.size) Object.assign(seen, { example: show(req, res.status), size });
        }
      }
      if (res.status >= 200 && res.status < 300 && op.secured && op.roles && !op.roles.includes(req.credential))
        unauthorized.push(show(req, res.status));
      if (res.status >= 400 && !String(res.headers['content-type'] ?? '').startsWith('application/problem+json')) problemless++;
    });
    const undocumentedTotal = [...undocumented.values()].reduce((n, u) => n + u.count, 0);
    const undocumentedCentral = [...undocumented.values()].filter((u) => u.central).reduce((n, u) => n + u.count, 0);

    // minimal reproductions: every 5xx (shortest first) and the shortest example of each undocumented status
    const shortest = [...serverErrors].sort((a, b) => a.length - b.length);
    if (shortest.length) process.stdout.write(`\n5xx (${shortest.length}), seed ${SEED}:\n${shortest.slice(0, 40).join('\n')}\n`);
    if (undocumented.size)
      process.stdout.write(
        `\nundocumented statuses (seed ${SEED}):\n${[...undocumented.entries()].map(([k, u]) => `${u.count}× ${k}${u.central ? ' [304/412/413/415/428/429/431]' : ''}\n   e.g. ${u.example}`).join('\n')}\n`,
      );
    if (unauthorized.length) process.stdout.write(`\nunexpected 2xx:\n${unauthorized.slice(0, 20).join('\n')}\n`);
    process.stdout.write(
      `\nfuzz: ${requests.length} requests over ${ops.length} operations in ${seconds.toFixed(1)} s, seed ${SEED} (replay: FUZZ_SEED=${SEED})\n`,
    );

    Object.assign(details, {
      operations: ops.length,
      requests: requests.length,
      seconds: Number(seconds.toFixed(1)),
      statusCounts,
      byOperation,
      samples400,
      undocumented: Object.fromEntries([...undocumented].map(([k, u]) => [k, u.count])),
      serverErrors: shortest.slice(0, 40),
    });
    figures.push(
      {
        check: 'fuzz requests (all operations × 4 credential kinds)',
        measured: requests.length,
        bound: `≥ ${Math.min(REQUESTS, 10_000)}`,
        ok: requests.length >= Math.min(REQUESTS, 10_000),
      },
      { check: 'fuzz seconds', measured: seconds.toFixed(1), bound: '< 180', ok: seconds < 180 },
      { check: 'fuzz 5xx (or no answer)', measured: serverErrors.length, bound: '0', ok: serverErrors.length === 0 },
      {
        check: 'fuzz undocumented statuses',
        measured: `${undocumentedTotal} (${undocumentedCentral} of 304/412/413/415/428/429/431)`,
        bound: '0',
        ok: undocumentedTotal === 0,
      },
      { check: 'fuzz 2xx for a role not allowed', measured: unauthorized.length, bound: '0', ok: unauthorized.length === 0 },
      { check: 'fuzz 4xx/5xx without a problem body', measured: problemless, bound: '(reported)', ok: true },
    );
    expect(serverErrors).toEqual([]);
    expect(unauthorized).toEqual([]);
    expect([...undocumented.keys()]).toEqual([]);
  }, 600_000);
});

describe('(b) authorization matrix', () => {
  it('gives no write operation a 2xx for a credential kind its contract does not allow', async () => {
    const writes = ops.filter((op) => WRITE_METHODS.has(op.method));
    const cells: { op: string; credential: string; status: number; allowed: boolean }[] = [];
    for (const op of writes) {
      for (const credential of CREDENTIALS) {
        const valid = validRequest(op, world);
        const path = valid?.path ?? op.path.replace(/\{\w+\}/g, randomUUID());
        const headers: Record<string, string> = {
          ...world.headers[credential],
          'content-type': valid?.raw?.contentType ?? 'application/json',
          'idempotency-key': randomUUID(),
        };
        if (valid?.etagOf) headers['if-match'] = (await t.http.get(valid.etagOf)).headers.etag ?? '*';
        const res = await send(port, {
          method: op.method,
          path,
          headers,
          body: op.method === 'DELETE' ? undefined : (valid?.raw?.text ?? JSON.stringify(valid?.body ?? {})),
        });
        const allowed = op.secured ? credential !== 'none' && (op.roles === null || op.roles.includes(credential)) : true;
        cells.push({ op: `${op.method} ${op.path}`, credential, status: res.status, allowed });
      }
    }
    const unexpected = cells.filter((c) => !c.allowed && c.status >= 200 && c.status < 300);
    const refusedAsExpected = cells.filter((c) => !c.allowed && (c.status === 401 || c.status === 403)).length;
    const allowedSucceeded = cells.filter((c) => c.allowed && c.status >= 200 && c.status < 300).length;
    const unsecured = writes.filter((op) => !op.secured || !op.roles).map((op) => `${op.method} ${op.path}`);
    if (unexpected.length)
      process.stdout.write(`\nunexpected 2xx:\n${unexpected.map((c) => `${c.op} as ${c.credential} → ${c.status}`).join('\n')}\n`);
    details.matrix = cells;
    figures.push(
      {
        check: 'authz cells (writes × credential kinds)',
        measured: cells.length,
        bound: `${writes.length} × 4`,
        ok: cells.length === writes.length * 4,
      },
      { check: 'authz unexpected 2xx', measured: unexpected.length, bound: '0', ok: unexpected.length === 0 },
      {
        check: 'authz refused with 401/403',
        measured: `${refusedAsExpected} of ${cells.filter((c) => !c.allowed).length}`,
        bound: 'all',
        ok: refusedAsExpected === cells.filter((c) => !c.allowed).length,
      },
      {
        check: 'authz allowed cells that succeeded',
        measured: `${allowedSucceeded} of ${cells.filter((c) => c.allowed).length}`,
        bound: '(reported)',
        ok: true,
      },
      { check: 'writes without x-roles', measured: unsecured.length, bound: '0', ok: unsecured.length === 0 },
    );
    expect(unsecured).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(refusedAsExpected).toBe(cells.filter((c) => !c.allowed).length);
  }, 300_000);
});

describe('(c) idempotent retries', () => {
  it('makes one write from a POST sent 8× concurrently and 8× more in sequence with the same key', async () => {
    const posts = ops.filter((op) => op.method === 'POST');
    const rows: { op: string; writes: number; executed: number; statuses: string; sameReplay: boolean }[] = [];
    for (const op of posts) {
      const credential = op.roles?.includes('admin') ? 'admin' : (op.roles?.[0] as 'auditor' | 'municipality');
      // a fresh service for the sub-resources, a fresh assessment to revoke
      const service = (
        await t.http
          .post('/v1/services')
          .set(t.admin)
          .send(
            validRequest(
              ops.find((o) => o.path === '/v1/services' && o.method === 'POST')!,
              world,
            )!.body,
          )
      ).body as { id: string };
      let assessmentId: string | undefined;
      if (op.path === '/v1/assessments/{id}/revoke') {
        const make = validRequest(
          ops.find((o) => o.path === '/v1/services/{id}/assessments')!,
          world,
          { serviceId: service.id },
        )!;
        assessmentId = ((await t.http.post(make.path).set(world.headers.auditor).send(make.body)).body as { id: string }).id;
      }
      const valid = validRequest(op, world, { serviceId: service.id, assessmentId });
      if (!valid) continue;
      const req: RawRequest = {
        method: 'POST',
        path: valid.path,
        headers: {
          ...world.headers[credential],
          'content-type': valid.raw?.contentType ?? 'application/json',
          'idempotency-key': `retry-${randomUUID()}`,
        },
        body: valid.raw ? valid.raw.text : valid.body === undefined ? undefined : JSON.stringify(valid.body),
      };
      const before = await revision();
      const concurrent = await Promise.all(Array.from({ length: 8 }, () => send(port, req)));
      const sequential: RawResponse[] = [];
      for (let i = 0; i < 8; i++) sequential.push(await send(port, req));
      const writes = (await revision()) - before;
      const all = [...concurrent, ...sequential];
      const ok = all.filter((r) => r.status >= 200 && r.status < 300);
      const executed = ok.filter((r) => r.headers['idempotent-replayed'] === undefined).length;
      const first = ok[0];
      const sameReplay =
        ok.every((r) => r.status === first.status && r.text === first.text) && sequential.every((r) => r.status === first?.status);
      rows.push({ op: `POST ${op.path}`, writes, executed, statuses: [...new Set(all.map((r) => r.status))].join('/'), sameReplay });
      if (!first) process.stdout.write(`\nPOST ${op.path}: no 2xx (${all[0].status} ${all[0].text.slice(0, 200)})\n`);
    }
    const duplicates = rows.filter((r) => r.writes > 1 || r.executed > 1);
    const broken = rows.filter((r) => !r.sameReplay || r.executed !== 1 || !/^(2\d\d)(\/409)?$|^409\/(2\d\d)$/.test(r.statuses));
    details.retries = rows;
    process.stdout.write(
      `\nretries:\n${rows.map((r) => `${r.op}: ${r.writes} write(s), ${r.executed} executed, statuses ${r.statuses}, replay identical ${r.sameReplay}`).join('\n')}\n`,
    );
    figures.push(
      {
        check: 'retried POST operations (16 sends each)',
        measured: rows.length,
        bound: `${posts.length}`,
        ok: rows.length === posts.length,
      },
      { check: 'retries: duplicate writes', measured: duplicates.length, bound: '0', ok: duplicates.length === 0 },
      { check: 'retries: not one execution + identical replays', measured: broken.length, bound: '0', ok: broken.length === 0 },
    );
    expect(duplicates).toEqual([]);
    expect(broken).toEqual([]);
    expect(rows).toHaveLength(posts.length);
  }, 300_000);
});
