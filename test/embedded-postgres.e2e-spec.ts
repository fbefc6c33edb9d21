import { afterAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EmbeddedDatabase, ownerFile, startEmbeddedPostgres } from '@app/shared';

const HELPER = join(process.cwd(), 'libs/shared/src/database/embedded-postgres.ts');
const dataDir = join(process.cwd(), '.data', `owner-test-${process.pid}`);

/** Another process (as `npm start` is to the CLI) that starts the embedded server on `dataDir` and keeps running. */
async function startOwner(): Promise<{ child: ChildProcess; port: number }> {
  const code = `require(process.argv[1]).startEmbeddedPostgres({ dataDir: process.argv[2], port: 0 })
    .then((db) => { process.stdout.write(db.port + '\\n'); setInterval(() => undefined, 1000); }, (err) => { console.error(err); process.exit(1); });`;
  const child = spawn(process.execPath, ['-r', 'ts-node/register', '-e', code, HELPER, dataDir], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node"}' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout, 'data');
  return { child, port: Number(line.toString().trim()) };
}

const answers = async (port: number): Promise<boolean> => {
  const client = new Client({ connectionString: `postgres://registry:registry@127.0.0.1:${port}/postgres` });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

const postmasterPid = () => Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

describe('the embedded PostgreSQL helper', () => {
  let owner: { child: ChildProcess; port: number } | null = null;
  let mine: EmbeddedDatabase | null = null;

  afterAll(async () => {
    owner?.child.kill('SIGKILL');
    await mine?.stop();
    if (existsSync(join(dataDir, 'postmaster.pid'))) process.kill(postmasterPid(), 'SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(ownerFile(dataDir), { force: true });
  });

  it('connects to a server a live process owns, and leaves it running when it stops', async () => {
    owner = await startOwner();
    expect(readFileSync(ownerFile(dataDir), 'utf8').trim()).toBe(String(owner.child.pid));

    const second = await startEmbeddedPostgres({ dataDir, port: 0 });
    expect(second).toMatchObject({ owned: false, port: owner.port });
    await second.stop();
    expect(await answers(owner.port)).toBe(true);
  });

  it('stops a server whose owner is gone (killed; the server survives it) and starts its own', async () => {
    const orphan = postmasterPid();
    owner!.child.kill('SIGKILL');
    await once(owner!.child, 'exit');
    owner = null;
    expect(await answers(Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]))).toBe(true);

    mine = await startEmbeddedPostgres({ dataDir, port: 0 });
    expect(mine.owned).toBe(true);
    expect(postmasterPid()).not.toBe(orphan);
    expect(readFileSync(ownerFile(dataDir), 'utf8').trim()).toBe(String(process.pid));
    expect(await answers(mine.port)).toBe(true);
    await mine.stop();
    mine = null;
    expect(existsSync(ownerFile(dataDir))).toBe(false);
  });
});
