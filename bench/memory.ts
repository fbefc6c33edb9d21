/**
 * `npm run bench:memory`: what the API keeps alive at 10,000 services, step by step. The app runs in
 * this process (not listening); after each step a forced full GC reads the heap that is really live
 * (what a `--max-old-space-size` must hold), and the heap's high-water mark since the previous step.
 * Needs `--expose-gc` (the script passes it). Prints figures only.
 */
import 'reflect-metadata';
import { getHeapStatistics } from 'node:v8';
import { Client } from 'pg';
import { createApp } from '../apps/api/src/create-app';
import { EligibilityService } from '@app/eligibility';
import { RevisionService } from '@app/ledger';
import { loadConfig } from '@app/shared';
import { startBenchDatabase } from './database';
import { bumpRevision, PROFILE_KEY, seedRegistry } from './seed';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const AS_OF = '2026-01-15';
const log = (line = ''): void => void process.stdout.write(`${line}\n`);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const gc = (globalThis as { gc?: () => void }).gc;

/** Samples heapUsed every millisecond the event loop lets it (a lower bound of the peak). */
class HeapPeak {
  peak = 0;
  private readonly timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage().heapUsed)), 1);
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage().heapUsed);
  }
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc');
  const db = await startBenchDatabase(log);
  const env = { NODE_ENV: 'production', LOG_LEVEL: 'silent', RUN_WORKER_IN_PROCESS: 'false', DATABASE_URL: db.url };
  const app = await createApp({ config: { ...loadConfig(env), DATABASE_URL: db.url } });
  const sql = new Client({ connectionString: db.url });
  try {
    await app.init();
    await sql.connect();
    await seedRegistry(sql, SERVICES, Math.max(1, Math.round(SERVICES / 20)));
    const eligibility = app.get(EligibilityService);
    let previous = 0;
    const step = async (name: string, work: () => Promise<unknown>): Promise<void> => {
      const peak = new HeapPeak();
      await work();
      const high = peak.stop();
      gc();
      gc();
      const live = process.memoryUsage();
      log(
        `${name.padEnd(58)} live ${mib(live.heapUsed).padStart(10)} (${live.heapUsed >= previous ? '+' : ''}${mib(live.heapUsed - previous)})` +
          `  peak ≥ ${mib(high).padStart(10)}  heap total ${mib(getHeapStatistics().total_heap_size).padStart(10)}  external ${mib(live.external)}`,
      );
      previous = live.heapUsed;
    };
    await step('booted, seeded', () => Promise.resolve());
    const reload = async () => {
      const revision = await bumpRevision(sql);
      while ((await app.get(RevisionService).get()) !== revision) await new Promise((r) => setTimeout(r, 5));
    };
    await step('full load + allowlist (one decision set)', async () => {
      await reload();
      await eligibility.allowlist(PROFILE_KEY, undefined, AS_OF);
    });
    await step('bulk page of 100, en (same decision set)', () =>
      eligibility.localizedPage(PROFILE_KEY, undefined, AS_OF, undefined, undefined, 100, 'en'),
    );
    await step('allowlist of a second date (second decision set)', () => eligibility.allowlist(PROFILE_KEY, undefined, '2026-02-01'));
    await step('allowlist of a third date (the first set evicted)', () => eligibility.allowlist(PROFILE_KEY, undefined, '2026-02-02'));
    for (let k = 1; k <= 3; k++) {
      await step(`full reload ${k} (revision bumped in SQL) + both allowlists`, async () => {
        await reload();
        await eligibility.allowlist(PROFILE_KEY, undefined, '2026-02-01');
        await eligibility.allowlist(PROFILE_KEY, undefined, '2026-02-02');
      });
    }
    log();
    log(`metrics: ${JSON.stringify(eligibility.memoSizes())}`);
  } finally {
    await sql.end().catch(() => undefined);
    await app.close();
    await db.dispose();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
