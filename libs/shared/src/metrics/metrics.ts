import { Global, Injectable, Module } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The pg pool counters behind TypeORM's DataSource (node-postgres `Pool`). */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Label of a request that matched no route (404s, static files): keeps the label set bounded. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The route *template* of an Express request (`/v1/services/:id/eligibility`), never its URL: one
 * series per route, however many ids are asked for.
 */
export function routeTemplate(req: { baseUrl?: string; route?: { path?: unknown }; registryRoute?: string }): string {
  if (req.registryRoute !== undefined) return req.registryRoute; // answered before routing (a cached answer, a 304)
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` || '/' : UNMATCHED_ROUTE;
}

/**
 * The process's Prometheus metrics, in a registry of its own (one per app, so several apps in one
 * test process do not share series). Libraries count through this provider and never import
 * prom-client; the API serves {@link Metrics.registry} at `/metrics`.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'registry_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'registry_http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Each decision the API returns (single, or one per bulk item), by its `decision` value. */
  readonly decisions = new Counter({
    name: 'registry_decisions_total',
    help: 'Eligibility decisions returned by the API, by decision',
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });

  /** `emitted`: the run announced events; `unchanged`: nothing was due (a repeated run). */
  readonly sweepRuns = new Counter({
    name: 'registry_sweep_runs_total',
    help: 'Completed expiry sweeps, by outcome (emitted, unchanged)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** `delivered`, `pending` (failed, will be retried) or `failed` (attempts exhausted). */
  readonly webhookAttempts = new Counter({
    name: 'registry_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts, by outcome (delivered, pending = retry scheduled, failed = given up)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Database pool gauges, read from `pool()` at each scrape (absent pool: the gauges stay unset). */
  watchPool(pool: () => PoolCounts | undefined): void {
    const gauge = (name: string, help: string, read: (p: PoolCounts) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const p = pool();
          if (p) this.set(read(p));
        },
      });
    gauge('registry_db_pool_connections', 'Connections open in the database pool', (p) => p.totalCount);
    gauge('registry_db_pool_idle_connections', 'Idle connections in the database pool', (p) => p.idleCount);
    gauge('registry_db_pool_waiting_requests', 'Queries waiting for a pooled connection', (p) => p.waitingCount);
  }

  /** A gauge read from `read()` at each scrape (undefined: left unset), e.g. a cache's size. */
  watch(name: string, help: string, read: () => number | undefined): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        const v = read();
        if (v !== undefined) this.set(v);
      },
    });
  }

  /** The exposition text and its content type (`text/plain; version=0.0.4`). */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Provides the one {@link Metrics} of the process to every module. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
