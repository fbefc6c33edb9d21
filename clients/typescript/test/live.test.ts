/**
 * The generated client against a live API: the API is started from the root's build
 * (`dist/apps/api/src/main.js`) on a free port, on REGISTRY_TEST_DATABASE_URL (an empty database,
 * migrated and seeded at boot) or, without it, on its embedded PostgreSQL in a temporary folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistryClient, type RegistryClient } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const ADMIN_KEY = 'client-test-admin-key-0123456789abcdef';

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

let api: ChildProcess;
let output = '';
let dataDir: string | undefined;
let baseUrl: string;
let publicClient: RegistryClient;
let admin: RegistryClient;

async function waitUntilReady(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API was not ready in time:\n${output}`);
}

before(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  let database: Record<string, string>;
  if (process.env.REGISTRY_TEST_DATABASE_URL) database = { DATABASE_URL: process.env.REGISTRY_TEST_DATABASE_URL };
  else {
    dataDir = mkdtempSync(join(tmpdir(), 'registry-client-'));
    // run as root, the embedded server runs as the postgres user, which must reach its data folder
    chmodSync(dataDir, 0o755);
    database = { EMBEDDED_PG_DATA_DIR: join(dataDir, 'postgres'), EMBEDDED_PG_PORT: String(await freePort()) };
  }
  api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      RUN_WORKER_IN_PROCESS: 'false',
      ...database,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  api.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  await waitUntilReady(Date.now() + 120_000);
  publicClient = createRegistryClient({ baseUrl });
  admin = createRegistryClient({ baseUrl, apiKey: ADMIN_KEY });
});

after(async () => {
  if (api && api.exitCode === null) {
    const exited = new Promise((r) => api.once('exit', r));
    api.kill('SIGTERM');
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the generated TypeScript client against a live registry', () => {
  let serviceId = '';

  it('writes with an administrator key: a provider, then a service (201, typed bodies)', async () => {
    const provider = await admin.POST('/v1/providers', { body: { name: 'クライアント試験株式会社', nameEn: 'Client Test KK' } });
    assert.equal(provider.response.status, 201, JSON.stringify(provider.error));
    assert.ok(provider.data?.id);
    const service = await admin.POST('/v1/services', {
      body: { providerId: provider.data.id, name: 'クライアント試験会議', nameEn: 'Client Test Meetings', category: 'web_conferencing' },
      headers: { 'Idempotency-Key': 'client-test-create-service' },
    });
    assert.equal(service.response.status, 201, JSON.stringify(service.error));
    assert.match(service.response.headers.get('ETag') ?? '', /^"/);
    serviceId = service.data!.id;
  });

  it('refuses a write without a key with a typed problem (401)', async () => {
    const { data, error, response } = await publicClient.POST('/v1/providers', { body: { name: 'x' } });
    assert.equal(response.status, 401);
    assert.equal(data, undefined);
    assert.equal(error?.code, 'UNAUTHENTICATED');
    assert.equal(response.headers.get('Content-Type'), 'application/problem+json; charset=utf-8');
  });

  it('searches services by name', async () => {
    const { data, response } = await publicClient.GET('/v1/services', { params: { query: { q: 'クライアント試験' } } });
    assert.equal(response.status, 200);
    // JSON by default; the contract also lists text/csv (format=csv)
    if (typeof data !== 'object') return assert.fail(`expected the JSON page, got ${typeof data}`);
    assert.deepEqual(
      data.items.map((s) => s.id),
      [serviceId],
    );
    assert.ok(response.headers.get('RateLimit'));
  });

  it('gets the decision for the service, with its reasons', async () => {
    const { data, response } = await publicClient.GET('/v1/services/{id}/eligibility', {
      params: { path: { id: serviceId }, query: { profile: 'tokutei-tsushin' } },
    });
    assert.equal(response.status, 200);
    assert.equal(data?.serviceId, serviceId);
    // a service with no registration nor assessment cannot be eligible
    assert.notEqual(data?.decision, 'eligible');
    assert.ok((data?.requirements.length ?? 0) > 0);
  });

  it('lists the allowlist for the firewall, as JSON and as text lines', async () => {
    const { data, response } = await publicClient.GET('/v1/allowlists/{profile}', { params: { path: { profile: 'tokutei-tsushin' } } });
    assert.equal(response.status, 200);
    // JSON by default; the contract also lists text/plain and text/csv (format=txt|csv)
    if (typeof data !== 'object') return assert.fail(`expected the JSON allowlist, got ${typeof data}`);
    assert.equal(data.profile.key, 'tokutei-tsushin');
    assert.ok(Array.isArray(data.entries));
    const text = await publicClient.GET('/v1/allowlists/{profile}', {
      params: { path: { profile: 'tokutei-tsushin' }, query: { format: 'txt' } },
      parseAs: 'text',
    });
    assert.equal(text.response.status, 200);
    assert.match(text.response.headers.get('Content-Type') ?? '', /^text\/plain/);
  });
});
