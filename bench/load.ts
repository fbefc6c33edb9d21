import { join } from 'node:path';
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
