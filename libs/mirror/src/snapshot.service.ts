import { Injectable } from '@nestjs/common';
import { CheckpointService, type DsseEnvelope, SigningKeyService } from '@app/audit';
import { CriteriaService } from '@app/criteria';
import { EligibilityService } from '@app/eligibility';
import { todayInTokyo } from '@app/eligibility-engine';
import { Clock } from '@app/shared';
import { MirrorRepository } from './mirror.repository';
import { signSnapshot } from './snapshot';

/**
 * Builds the signed snapshot of the public registry: every public table at one revision, today's
 * allowlists of every profile, the local-government list version and a signed audit checkpoint.
 * One snapshot is kept per (revision, day) and served again until either moves.
 */
@Injectable()
export class SnapshotService {
  private cached: { key: string; envelope: Promise<DsseEnvelope> } | null = null;

  constructor(
    private readonly repo: MirrorRepository,
    private readonly eligibility: EligibilityService,
    private readonly criteria: CriteriaService,
    private readonly checkpoints: CheckpointService,
    private readonly keys: SigningKeyService,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<DsseEnvelope> {
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

  private async build(today: string): Promise<DsseEnvelope> {
    const dump = await this.repo.dump();
    const profileKeys = [...new Set((await this.criteria.all()).map((p) => p.key))].sort();
    const allowlists: Record<string, unknown> = {};
    for (const profile of profileKeys) {
      allowlists[profile] = await this.eligibility.allowlist(profile, undefined, today).catch(() => null);
    }
    const { checkpoint } = await this.checkpoints.current();
    const key = await this.keys.key();
    return signSnapshot(
      {
        revision: dump.revision,
        createdAt: this.clock.now().toISOString(),
        localGovernmentListVersion: dump.localGovernmentListVersion,
        checkpoint,
        parts: { ...dump.tables, allowlists: { asOf: today, byProfile: allowlists } },
      },
      key.privateKeyPem,
    );
  }
}
