// The API as it runs in production: `node dist/apps/api/src/main.js` in a child process, so it can be
// killed with SIGKILL, its memory read from /proc and its log lines counted.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, withDatabase } from '@app/shared';

export const ADMIN_KEY = 'reliability-admin-key-0123456789abcdef';
/** The built entry point; `RELIABILITY_API_MAIN` points the suite at another build (e.g. an older commit's, to compare). */
export const MAIN = process.env.RELIABILITY_API_MAIN ?? join(process.cwd(), 'dist', 'apps', 'api', 'src', 'main.js');

/** The suite runs what `npm run build` produced (`npm run test:reliability` builds first). */
export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm run test:reliability does)`);
}

export interface ApiProcess {
  pid: number;
  port: number;
  url: string;
  child: ChildProcess;
  /** Lines the process has written to stdout and stderr so far. */
  logLines(): number;
  logTail(n?: number): string;
  /** Log lines at level error or fatal (pino levels 50, 60) other than the expected outage noise, the first 50. */
  errors(): string[];
  /** CPU time the process has used so far, in ms (user + system, from /proc): a figure the machine's load does not inflate. */
  cpuMs(): number;
  /** Resident set size in bytes (from /proc). */
  rss(): number;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

export async function spawnApi(env: Record<string, string>): Promise<ApiProcess> {
  assertBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '1000000',
      WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const errors: string[] = [];
  let count = 0;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      count++;
      lines.push(line);
      const noise = /WebhookWorker|SweepScheduler|RevisionService|Health Check|ServiceUnavailableException/;
      if (/"level":(50|60)/.test(line) && !noise.test(line) && errors.length < 50) errors.push(line);
      if (lines.length > 200) lines.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const pid = child.pid!;
  return {
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    logLines: () => count,
    logTail: (n = 20) => lines.slice(-n).join('\n'),
    errors: () => [...errors],
    cpuMs: () => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks (100 Hz)
    },
    rss: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    },
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Polls `GET /health/ready` until 200; returns the milliseconds it took, or throws after `timeoutMs`. */
export async function waitReady(api: { url: string }, timeoutMs: number, log?: () => string): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    try {
      const res = await fetch(`${api.url}/health/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not ready within ${timeoutMs} ms${log ? `:\n${log()}` : ''}`);
}

/** A database of its own on the suite's PostgreSQL server (TEST_DATABASE_URL). */
export async function freshDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return withDatabase(process.env.TEST_DATABASE_URL!, name);
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** One query on a fresh connection (the suite's view of the database, independent of the API). */
export async function query<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
