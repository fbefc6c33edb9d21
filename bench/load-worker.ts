/**
 * Runs one autocannon load in a worker thread, so the load generator does not share the event
 * loop of the API under test (which runs on the main thread of the benchmark process).
 * Request variation is data (a list of paths rotated by one counter across all connections, or a
 * unique JSON body per request) because functions cannot cross the thread boundary.
 */
import autocannon from 'autocannon';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadResult, LoadSpec } from './load';

async function main(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  const request: autocannon.AutocannonRequest = {
    method: spec.method ?? 'GET',
    path: spec.paths[0],
    headers: spec.headers ?? {},
    setupRequest: (req) => {
      const i = next++;
      const out: autocannon.AutocannonRequest = { ...req, path: spec.paths[i % spec.paths.length] };
      if (spec.uniqueBody) out.body = JSON.stringify({ [spec.uniqueBody.field]: `${spec.uniqueBody.prefix}-${i}` });
      return out;
    },
  };
  const options = {
    url: spec.baseUrl,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationSeconds ?? 8 }),
    timeout: spec.timeoutSeconds ?? 30,
  };
  const started = performance.now();
  const raw = await autocannon({ ...options, requests: [request] });
  const elapsedMs = performance.now() - started;
  // off the main thread autocannon leaves the aggregation (latency percentiles) to its caller
  const result = raw.latency ? raw : autocannon.aggregateResult([raw], options);
  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const completed = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    completed,
    elapsedMs,
    reqPerSec: completed / (elapsedMs / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
  };
}

main(workerData as LoadSpec).then(
  (r) => parentPort!.postMessage({ ok: true, result: r }),
  (err: unknown) => parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
);
