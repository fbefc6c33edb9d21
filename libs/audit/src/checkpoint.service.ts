import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Clock, strongEtag } from '@app/shared';
import { AuditTrailRepository } from '@app/ledger';
import { hashFromHex, MerkleTree, type SignedCheckpoint, signCheckpoint } from './crypto';
import { GENESIS_HASH } from '@app/ledger';
import { SigningKeyService } from './signing-key.service';

/** Event hashes read per statement while the tree catches up. */
const CHECKPOINT_PAGE = 10_000;

/** RFC 9162 inclusion proof: the audit path of leaf `leafIndex` (event seq - 1) in the tree of `treeSize` leaves. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  /** Hex SHA-256 node hashes, leaf to root. */
  hashes: string[];
}

export interface IssuedCheckpoint {
  checkpoint: SignedCheckpoint;
  etag: string;
  /** Seconds this signed checkpoint is still served for the same tree (Cache-Control max-age). */
  maxAge: number;
}

/**
 * Signed tree heads over the audit hash chain (Certificate Transparency style). The Merkle tree is
 * kept in memory (every complete node, about 64 bytes per event, for inclusion proofs) and advanced
 * with the hashes of new events only, so a checkpoint
 * reads the table once per process, then only what was appended. A signed checkpoint is reused
 * while the tree has not grown, for at most CACHE_MAX_AGE_SECONDS, which makes it cacheable.
 */
@Injectable()
export class CheckpointService {
  private readonly logger = new Logger(CheckpointService.name);
  private tree = new MerkleTree();
  /** Hash of the last leaf in the tree: the next event's prevHash must equal it. */
  private lastHash = GENESIS_HASH;
  private latest: { checkpoint: SignedCheckpoint; signedMs: number } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repo: AuditTrailRepository,
    private readonly keys: SigningKeyService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A signed checkpoint over every event up to registry_state.audit_size. */
  current(): Promise<IssuedCheckpoint> {
    // one catch-up at a time: the tree is shared state
    const next = this.queue.then(() => this.issue());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * A signed checkpoint that covers event `seq`, with the RFC 9162 inclusion proof of that event
   * (leaf seq - 1) in the checkpoint's tree. Fails if the event is not in the tree (not yet
   * recorded, or after a break in the chain: checkpoints never cover a break).
   */
  prove(seq: number): Promise<{ checkpoint: SignedCheckpoint; proof: InclusionProof }> {
    const next = this.queue.then(async () => {
      const { checkpoint } = await this.issue();
      if (!Number.isSafeInteger(seq) || seq < 1 || seq > checkpoint.size) {
        throw new Error(`audit event ${seq} is not covered by the checkpoint (size ${checkpoint.size})`);
      }
      const hashes = this.tree.inclusionProof(seq - 1, checkpoint.size).map((h) => h.toString('hex'));
      return { checkpoint, proof: { leafIndex: seq - 1, treeSize: checkpoint.size, hashes } };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async issue(): Promise<IssuedCheckpoint> {
    const key = await this.keys.key(); // first: resolving it may append an audit event (signing_key.created)
    await this.catchUp();
    const root = this.tree.root().toString('hex');
    const now = this.clock.now().getTime();
    const ttlMs = this.config.CACHE_MAX_AGE_SECONDS * 1000;
    const reusable =
      this.latest !== null &&
      this.latest.checkpoint.size === this.tree.size &&
      this.latest.checkpoint.root === root &&
      this.latest.checkpoint.keyId === key.keyId &&
      now >= this.latest.signedMs &&
      now - this.latest.signedMs < ttlMs;
    if (!reusable) {
      const checkpoint = signCheckpoint({ size: this.tree.size, root, signedAt: new Date(now).toISOString() }, key.privateKeyPem);
      this.latest = { checkpoint, signedMs: now };
    }
    const { checkpoint, signedMs } = this.latest!;
    return {
      checkpoint,
      etag: strongEtag('audit-checkpoint', checkpoint.size, checkpoint.root, checkpoint.signedAt, checkpoint.keyId),
      maxAge: Math.max(0, Math.floor((signedMs + ttlMs - now) / 1000)),
    };
  }

  /** Pushes the hashes of events the tree has not seen yet (seq > tree size, up to the recorded head). */
  private async catchUp(): Promise<void> {
    let rebuilt = false;
    for (;;) {
      const { size, links } = await this.repo.hashesUpToHead(this.tree.size, CHECKPOINT_PAGE);
      const rewritten = size < this.tree.size || (links.length > 0 && this.tree.size > 0 && links[0].prevHash !== this.lastHash);
      if (rewritten && !rebuilt) {
        // The stored chain no longer extends what this process signed: rebuild from the table.
        this.logger.error(
          { treeSize: this.tree.size, recordedSize: size },
          'audit chain no longer extends the checkpointed tree; rebuilding it',
        );
        this.tree = new MerkleTree();
        this.lastHash = GENESIS_HASH;
        rebuilt = true;
        continue;
      }
      for (const link of links) {
        if (link.seq !== this.tree.size + 1 || link.prevHash !== this.lastHash) {
          // Never sign over a gap or a broken link: the checkpoint covers the intact prefix.
          this.logger.error({ seq: link.seq, treeSize: this.tree.size }, 'audit chain is broken; checkpoint covers the events before it');
          return;
        }
        this.tree.push(hashFromHex(link.hash));
        this.lastHash = link.hash;
      }
      if (links.length < CHECKPOINT_PAGE) return;
    }
  }
}
