import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';

/** One autocannon run, described as data for the load worker. */
export interface LoadSpec {
  baseUrl: string;
  connections: number;
  /** Run for this long (default 8 s) … */
  durationSeconds?: number;
  /** … or send exactly this many requests. */
  amount?: number;
  timeoutSeconds?: number;
  method?: 'GET' | 'POST';
  /** Paths rotated by one counter shared by all connections. */
  paths: string[];
  headers?: Record<string, string>;
  /** A JSON body `{ [field]: "<prefix>-<n>" }` unique per request. */
  uniqueBody?: { field: string; prefix: string };
}

export interface LoadResult {
  completed: number;
  elapsedMs: number;
  reqPerSec: number;
  /** Latency percentiles in ms as autocannon records them (integer milliseconds). */
  p50: number;
  p99: number;
  mean: number;
  max: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
}

/** Runs autocannon in a worker thread and returns its figures. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'load-worker.js'), { workerData: spec });
    let settled = false;
    worker.once('message', (m: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load worker exited with code ${code} before reporting`));
    });
  });
}

/** wrk's count of the answers below 400 (it does not tell 200 from 304). */
export const WRK_OK = '2xx/3xx';

/** Whether a status count key (a code, or wrk's WRK_OK) is the status a scenario expects. */
export const isExpected = (key: string, expect: number): boolean => String(expect) === key || (key === WRK_OK && expect < 400);

/** Whether wrk (Debian's package) is on PATH. */
export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version prints its usage and exits 1: it is there
    return (err as { status?: number }).status === 1;
  }
}

/**
 * A GET load with wrk (one thread, the paths rotated by bench/wrk-paths.lua). wrk spends a fraction of
 * autocannon's CPU per request, which matters where the load generator shares the cores with what
 * it measures (the replica run: two API processes and two PostgreSQL servers on 2 cores).
 * Status counts are `2xx/3xx` (together) and `4xx/5xx`, as wrk reports them.
 */
export async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  if (spec.method && spec.method !== 'GET') throw new Error('runWrk: GET only');
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  try {
    const pathsFile = join(dir, 'paths.txt');
    writeFileSync(pathsFile, `${spec.paths.join('\n')}\n`);
    const args = ['-t1', `-c${spec.connections}`, `-d${spec.durationSeconds ?? 8}s`, `--timeout`, `${spec.timeoutSeconds ?? 30}s`];
    args.push('-s', join(__dirname, '..', '..', 'bench', 'wrk-paths.lua'), spec.baseUrl);
    const headers = Object.entries(spec.headers ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
    const started = performance.now();
    const { stdout } = await promisify(execFile)('wrk', args, {
      env: { ...process.env, WRK_PATHS: pathsFile, WRK_HEADERS: headers },
    });
    const elapsedMs = performance.now() - started;
    const line = stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '));
    if (!line) throw new Error(`wrk printed no result: ${stdout}`);
    const r = JSON.parse(line.slice('WRK_RESULT '.length)) as {
      requests: number;
      durationUs: number;
      p50Us: number;
      p99Us: number;
      meanUs: number;
      maxUs: number;
      non2xx: number;
      errors: number;
      timeouts: number;
    };
    const ok = r.requests - r.non2xx;
    return {
      completed: r.requests,
      elapsedMs,
      reqPerSec: r.requests / (r.durationUs / 1e6),
      p50: r.p50Us / 1000,
      p99: r.p99Us / 1000,
      mean: r.meanUs / 1000,
      max: r.maxUs / 1000,
      errors: r.errors,
      timeouts: r.timeouts,
      statusCounts: { ...(ok > 0 ? { [WRK_OK]: ok } : {}), ...(r.non2xx > 0 ? { '4xx/5xx': r.non2xx } : {}) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
