import { Injectable } from '@nestjs/common';
import { CheckpointService, SigningKeyService } from '@app/audit';
import { CriteriaService } from '@app/criteria';
import { EligibilityService } from '@app/eligibility';
import { todayInTokyo } from '@app/eligibility-engine';
import { Clock } from '@app/shared';
import { MIRRORED_TABLES, MirrorRepository } from './mirror.repository';
import { SnapshotWriter } from './snapshot';

/**
 * Builds the signed snapshot of the public registry: every public table at one revision, today's
 * allowlists of every profile, the local-government list version and a signed audit checkpoint.
 * It is written table by table (SnapshotWriter) and kept gzip-coded, one per (revision, day), served
 * again until either moves.
 */
@Injectable()
export class SnapshotService {
  private cached: { key: string; envelope: Promise<Buffer> } | null = null;

  constructor(
    private readonly repo: MirrorRepository,
    private readonly eligibility: EligibilityService,
    private readonly criteria: CriteriaService,
    private readonly checkpoints: CheckpointService,
    private readonly keys: SigningKeyService,
    private readonly clock: Clock,
  ) {}

  /** The DSSE envelope's JSON, gzip-coded. */
  async current(): Promise<Buffer> {
    const today = todayInTokyo(this.clock.now());
    const key = `${await this.repo.revision()}|${today}`;
    if (this.cached?.key !== key) {
      const envelope = this.build(today);
      this.cached = { key, envelope };
      envelope.catch(() => {
        if (this.cached?.envelope === envelope) this.cached = null;
      });
    }
    return this.cached.envelope;
  }

  private async build(today: string): Promise<Buffer> {
    const writer = new SnapshotWriter();
    const { revision, localGovernmentListVersion } = await this.repo.read(async (registry) => {
      for (const { table } of MIRRORED_TABLES) await writer.array(table, registry.rows(table));
      return registry;
    });
    const profileKeys = [...new Set((await this.criteria.all()).map((p) => p.key))].sort();
    const allowlists: Record<string, unknown> = {};
    for (const profile of profileKeys) {
      allowlists[profile] = await this.eligibility.allowlist(profile, undefined, today).catch(() => null);
    }
    writer.value('allowlists', { asOf: today, byProfile: allowlists });
    const { checkpoint } = await this.checkpoints.current();
    const key = await this.keys.key();
    return writer.finish(
      { revision, createdAt: this.clock.now().toISOString(), localGovernmentListVersion, checkpoint },
      key.privateKeyPem,
    );
  }
}
