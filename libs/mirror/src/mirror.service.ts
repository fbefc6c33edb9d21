import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { RevisionService } from '@app/ledger';
import { EligibilityService } from '@app/eligibility';
import { APP_CONFIG, type AppConfig, ResponseCache } from '@app/shared';
import { MirrorRepository } from './mirror.repository';
import { partDigest, verifySnapshot } from './snapshot';

/**
 * A read-only mirror (MIRROR_FROM): loads the origin's signed snapshot into this database at boot
 * and then every MIRROR_POLL_SECONDS, but only a snapshot whose signature (by the pinned
 * MIRROR_PUBLIC_KEY), manifest and checkpoint verify. A refused snapshot is logged and the mirror
 * keeps serving the last good one.
 */
@Injectable()
export class MirrorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mirror');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: MirrorRepository,
    private readonly revisions: RevisionService,
    private readonly eligibility: EligibilityService,
    private readonly responses: ResponseCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.MIRROR_FROM) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.MIRROR_POLL_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Fetches, verifies and (when it is another revision) loads the snapshot; answers whether it loaded one. */
  async refresh(): Promise<boolean> {
    const source = this.config.MIRROR_FROM!;
    let text: string;
    try {
      text = /^https?:\/\//.test(source)
        ? await (await fetch(source, { signal: AbortSignal.timeout(60_000) })).text()
        : await readFile(source, 'utf8');
    } catch (err) {
      this.logger.error({ err, source }, 'snapshot could not be read; serving the last good one');
      return false;
    }
    const verdict = verifySnapshot(text, this.config.MIRROR_PUBLIC_KEY!);
    if (!verdict.ok) {
      this.logger.error({ source, reason: verdict.reason }, `snapshot refused (${verdict.reason}); serving the last good one`);
      return false;
    }
    const { body } = verdict;
    const digest = partDigest({ revision: body.revision, manifest: body.manifest });
    if ((await this.repo.loadedSnapshot()) === digest) return false;
    await this.repo.replace(body.revision, body.parts, digest);
    this.revisions.resync();
    // a loaded snapshot may carry a revision number this mirror already served with other data
    this.eligibility.forget();
    this.responses.clear();
    this.logger.log(`loaded snapshot at revision ${body.revision} (key ${verdict.keyId}, created ${body.createdAt})`);
    return true;
  }
}
