import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Cron } from 'croner';
import { RevisionService } from '@app/ledger';
import { todayInTokyo } from '@app/eligibility-engine';
import { APP_CONFIG, type AppConfig, Clock } from '@app/shared';
import { LifecycleRepository } from './lifecycle.repository';
import { SweepService } from './sweep.service';

const JOB = 'expiry-sweep';
const TICK_MS = 1000;
/** After a write, decisions are re-swept for today once things have been quiet this long. */
const SETTLE_MS = 2000;

/**
 * Runs the sweep on its schedule (`SWEEP_CRON`, Asia/Tokyo; daily by default) and, shortly after
 * the registry changes, for today, so `eligibility.changed` and `usage.at_risk` follow writes
 * closely. The scheduled run is claimed with FOR UPDATE SKIP LOCKED: any number of workers, one run.
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweepScheduler.name);
  private readonly cron: Cron;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private sweptRevision: string | null = null;
  private seenRevision: { revision: string; at: number } | null = null;

  constructor(
    private readonly repo: LifecycleRepository,
    private readonly sweeps: SweepService,
    private readonly revisions: RevisionService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cron = new Cron(config.SWEEP_CRON, { timezone: 'Asia/Tokyo', paused: true });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = null));
    }, TICK_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      await this.runScheduled();
      await this.runAfterChanges();
    } catch (err) {
      this.logger.error({ err }, 'sweep failed; will retry');
    }
  }

  private async runScheduled(): Promise<void> {
    const now = this.clock.now();
    await this.repo.runIfDue(JOB, now, async () => ({
      result: await this.sweeps.sweep(todayInTokyo(now)),
      next: this.cron.nextRun(now) ?? new Date(now.getTime() + 86_400_000),
    }));
  }

  private async runAfterChanges(): Promise<void> {
    const revision = await this.revisions.get();
    if (revision === this.sweptRevision) return;
    const now = Date.now();
    if (this.seenRevision?.revision !== revision) {
      this.seenRevision = { revision, at: now };
      return;
    }
    if (now - this.seenRevision.at < SETTLE_MS) return;
    await this.sweeps.sweep(todayInTokyo(this.clock.now()));
    this.sweptRevision = await this.revisions.get();
  }
}
