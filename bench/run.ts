/**
 * `npm run bench`: seeds a synthetic registry (10,000 services) into a fresh database, starts the
 * real API in a process of its own (dist/apps/api/src/main.js) and measures it with wrk (or
 * autocannon, see WITH_WRK), sampling the API's RSS. Prints figures only: it never fails
 * on timing. See docs/PERFORMANCE.md.
 *
 * Environment: BENCH_DATABASE_URL (a server to create a throw-away database on; default: an
 * embedded PostgreSQL), BENCH_DURATION (seconds per throughput scenario, default 8),
 * BENCH_WARMUP (seconds of unrecorded warm-up before each, default 2), BENCH_SERVICES (10000),
 * BENCH_AUDIT_EVENTS (100000), BENCH_API_NODE_ARGS (node flags of the API process instead of those
 * of `npm start`), BENCH_API_NODE_OPTIONS (NODE_OPTIONS of the API process), BENCH_LOAD=autocannon
 * (autocannon even where wrk is installed), BENCH_REPLICA_ROUNDS (rounds of 1 then 2 API processes in
 * `--replicas`, default 5; each round runs both placements of `placements()`), BENCH_REPLICA_WARMUP
 * (seconds of warm-up of both processes before them, default 6).
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { createApp } from '../apps/api/src/create-app';
import { CriteriaService } from '@app/criteria';
import { EligibilityFactsReadModel, EligibilityService, shareEqualParts } from '@app/eligibility';
import { analyzeEndpoint, decide } from '@app/eligibility-engine';
import { ChainVerifier, RevisionService } from '@app/ledger';
import { loadConfig } from '@app/shared';
import {
  affinityAvailable,
  type ApiProcess,
  cpuSecondsOf,
  machineCpuSeconds,
  mainThreadCpuSecondsOf,
  RssSampler,
  setAffinity,
  startApiProcess,
  startCommand,
} from './api-process';
import { type ReplicaCluster, startReplicaCluster } from './cluster';
import { startBenchDatabase, type BenchDatabase } from './database';
import { isExpected, type LoadResult, type LoadSpec, runLoad as runAutocannon, runWrk, wrkAvailable } from './load';
import { appendAuditEvents, bumpRevision, seedRegistry } from './seed';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijklmnop';

/**
 * What every API load sends unless a scenario says otherwise: `Accept-Encoding` as Node's fetch,
 * browsers and `curl --compressed` send it (large known answers are kept and sent gzip-coded).
 */
const CLIENT_HEADERS = { 'accept-encoding': 'gzip, deflate' };

const pick = (env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> =>
  Object.fromEntries(keys.flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])));

/** The environment of a bench API process: production mode, quiet, limits out of the way, no worker. */
function apiEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: ADMIN_KEY,
    RATE_LIMIT_PER_MINUTE: '1000000',
    WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
    RUN_WORKER_IN_PROCESS: 'false',
    DATA_DIR: process.env.DATA_DIR ?? './data',
    DATABASE_URL: databaseUrl,
    // V8 flags of the API process (e.g. --max-old-space-size=256); default: as `npm start` runs it
    ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
  };
}
const AS_OF = '2026-01-15';
const SERVICES = intEnv('BENCH_SERVICES', 10_000);
const PROVIDERS = Math.max(1, Math.round(SERVICES / 20));
const AUDIT_EVENTS = intEnv('BENCH_AUDIT_EVENTS', 100_000);
const DURATION = intEnv('BENCH_DURATION', 8);
const WARMUP = intEnv('BENCH_WARMUP', 2);
const CONNECTIONS = 50;
const SEQUENTIAL_REQUESTS = 40;
const COLD_SAMPLES = 5;
/** CPU spent during one load, in cores (CPU seconds per second of the load). */
interface CpuSpent {
  /** each API process's */
  apis: [number, number];
  /** each API process's main thread's (JavaScript's; the rest is V8's helper threads) */
  mains: [number, number];
  /** the whole machine's, and what the hypervisor gave to others */
  busy: number;
  steal: number;
  seconds: number;
}

/**
 * Rounds of 1 then 2 API processes in `--replicas` (BENCH_REPLICA_ROUNDS), each placement in each:
 * 5, so that the medians stand when one round lands in a slow spell of this shared VM (runs of 3
 * moved the ratio by ±0.2 from run to run).
 */
const REPLICA_ROUNDS = intEnv('BENCH_REPLICA_ROUNDS', 5);
/**
 * Seconds both API processes are loaded before the rounds (BENCH_REPLICA_WARMUP): with 2, the first
 * round of every run was the slowest on both sides (V8 still compiling the decision path).
 */
const REPLICA_WARMUP = intEnv('BENCH_REPLICA_WARMUP', 6);
/** How often `--replicas` reads the replica's lag (three small queries, from this process: on the same cores as the APIs). */
const LAG_SAMPLE_MS = 100;

/** Where `--replicas` lets the two API processes run. */
interface Placement {
  name: string;
  note: string;
  available: boolean;
  apply(api1: number, api2: number): void;
}

/** The placements `--replicas` measures; `canPin`: taskset works here (affinityAvailable, asked once). */
function placements(canPin: boolean): readonly Placement[] {
  const cores = cpus().length;
  return [
    {
      name: 'shared cores: each process where the kernel puts it',
      note: `both processes, both servers and the load generator share ${cores} cores; one process alone also gets the other core for V8's helper threads`,
      available: true,
      // back on every core after a round of the other placement (nothing to undo where taskset is missing)
      apply: (api1, api2) => {
        if (!canPin) return;
        setAffinity(api1, `0-${cores - 1}`);
        setAffinity(api2, `0-${cores - 1}`);
      },
    },
    {
      name: 'a core each: api-1 on core 0, api-2 on core 1 (taskset), as replicas with a CPU each',
      note: 'each API process, all its threads, on a core of its own; both servers and the load generator on either core',
      available: canPin && cores >= 2,
      apply: (api1, api2) => {
        setAffinity(api1, '0');
        setAffinity(api2, '1');
      },
    },
  ];
}

/**
 * The load generator of every timed GET load: wrk where it is installed (`apt-get install wrk`),
 * else autocannon (or with BENCH_LOAD=autocannon). The generator shares the 2 cores with what it
 * measures, and autocannon parses every answer in JavaScript: on this VM it saturated at ≈ 1,400
 * gzip-coded pages of 24 KiB a second where wrk measured the same API at ≈ 2,000 (and the bare
 * endpoint alike), so with autocannon a ratio to bare falls with the size of the answer.
 * Fixed-count loads (the latency rows) and POSTs use autocannon.
 */
const WITH_WRK = process.env.BENCH_LOAD !== 'autocannon' && wrkAvailable();
const LOADER = WITH_WRK ? 'wrk (one thread)' : 'autocannon (worker thread)';

/** A load with the generator above (autocannon for what wrk cannot do: a fixed count, a POST). */
function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return WITH_WRK && spec.amount === undefined && (spec.method ?? 'GET') === 'GET' ? runWrk(spec) : runAutocannon(spec);
}

function intEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

interface Row {
  scenario: string;
  reqPerSec: number | null;
  p50: number | null;
  p99: number | null;
  /** null: no ratio (a latency scenario). */
  ratio: number | null;
  target: string;
  met: boolean | null;
  note?: string;
}

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
const log = (line = '') => console.log(line);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

class Bench {
  private readonly res: {
    db?: BenchDatabase;
    api?: ApiProcess;
    api2?: ApiProcess;
    cluster?: ReplicaCluster;
    app?: NestExpressApplication;
    sql?: Client;
    replicaSql?: Client;
  } = {};
  private get api(): ApiProcess {
    return need(this.res.api, 'API process');
  }
  private coldAfterWrite: number[] = [];
  private rss = { afterSeed: 0, underLoad: 0, overall: 0, atEnd: 0 };
  private sampler: RssSampler | null = null;
  private get db(): BenchDatabase {
    return need(this.res.db, 'database');
  }
  private get app(): NestExpressApplication {
    return need(this.res.app, 'app');
  }
  private get sql(): Client {
    return need(this.res.sql, 'SQL client');
  }
  private baseUrl = '';
  private readonly rows: Row[] = [];
  private bare: LoadResult | null = null;
  /** Distinct asOf dates for memo misses: 2025-01-01 + n days (inside the R6.10 edition). */
  private nextDay = 0;

  async run(): Promise<void> {
    this.printMachine();
    const t0 = performance.now();
    this.res.db = await startBenchDatabase(log);
    log(`database: ${this.db.description}`);
    try {
      await this.boot();
      log(`app booted (migrations + seeds) in ${ms(performance.now() - t0)}`);
      await this.seed();
      this.rss.afterSeed = this.api.rssMiB();
      this.sampler = new RssSampler(() => this.res.api?.rssMiB() ?? 0);
      this.sampler.start();
      await this.reads();
      await this.writes();
      this.rss.underLoad = this.sampler.stop();
      this.rows.push({
        scenario: `API process RSS, peak under load: ${Math.round(this.rss.underLoad)} MiB`,
        reqPerSec: null,
        p50: null,
        p99: null,
        ratio: null,
        target: '≤ 250 MiB',
        met: this.rss.underLoad <= 250,
        note: `${Math.round(this.rss.underLoad)} MiB`,
      });
      this.printTable();
      this.sampler.start();
      await this.audit();
      await this.snapshot();
      this.rss.overall = this.sampler.stop();
      this.rss.atEnd = this.api.rssMiB();
      log();
      log(
        `API process RSS (pid ${this.api.pid}, ${SERVICES} services): ${Math.round(this.rss.afterSeed)} MiB after boot and seed, ` +
          `peak ${Math.round(this.rss.underLoad)} MiB under the read and write load, peak ${Math.round(this.rss.overall)} MiB ` +
          `while building the signed snapshot and verifying the audit chain, ${Math.round(this.rss.atEnd)} MiB at the end`,
      );
      log(`API caches at the end (from /metrics): ${await this.cacheLine()}`);
      log();
      log(
        `load average after: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      log(
        `bench process rss at the end: ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB; total ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    } finally {
      await this.cleanup();
    }
  }

  /**
   * `npm run bench -- --replicas`: a primary and a streaming replica on this machine (bench/cluster.ts),
   * two API processes reading snapshots from the replica (DATABASE_READ_URL) while writes and the
   * revision go to the primary; decision throughput of one process vs two, replica lag seen under a
   * trickle of writes, and a check that equal ETags from the two processes carry equal bodies.
   */
  async runReplicas(): Promise<void> {
    this.printMachine();
    const cluster = (this.res.cluster = await startReplicaCluster(log));
    try {
      const admin = new Client({ connectionString: cluster.primaryUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE bench');
      await admin.end();
      const primary = cluster.primaryUrl.replace(/\/postgres$/, '/bench');
      const replica = cluster.replicaUrl.replace(/\/postgres$/, '/bench');
      const env = { ...apiEnv(primary), DATABASE_READ_URL: replica };
      const a = (this.res.api = await startApiProcess(env, log, 'api-1'));
      this.baseUrl = a.baseUrl;
      this.res.sql = new Client({ connectionString: primary });
      await this.sql.connect();
      this.res.replicaSql = new Client({ connectionString: replica });
      await this.res.replicaSql.connect();
      await seedRegistry(this.sql, SERVICES, PROVIDERS);
      const revision = await bumpRevision(this.sql);
      await this.waitForRevision(revision, a.baseUrl);
      const b = (this.res.api2 = await startApiProcess(env, log, 'api-2'));
      await this.waitForRevision(revision, b.baseUrl);
      const ids = (await this.sql.query<{ id: string }>('SELECT id FROM services ORDER BY name_en')).rows.map((r) => r.id);
      for (const api of [a, b]) {
        const warm = await fetch(`${api.baseUrl}/v1/allowlists/tokutei-tsushin?asOf=${AS_OF}`);
        if (warm.status !== 200) throw new Error(`warm-up answered ${warm.status}`);
      }
      log(`seeded ${ids.length} services on the primary; both API processes at revision ${revision}, snapshots read from the replica`);

      const lag = { revisions: 0, replayMs: 0, samples: 0 };
      let writes = 0;
      let running = true;
      const sampler = (async () => {
        while (running) {
          const [p, r, rep] = await Promise.all([
            this.sql.query<{ revision: string }>('SELECT revision::text AS revision FROM registry_state WHERE id = 1'),
            this.res.replicaSql!.query<{ revision: string }>('SELECT revision::text AS revision FROM registry_state WHERE id = 1'),
            this.sql.query<{ ms: number | null }>(
              'SELECT (extract(epoch FROM max(replay_lag)) * 1000)::float8 AS ms FROM pg_stat_replication',
            ),
          ]);
          lag.samples += 1;
          lag.revisions = Math.max(lag.revisions, Number(p.rows[0].revision) - Number(r.rows[0].revision));
          lag.replayMs = Math.max(lag.replayMs, rep.rows[0].ms ?? 0);
          await new Promise((res) => setTimeout(res, LAG_SAMPLE_MS));
        }
      })();
      const writer = (async () => {
        while (running) {
          const target = writes % 2 === 0 ? a : b;
          const res = await fetch(`${target.baseUrl}/v1/providers`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: `replica-bench-${Date.now()}-${writes}` }),
          });
          if (res.status === 201) writes += 1;
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const decision = (asOf: string) => (id: string) => `/v1/services/${id}/eligibility?asOf=${asOf}`;
      const spec = { durationSeconds: DURATION, paths: [] as string[], headers: CLIENT_HEADERS };
      // the generator shares the 2 cores with both API processes and both servers (one wrk per process)
      log(`load generator: ${LOADER}`);
      const half = (k: number, asOf: string) => ids.filter((_, i) => i % 2 === k).map(decision(asOf));
      // both processes warmed (JIT) on a date of their own
      await Promise.all(
        [a, b].map((api, k) =>
          runLoad({
            ...spec,
            baseUrl: api.baseUrl,
            connections: CONNECTIONS / 2,
            durationSeconds: REPLICA_WARMUP,
            paths: half(k, '2026-01-14'),
          }),
        ),
      );
      // 1 and 2 processes alternate, REPLICA_ROUNDS times, each on a date not asked before (every
      // decision computed); the medians are compared, so a slow spell of this shared VM does not
      // land on one side only. Each round runs both placements (`placements()`): the processes where the
      // kernel puts them, then each on a core of its own.
      const all = placements(affinityAvailable());
      const measured = all.filter((p) => p.available);
      const results = measured.map(() => ({
        ones: [] as LoadResult[],
        twos: [] as [LoadResult, LoadResult][],
        one: [] as CpuSpent[],
        two: [] as CpuSpent[],
      }));
      const spent = async <T>(load: () => Promise<T>): Promise<[T, CpuSpent]> => {
        const t = performance.now();
        const [a0, b0, m0] = [cpuSecondsOf(a.pid), cpuSecondsOf(b.pid), machineCpuSeconds()];
        const [am0, bm0] = [mainThreadCpuSecondsOf(a.pid), mainThreadCpuSecondsOf(b.pid)];
        const result = await load();
        const seconds = (performance.now() - t) / 1000;
        const m1 = machineCpuSeconds();
        return [
          result,
          {
            apis: [(cpuSecondsOf(a.pid) - a0) / seconds, (cpuSecondsOf(b.pid) - b0) / seconds],
            mains: [(mainThreadCpuSecondsOf(a.pid) - am0) / seconds, (mainThreadCpuSecondsOf(b.pid) - bm0) / seconds],
            busy: (m1.busy - m0.busy) / seconds,
            steal: (m1.steal - m0.steal) / seconds,
            seconds,
          },
        ];
      };
      for (let round = 0; round < REPLICA_ROUNDS; round++) {
        for (const [k, placement] of measured.entries()) {
          placement.apply(a.pid, b.pid);
          const day = (n: number) => addDays(AS_OF, 2 * (measured.length * round + k) + n);
          const [one, oneCpu] = await spent(() =>
            runLoad({ ...spec, baseUrl: a.baseUrl, connections: CONNECTIONS, paths: ids.map(decision(day(0))) }),
          );
          const [two, twoCpu] = await spent(() =>
            Promise.all([
              runLoad({ ...spec, baseUrl: a.baseUrl, connections: CONNECTIONS / 2, paths: half(0, day(1)) }),
              runLoad({ ...spec, baseUrl: b.baseUrl, connections: CONNECTIONS / 2, paths: half(1, day(1)) }),
            ]),
          );
          const r = results[k];
          r.ones.push(one);
          r.twos.push(two);
          r.one.push(oneCpu);
          r.two.push(twoCpu);
        }
      }
      measured[0].apply(a.pid, b.pid);
      running = false;
      await Promise.all([sampler, writer]);
      const bad = (r: LoadResult) =>
        Object.entries(r.statusCounts)
          .filter(([code]) => !isExpected(code, 200))
          .map(([c, n]) => `${n}× ${c}`);
      // CPU per decision from the API processes' own clocks: whether a second process got the cores, or each decision cost more
      const perDecision = (cores: number, c: CpuSpent, requests: number) => ms((cores * c.seconds * 1000) / requests);
      log();
      log(
        `## one decision, rotating over ${ids.length} services, ${CONNECTIONS} connections, ${DURATION} s, writes every 200 ms, ${REPLICA_ROUNDS} rounds of 1 then 2 processes`,
      );
      for (const [k, placement] of measured.entries()) {
        const { ones, twos, one: cpuOne, two: cpuTwo } = results[k];
        const oneRate = median(ones.map((r) => r.reqPerSec));
        const twoRate = median(twos.map(([x, y]) => x.reqPerSec + y.reqPerSec));
        log(`### ${placement.name}`);
        ones.forEach((one, round) => {
          const [x, y] = twos[round];
          const [c1, c2] = [cpuOne[round], cpuTwo[round]];
          log(
            `  round ${round + 1}: 1 API process ${one.reqPerSec.toFixed(0).padStart(5)} req/s (p50 ${ms(one.p50)}, p99 ${ms(one.p99)}); ` +
              `2 API processes ${(x.reqPerSec + y.reqPerSec).toFixed(0).padStart(5)} req/s (${x.reqPerSec.toFixed(0)} + ${y.reqPerSec.toFixed(0)}; p50 ${ms(x.p50)} / ${ms(y.p50)}) ` +
              `${[...bad(one), ...bad(x), ...bad(y)].join(' ')}`,
          );
          log(
            `    CPU: 1 process ${c1.apis[0].toFixed(2)} cores (main thread ${c1.mains[0].toFixed(2)}; ${perDecision(c1.apis[0], c1, one.completed)} per decision), ` +
              `machine busy ${c1.busy.toFixed(2)} of ${cpus().length}, stolen ${c1.steal.toFixed(2)}; ` +
              `2 processes ${c2.apis[0].toFixed(2)} + ${c2.apis[1].toFixed(2)} cores (main threads ${c2.mains[0].toFixed(2)} + ${c2.mains[1].toFixed(2)}; ` +
              `${perDecision(c2.apis[0] + c2.apis[1], c2, x.completed + y.completed)} per decision), ` +
              `machine busy ${c2.busy.toFixed(2)}, stolen ${c2.steal.toFixed(2)}`,
          );
        });
        log(`  medians: 1 API process ${oneRate.toFixed(0)} req/s, 2 API processes ${twoRate.toFixed(0)} req/s`);
        log(`  ratio 2 : 1 = ${(twoRate / oneRate).toFixed(2)} (target ≥ 1.6; ${placement.note})`);
      }
      for (const placement of all.filter((p) => !p.available))
        log(`### ${placement.name}: not measured (it needs taskset, from util-linux, and 2 cores)`);
      log(
        `  replica lag seen (${lag.samples} samples every ${LAG_SAMPLE_MS} ms, ${writes} writes): at most ${lag.revisions} revision(s) behind the primary, replay_lag ≤ ${ms(lag.replayMs)}`,
      );
      for (const [name, api] of [
        ['api-1', a],
        ['api-2', b],
      ] as const) {
        const m = await Promise.all(
          [
            'registry_replica_reads',
            'registry_replica_waits',
            'registry_replica_fallbacks',
            'registry_replica_max_lag_revisions',
            'registry_replica_max_wait_ms',
            'registry_eligibility_decisions_ahead',
            'registry_eligibility_incremental_reloads',
            'registry_eligibility_full_reloads',
          ].map((n) => this.metric(n, api.baseUrl)),
        );
        log(
          `  ${name}: snapshot reads on the replica ${m[0]}, waited for it ${m[1]}, routed to the primary ${m[2]}, max lag ${m[3]} revision(s), max wait ${ms(m[4])}; ` +
            `${m[5]} decisions made from the snapshot before a write while the replica replayed it; ${m[6]} incremental and ${m[7]} full reloads`,
        );
      }
      // every answer consistent with its ETag: equal ETags from the two processes carry equal bodies
      let compared = 0;
      let mismatched = 0;
      for (const id of ids.slice(0, 200)) {
        const path = decision(AS_OF)(id);
        const [x, y] = await Promise.all([fetch(`${a.baseUrl}${path}`), fetch(`${b.baseUrl}${path}`)]);
        const [bx, by] = await Promise.all([x.text(), y.text()]);
        if (x.headers.get('etag') !== y.headers.get('etag')) continue;
        compared += 1;
        if (bx !== by) mismatched += 1;
      }
      log(`  consistency: ${compared} decisions with equal ETags from both processes, ${mismatched} with different bodies`);
      log(`  API RSS: api-1 ${Math.round(a.rssMiB())} MiB, api-2 ${Math.round(b.rssMiB())} MiB`);
    } finally {
      await this.cleanup();
    }
  }

  /** Closes the app and removes the database; safe to call twice (also used on Ctrl-C). */
  async cleanup(): Promise<void> {
    const sampler = this.sampler;
    this.sampler = null;
    sampler?.stop();
    const { sql, replicaSql, app, api, api2, cluster, db } = this.res;
    this.res.sql = undefined;
    this.res.replicaSql = undefined;
    this.res.app = undefined;
    this.res.api = undefined;
    this.res.api2 = undefined;
    this.res.cluster = undefined;
    this.res.db = undefined;
    await replicaSql?.end().catch(() => undefined);
    await api2?.stop().catch(() => undefined);
    await sql?.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await api?.stop().catch(() => undefined);
    await db?.dispose().catch((err: unknown) => log(`could not clean up the database: ${String(err)}`));
    await cluster?.stop().catch((err: unknown) => log(`could not stop the cluster: ${String(err)}`));
  }

  private printMachine(): void {
    const cpu = cpus();
    log('# npm run bench');
    log(
      `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${process.platform} ${process.arch}`,
    );
    log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (other work on the machine skews every figure)`,
    );
    log(`node ${process.version}; the API in its own process; load from ${LOADER} in the bench process; loopback only`);
    log(
      `scenarios: ${CONNECTIONS} connections × ${DURATION} s (after ${WARMUP} s warm-up) for throughput; 1 connection × ${SEQUENTIAL_REQUESTS} requests for latency`,
    );
  }

  private async boot(): Promise<void> {
    const env = apiEnv(this.db.url);
    if (process.env.BENCH_API_NODE_OPTIONS) log(`API process NODE_OPTIONS=${process.env.BENCH_API_NODE_OPTIONS}`);
    const start = startCommand();
    log(
      `API process started as npm start does: ${Object.entries({ ...start.env, ...pick(process.env, Object.keys(start.env)) })
        .map(([k, v]) => `${k}=${v} `)
        .join('')}node ${start.flags.join(' ')}`,
    );
    this.res.api = await startApiProcess(env, log);
    this.baseUrl = this.api.baseUrl;
    // an app in this process (not listening) only for the breakdown of where the time goes
    this.res.app = await createApp({ config: { ...loadConfig(env), DATABASE_URL: this.db.url } });
    await this.app.init();
    this.res.sql = new Client({ connectionString: this.db.url });
    await this.sql.connect();
    const [{ server_version: version }] = (await this.sql.query<{ server_version: string }>('SHOW server_version')).rows;
    log(`PostgreSQL ${version}; app pool size ${loadConfig(env).DATABASE_POOL_SIZE}; API at ${this.baseUrl}`);
  }

  private async seed(): Promise<void> {
    const t = performance.now();
    await seedRegistry(this.sql, SERVICES, PROVIDERS);
    const revision = await bumpRevision(this.sql);
    await this.waitForRevision(revision);
    const counts = (
      await this.sql.query<{ t: string; n: string }>(`
        SELECT 'providers' t, count(*) n FROM providers UNION ALL SELECT 'services', count(*) FROM services
        UNION ALL SELECT 'registrations', count(*) FROM scheme_registrations UNION ALL SELECT 'endpoints', count(*) FROM endpoints
        UNION ALL SELECT 'assessments', count(*) FROM assessments UNION ALL SELECT 'findings', count(*) FROM findings`)
    ).rows;
    log(
      `seeded ${counts.map((c) => `${c.n} ${c.t}`).join(', ')} in ${ms(performance.now() - t)} (set-based SQL + ANALYZE); revision ${revision}`,
    );
  }

  /** The API follows NOTIFY registry_revision; wait until it has seen `revision` (its /metrics says which it serves). */
  private async waitForRevision(revision: string, baseUrl = this.baseUrl): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await this.metric('registry_revision', baseUrl)) !== Number(revision)) {
      if (Date.now() > deadline) throw new Error(`the API did not see revision ${revision}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** One unlabelled value from the API's /metrics (NaN when absent). */
  private async metric(name: string, baseUrl = this.baseUrl): Promise<number> {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.slice(name.length + 1)) : Number.NaN;
  }

  private async cacheLine(): Promise<string> {
    const names = [
      'nodejs_heap_size_used_bytes',
      'nodejs_heap_size_total_bytes',
      'nodejs_external_memory_bytes',
      'registry_response_cache_entries',
      'registry_response_cache_bytes',
      'registry_response_cache_hits',
      'registry_response_cache_misses',
      'registry_eligibility_decision_sets',
      'registry_eligibility_allowlists',
      'registry_eligibility_full_reloads',
      'registry_eligibility_incremental_reloads',
    ];
    const values = await Promise.all(names.map((n) => this.metric(n)));
    return names
      .map((n, i) => `${n.replace(/^registry_/, '')}=${n.endsWith('bytes') ? `${(values[i] / 2 ** 20).toFixed(1)}MiB` : values[i]}`)
      .join(' ');
  }

  private async get(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; ms: number; headers: Headers; body: string }> {
    const t = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, { headers });
    const body = await res.text();
    return { status: res.status, ms: performance.now() - t, headers: res.headers, body };
  }

  private async load(
    name: string,
    spec: Omit<LoadSpec, 'baseUrl' | 'connections'> & { connections?: number },
    expect: number,
  ): Promise<LoadResult> {
    const full: LoadSpec = { baseUrl: this.baseUrl, connections: CONNECTIONS, ...spec, headers: { ...CLIENT_HEADERS, ...spec.headers } };
    if (!full.amount && WARMUP > 0) await runLoad({ ...full, durationSeconds: WARMUP });
    const r = await runLoad(full);
    const unexpected = Object.entries(r.statusCounts).filter(([code]) => !isExpected(code, expect));
    const issues = [
      ...unexpected.map(([code, n]) => `${n}× ${code}`),
      ...(r.errors ? [`${r.errors} errors`] : []),
      ...(r.timeouts ? [`${r.timeouts} timeouts`] : []),
    ];
    log(
      `  ${name.padEnd(44)} ${r.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${ms(r.p50).padStart(7)}  p99 ${ms(r.p99).padStart(7)}  (${r.completed} requests${issues.length ? `; UNEXPECTED ${issues.join(', ')}` : ''}; API RSS ${this.rssNow()}; ${await this.heapNow()})`,
    );
    return r;
  }

  /** The API's V8 heap (used / total) and external memory now (MiB), for the per-scenario lines. */
  private async heapNow(): Promise<string> {
    const [used, total, external] = await Promise.all(
      ['nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes'].map((n) => this.metric(n)),
    );
    const mib = (b: number) => (b / 2 ** 20).toFixed(0);
    return `heap ${mib(used)} / ${mib(total)} MiB, external ${mib(external)} MiB`;
  }

  /** The API's RSS now and the peak seen so far under load (MiB), for the per-scenario lines. */
  private rssNow(): string {
    const now = this.res.api?.rssMiB() ?? 0;
    return `${Math.round(now)} MiB, peak ${Math.round(Math.max(now, this.sampler?.peak ?? 0))}`;
  }

  private throughputRow(scenario: string, r: LoadResult, min: number | null): void {
    const ratio = this.bare ? r.reqPerSec / this.bare.reqPerSec : null;
    this.rows.push({
      scenario,
      reqPerSec: r.reqPerSec,
      p50: r.p50,
      p99: r.p99,
      ratio,
      target: min === null ? '—' : `≥ ${min} × bare`,
      met: min === null || ratio === null ? null : ratio >= min,
    });
  }

  private latencyRow(scenario: string, r: LoadResult, maxP50: number | null, note?: string): void {
    this.rows.push({
      scenario,
      reqPerSec: r.reqPerSec,
      p50: r.p50,
      p99: r.p99,
      ratio: null,
      target: maxP50 === null ? '—' : `p50 ≤ ${maxP50} ms`,
      met: maxP50 === null ? null : r.p50 <= maxP50,
      note,
    });
  }

  private async reads(): Promise<void> {
    const ids = (await this.sql.query<{ id: string }>('SELECT id FROM services ORDER BY name_en')).rows.map((r) => r.id);
    const decisionPath = (id: string) => `/v1/services/${id}/eligibility?asOf=${AS_OF}`;
    const allowlist = (asOf: string) => `/v1/allowlists/tokutei-tsushin?asOf=${asOf}`;
    const pagePath = (c: string | null | undefined) => `/v1/eligibility?asOf=${AS_OF}&limit=100${c ? `&cursor=${c}` : ''}`;

    log();
    log('## cold: first allowlist request after a revision bump (reloads profiles and the facts snapshot, then decides all)');
    const cold: number[] = [];
    for (let k = 0; k < COLD_SAMPLES; k++) {
      await this.waitForRevision(await bumpRevision(this.sql));
      const r = await this.get(allowlist(AS_OF));
      if (r.status !== 200) throw new Error(`allowlist answered ${r.status}: ${r.body.slice(0, 300)}`);
      cold.push(r.ms);
      if (k === 0) {
        const list = JSON.parse(r.body) as { serviceCount: number; entries: unknown[] };
        log(
          `  allowlist ${AS_OF}: ${list.serviceCount} eligible active services, ${list.entries.length} destinations, ${(r.body.length / 2 ** 20).toFixed(1)} MiB of JSON`,
        );
      }
    }
    log(
      `  cold samples (revision bumped in SQL, no change recorded: a full reload): ${cold.map(ms).join(', ')} (API RSS ${this.rssNow()}; ${await this.heapNow()})`,
    );
    const afterWrite: number[] = [];
    for (let k = 0; k < COLD_SAMPLES; k++) {
      const write = await fetch(`${this.baseUrl}/v1/services/${ids[k * 7]}/endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'fqdn', value: `cold-${k}-${Date.now()}.bench.example.jp`, ports: [443], effectiveOn: '2024-01-01' }),
      });
      if (write.status !== 201) throw new Error(`endpoint write answered ${write.status}: ${await write.text()}`);
      const r = await this.get(allowlist(AS_OF));
      if (r.status !== 200) throw new Error(`allowlist answered ${r.status}: ${r.body.slice(0, 300)}`);
      afterWrite.push(r.ms);
    }
    log(
      `  cold after a write through the API (POST an endpoint: one service's facts reloaded): ${afterWrite.map(ms).join(', ')} (API RSS ${this.rssNow()}; ${await this.heapNow()})`,
    );
    this.coldAfterWrite = afterWrite;
    const inc = await this.incrementalBreakdown(ids[3]);
    log(
      `  where the time goes after a write (in process, no load): facts brought forward ${ms(inc.factsMs)}, ` +
        `decisions carried forward ${ms(inc.decideMs)}, allowlist rebuilt ${ms(inc.allowlistMs)}, its JSON joined ${ms(inc.stringifyMs)}`,
    );
    const b = await this.breakdown(ids);
    log(`  where the time goes (in process, no load, medians):`);
    log(
      `    facts query for all ${b.services} services, incl. the driver's JSON parse: ${ms(b.factsMs)}; equal parts shared: ${ms(b.shareMs)}`,
    );
    log(
      `    engine decide() × ${b.services}: ${ms(b.decideMs)}, of which endpoint analysis (analyzeEndpoint × all endpoints, asOf-independent): ${ms(b.analyzeMs)}`,
    );
    log(`    JSON.stringify of all ${b.services} decisions: ${ms(b.stringifyMs)}`);
    log(`    facts query for one service (factsOf): ${ms(b.oneFactsMs)}`);

    // cursors of every page of 100, and the decision mix, from the warm memo
    const cursors: (string | null)[] = [null];
    const mix: Record<string, number> = {};
    for (let cursor: string | null = null; ;) {
      const r = await this.get(pagePath(cursor));
      const page = JSON.parse(r.body) as { items: { decision: string }[]; nextCursor: string | null };
      page.items.forEach((d) => (mix[d.decision] = (mix[d.decision] ?? 0) + 1));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
      cursors.push(cursor);
    }
    log(
      `  decisions on ${AS_OF}: ${Object.entries(mix)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')} (${cursors.length} pages of 100)`,
    );

    log();
    const sizes = [await this.get(decisionPath(ids[0])), await this.get(pagePath(cursors[1]))];
    const kib = (text: string) => (text.length / 1024).toFixed(0);
    log(
      `  response sizes: one decision ${sizes[0].body.length} B (gzip ${gzipSync(sizes[0].body).length} B), ` +
        `a page of 100 ${kib(sizes[1].body)} KiB (gzip ${(gzipSync(sizes[1].body).length / 1024).toFixed(0)} KiB)`,
    );
    log();
    log(`## throughput (${CONNECTIONS} connections)`);
    const plain = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const plainAddress = plain.address();
    const calibration = await runLoad({
      baseUrl: `http://127.0.0.1:${typeof plainAddress === 'object' && plainAddress ? plainAddress.port : 0}`,
      connections: CONNECTIONS,
      durationSeconds: Math.min(DURATION, 5),
      paths: ['/'],
    });
    await new Promise((resolve) => plain.close(resolve));
    log(
      `  ${'calibration: plain node:http, constant JSON'.padEnd(44)} ${calibration.reqPerSec.toFixed(0).padStart(6)} req/s (stack notes, idle machine: ≈ 90k)`,
    );
    this.rows.push({
      scenario: 'calibration: plain node:http',
      reqPerSec: calibration.reqPerSec,
      p50: calibration.p50,
      p99: calibration.p99,
      ratio: null,
      target: '—',
      met: null,
    });
    this.bare = await this.load('bare: GET /health/live', { paths: ['/health/live'] }, 200);
    this.throughputRow('bare GET /health/live', this.bare, null);

    // every decision asked for once (each computed: the first request of an answer), then the
    // rotation again (each a known answer: the cache holds all of them)
    const firsts = await this.load(
      `one decision, first request of each of ${ids.length}`,
      { paths: ids.map(decisionPath), amount: ids.length },
      200,
    );
    this.throughputRow('one decision, first request (computed)', firsts, null);
    const one = await this.load(`one decision, rotating over ${ids.length} services`, { paths: ids.map(decisionPath) }, 200);
    this.throughputRow('one decision (rotating ids, known)', one, 0.5);
    const same = await this.load('one decision, same URL', { paths: [decisionPath(ids[0])] }, 200);
    this.throughputRow('one decision (same URL)', same, null);

    const first = await this.get(decisionPath(ids[0]));
    const etag = first.headers.get('etag');
    if (!etag) throw new Error('the decision response has no ETag');
    const notModified = await this.load(
      '304: same URL, If-None-Match',
      { paths: [decisionPath(ids[0])], headers: { 'if-none-match': etag } },
      304,
    );
    this.throughputRow('304 (If-None-Match)', notModified, 0.9);

    const pagePaths = cursors.map(pagePath);
    const page = await this.load(`bulk page of 100, rotating ${pagePaths.length} cursors`, { paths: pagePaths }, 200);
    this.throughputRow('bulk page of 100 (memo hit)', page, 0.5);
    const identity = await this.load(
      `bulk page of 100, no Accept-Encoding`,
      { paths: pagePaths, headers: { 'accept-encoding': 'identity' } },
      200,
    );
    this.throughputRow('bulk page of 100 (memo hit, identity)', identity, null);

    log();
    log(`## all ${ids.length} decisions (1 connection, ${SEQUENTIAL_REQUESTS} requests each)`);
    const days = (n: number) => Array.from({ length: n }, () => addDays('2025-01-01', this.nextDay++));
    await runLoad({ baseUrl: this.baseUrl, connections: 1, amount: 5, paths: days(5).map(allowlist) }); // warm-up
    const miss = await this.load(
      'allowlist, new asOf per request (memo miss)',
      { connections: 1, amount: SEQUENTIAL_REQUESTS, paths: days(SEQUENTIAL_REQUESTS).map(allowlist) },
      200,
    );
    this.latencyRow('all decisions: allowlist, memo miss', miss, 150);
    const bulkMiss = await this.load(
      'bulk page, new asOf per request (memo miss)',
      {
        connections: 1,
        amount: SEQUENTIAL_REQUESTS,
        paths: days(SEQUENTIAL_REQUESTS).map((d) => `/v1/eligibility?asOf=${d}&limit=100`),
      },
      200,
    );
    this.latencyRow('all decisions: bulk page, memo miss', bulkMiss, 150);
    const hit = await this.load(
      'allowlist, same asOf (memo hit)',
      { connections: 1, amount: SEQUENTIAL_REQUESTS, paths: [allowlist(AS_OF)] },
      200,
    );
    this.latencyRow('allowlist, memo hit', hit, null);
    this.rows.push({
      scenario: `allowlist, cold after a write (n=${this.coldAfterWrite.length})`,
      reqPerSec: null,
      p50: median(this.coldAfterWrite),
      p99: percentile(this.coldAfterWrite, 99),
      ratio: null,
      target: 'p50 ≤ 100 ms',
      met: median(this.coldAfterWrite) <= 100,
      note: 'first allowlist after POST …/endpoints',
    });
    this.rows.push({
      scenario: `allowlist, cold after a bulk load (n=${cold.length})`,
      reqPerSec: null,
      p50: median(cold),
      p99: percentile(cold, 99),
      ratio: null,
      target: '—',
      met: null,
      note: 'revision bumped in SQL: full reload',
    });
  }

  /** The steps of the first allowlist after a write, timed in this process's app (which follows the same NOTIFY). */
  private async incrementalBreakdown(
    serviceId: string,
  ): Promise<{ factsMs: number; decideMs: number; allowlistMs: number; stringifyMs: number }> {
    const svc = this.app.get(EligibilityService);
    const revisions = this.app.get(RevisionService);
    const samples: { factsMs: number; decideMs: number; allowlistMs: number; stringifyMs: number }[] = [];
    await svc.allowlist('tokutei-tsushin', undefined, AS_OF); // warm: snapshot, decision set and allowlist
    for (let k = 0; k < 3; k++) {
      const write = await fetch(`${this.baseUrl}/v1/services/${serviceId}/endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'fqdn', value: `inc-${k}-${Date.now()}.bench.example.jp`, ports: [443], effectiveOn: '2024-01-01' }),
      });
      if (write.status !== 201) throw new Error(`endpoint write answered ${write.status}`);
      const target = await this.metric('registry_revision');
      while (BigInt(await revisions.get()) < BigInt(target)) await new Promise((r) => setTimeout(r, 2));
      let t = performance.now();
      await svc.facts(await revisions.get());
      const factsMs = performance.now() - t;
      t = performance.now();
      await svc.page('tokutei-tsushin', undefined, AS_OF, undefined, undefined, 1); // carries the decision set forward
      const decideMs = performance.now() - t;
      t = performance.now();
      await svc.allowlist('tokutei-tsushin', undefined, AS_OF);
      const allowlistMs = performance.now() - t;
      t = performance.now();
      await svc.allowlistJson('tokutei-tsushin', undefined, AS_OF); // as the route serialises it
      samples.push({ factsMs, decideMs, allowlistMs, stringifyMs: performance.now() - t });
    }
    const med = (k: keyof (typeof samples)[number]) => median(samples.map((x) => x[k]));
    return { factsMs: med('factsMs'), decideMs: med('decideMs'), allowlistMs: med('allowlistMs'), stringifyMs: med('stringifyMs') };
  }

  /** Where the cold/miss time goes: the facts query (as the app runs it) and the engine alone, in this process. */
  private async breakdown(ids: string[]): Promise<{
    factsMs: number;
    shareMs: number;
    decideMs: number;
    analyzeMs: number;
    stringifyMs: number;
    oneFactsMs: number;
    services: number;
  }> {
    const repo = this.app.get(EligibilityFactsReadModel);
    const profile = await this.app.get(CriteriaService).edition('tokutei-tsushin', undefined, AS_OF);
    const options = { expiringSoonDays: 90, staleConfirmationDays: 365 };
    const facts: number[] = [];
    const shareMs: number[] = [];
    const decideMs: number[] = [];
    const stringifyMs: number[] = [];
    const analyzeMs: number[] = [];
    let services = 0;
    for (let k = 0; k < 3; k++) {
      let t = performance.now();
      const all = await repo.allFacts();
      facts.push(performance.now() - t);
      services = all.length;
      t = performance.now();
      shareEqualParts(all);
      shareMs.push(performance.now() - t);
      t = performance.now();
      const decisions = all.map((f) => decide(profile, f, addDays('2025-01-01', 500 + k), options));
      decideMs.push(performance.now() - t);
      t = performance.now();
      JSON.stringify(decisions);
      stringifyMs.push(performance.now() - t);
      t = performance.now();
      for (const f of all) for (const e of f.endpoints) analyzeEndpoint(e.kind, e.value);
      analyzeMs.push(performance.now() - t);
    }
    const one: number[] = [];
    for (const id of ids.slice(0, 50)) {
      const t = performance.now();
      await repo.factsOf(id);
      one.push(performance.now() - t);
    }
    return {
      factsMs: median(facts),
      shareMs: median(shareMs),
      decideMs: median(decideMs),
      analyzeMs: median(analyzeMs),
      stringifyMs: median(stringifyMs),
      oneFactsMs: median(one),
      services,
    };
  }

  private async writes(): Promise<void> {
    log();
    log('## audited writes (8 concurrent writers: POST /v1/providers, admin key)');
    const before = Number((await this.sql.query<{ audit_size: string }>('SELECT audit_size FROM registry_state')).rows[0].audit_size);
    const r = await this.load(
      'POST /v1/providers, 8 connections',
      {
        connections: 8,
        method: 'POST',
        paths: ['/v1/providers'],
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        uniqueBody: { field: 'name', prefix: `bench-writer-${Date.now()}` },
      },
      201,
    );
    const after = Number((await this.sql.query<{ audit_size: string }>('SELECT audit_size FROM registry_state')).rows[0].audit_size);
    log(`  audit events appended: ${after - before} (warm-up included); chain head moved to seq ${after}`);
    this.rows.push({
      scenario: 'audited writes, 8 writers',
      reqPerSec: r.reqPerSec,
      p50: r.p50,
      p99: r.p99,
      ratio: null,
      target: '—',
      met: null,
    });
  }

  /** The signed snapshot a mirror loads: its size and build time for the whole bench registry. */
  private async snapshot(): Promise<void> {
    log();
    log(`## signed snapshot (GET /v1/snapshots/current) of ${SERVICES} services`);
    const first = await this.get('/v1/snapshots/current');
    const again = await this.get('/v1/snapshots/current');
    const bytes = Buffer.byteLength(first.body);
    log(
      `  → ${first.status}, ${(bytes / 1024 / 1024).toFixed(1)} MiB (gzip ≈ ${(gzipSync(first.body).length / 1024 / 1024).toFixed(1)} MiB); ` +
        `built and signed in ${ms(first.ms)}, served again from the per-revision cache in ${ms(again.ms)}`,
    );
  }

  private async audit(): Promise<void> {
    log();
    log(`## audit chain: ${AUDIT_EVENTS} events`);
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    const probe = await this.get('/v1/audit/verify', admin);
    const present = probe.status !== 404;
    if (present) log(`  chain after the concurrent writes: GET /v1/audit/verify → ${probe.status} ${summarize(probe.body)}`);
    else log('  chain check after the concurrent writes: skipped: endpoint missing (GET /v1/audit/verify → 404)');

    const t = performance.now();
    const range = await appendAuditEvents(this.sql, AUDIT_EVENTS);
    log(`  inserted seq ${range.from}…${range.to} (hashed in Node, INSERT … unnest in batches of 5000) in ${ms(performance.now() - t)}`);

    const offline = await this.verifyOffline();
    log(
      `  reference, library verifier over all ${offline.rows} rows read in one query: ${offline.ok ? 'valid' : 'BROKEN'} (read ${ms(offline.readMs)} + verify ${ms(offline.verifyMs)})`,
    );

    if (!present) {
      log('  time to verify via GET /v1/audit/verify: skipped: endpoint missing');
      return;
    }
    const samples: number[] = [];
    let last = probe;
    for (let k = 0; k < 3; k++) {
      last = await this.get('/v1/audit/verify', admin);
      samples.push(last.ms);
    }
    log(
      `  GET /v1/audit/verify over ${range.to} events → ${last.status} ${summarize(last.body)}; ${samples.map(ms).join(', ')} (median ${ms(median(samples))})`,
    );
  }

  private async verifyOffline(): Promise<{ ok: boolean; rows: number; readMs: number; verifyMs: number }> {
    const t = performance.now();
    const { rows } = await this.sql.query<{
      seq: string;
      occurred_at: Date;
      actor_id: string;
      actor_role: string;
      action: string;
      subject_type: string;
      subject_id: string;
      digest: string;
      prev_hash: string;
      hash: string;
    }>(
      'SELECT seq, occurred_at, actor_id, actor_role, action, subject_type, subject_id, digest, prev_hash, hash FROM audit_events ORDER BY seq',
    );
    const readMs = performance.now() - t;
    const v = performance.now();
    const verifier = new ChainVerifier();
    for (const r of rows) {
      const ok = verifier.push({
        seq: Number(r.seq),
        occurredAt: r.occurred_at.toISOString(),
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        digest: r.digest,
        prevHash: r.prev_hash,
        hash: r.hash,
      });
      if (!ok) break;
    }
    const result = verifier.result();
    if (!result.ok) log(`  chain break: ${JSON.stringify(result.firstBreak)}`);
    return { ok: result.ok, rows: rows.length, readMs, verifyMs: performance.now() - v };
  }

  private printTable(): void {
    log();
    log('## summary');
    const header = ['scenario', 'req/s', 'p50', 'p99', 'ratio to bare', 'target', 'met?'];
    const lines = this.rows.map((r) => [
      r.scenario,
      r.reqPerSec === null ? '—' : r.reqPerSec.toFixed(0),
      r.p50 === null ? '—' : ms(r.p50),
      r.p99 === null ? '—' : ms(r.p99),
      r.ratio === null ? '—' : r.ratio.toFixed(2),
      r.target,
      r.met === null ? '' : r.met ? 'yes' : 'NO',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const fmt = (cells: string[]) =>
      `| ${cells.map((c, i) => (i === 0 || i >= 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
    log(fmt(header));
    log(`|${widths.map((w, i) => (i === 0 || i >= 5 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
    lines.forEach((l) => log(fmt(l)));
    log(`(throughput rows: ${LOADER}; latency rows: autocannon, whole milliseconds; the cold rows are timed by the bench itself)`);
  }
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not available`);
  return value;
}

function summarize(body: string): string {
  return body.length > 200 ? `${body.slice(0, 200)}…` : body;
}

const bench = new Bench();
const onSignal = (signal: string) => {
  log(`${signal}: cleaning up`);
  void bench.cleanup().finally(() => process.exit(130));
};
process.once('SIGINT', () => onSignal('SIGINT'));
process.once('SIGTERM', () => onSignal('SIGTERM'));
(process.argv.includes('--replicas') ? bench.runReplicas() : bench.run()).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
