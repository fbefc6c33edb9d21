import { type CheckpointFailure, type SignedCheckpoint, verifyCheckpoint, verifyCheckpointAgainstHashes } from './crypto';

/** What `checkpoint:verify` reads from disk, as text. */
export interface OfflineCheckpointInput {
  /** The saved response of GET /v1/audit/checkpoint. */
  checkpointJson: string;
  /** Event hashes, one lower-case hex hash per line in seq order (e.g. from `audit:hashes`). */
  hashesText?: string;
  /** The registry's public key (SPKI PEM) to pin; without it only self-consistency is proven. */
  publicKeyPem?: string;
}

export type OfflineFailure = CheckpointFailure | 'INVALID_JSON' | 'INVALID_HASHES';

export interface OfflineVerdict {
  ok: boolean;
  reason?: OfflineFailure;
  /** One human-readable line: the verdict and what it covered. */
  message: string;
  /** Caveats that do not fail the check (e.g. an unpinned key). */
  warnings: string[];
}

const FIELDS = ['size', 'root', 'signedAt', 'signature', 'keyId', 'publicKey'] as const;

const EXPLAIN: Record<OfflineFailure, string> = {
  MALFORMED: 'the checkpoint is malformed (size, root, signedAt, signature or public key)',
  KEY_ID_MISMATCH: 'keyId does not name the embedded public key',
  UNEXPECTED_KEY: 'the checkpoint was signed by another key than the pinned one',
  BAD_SIGNATURE: 'the signature does not match size, root and signedAt',
  SIZE_MISMATCH: 'the hashes file has fewer hashes than the checkpoint covers',
  ROOT_MISMATCH: 'the Merkle root over the hashes differs from the signed root',
  INVALID_JSON: 'the checkpoint file is not a JSON checkpoint object',
  INVALID_HASHES: 'the hashes file is not one 64-hex-character hash per line',
};

/** Parses a hashes file: one hex SHA-256 per line, blank lines ignored; names the first bad line. */
export function parseHashList(text: string): { hashes: string[] } | { line: number } {
  const hashes: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    if (!/^[0-9a-fA-F]{64}$/.test(line)) return { line: i + 1 };
    hashes.push(line.toLowerCase());
  }
  return { hashes };
}

/**
 * Verifies a saved checkpoint with nothing but the files: the Ed25519 signature and key id,
 * optionally the pinned key, and with hashes the RFC 9162 root over the first `size` of them.
 */
export function verifyCheckpointOffline(input: OfflineCheckpointInput): OfflineVerdict {
  const warnings: string[] = [];
  let checkpoint: SignedCheckpoint;
  try {
    const parsed: unknown = JSON.parse(input.checkpointJson);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !FIELDS.every((f) => f in parsed)) {
      return failed('INVALID_JSON', `missing one of ${FIELDS.join(', ')}`);
    }
    checkpoint = parsed as SignedCheckpoint;
  } catch (err) {
    return failed('INVALID_JSON', err instanceof Error ? err.message : undefined);
  }

  let hashes: string[] | undefined;
  if (input.hashesText !== undefined) {
    const parsed = parseHashList(input.hashesText);
    if ('line' in parsed) return failed('INVALID_HASHES', `line ${parsed.line}`);
    hashes = parsed.hashes;
  }
  if (input.publicKeyPem === undefined) {
    warnings.push('no --public-key given: this proves the checkpoint is self-consistent, not that the registry signed it');
  }
  if (hashes === undefined) {
    warnings.push('no --hashes given: the root was not recomputed from the events');
  }

  const result =
    hashes === undefined
      ? verifyCheckpoint(checkpoint, input.publicKeyPem)
      : verifyCheckpointAgainstHashes(checkpoint, hashes, input.publicKeyPem);
  if (!result.ok) {
    const reason = result.reason ?? 'MALFORMED';
    const detail = reason === 'SIZE_MISMATCH' && hashes ? `${hashes.length} hashes for size ${checkpoint.size}` : undefined;
    return { ...failed(reason, detail), warnings };
  }
  const covered = hashes === undefined ? '' : `; root recomputed over the first ${checkpoint.size} of ${hashes.length} hashes`;
  const pinned = input.publicKeyPem === undefined ? '' : ' (pinned)';
  return {
    ok: true,
    message: `VALID: checkpoint of ${checkpoint.size} events, root ${checkpoint.root}, signed at ${checkpoint.signedAt} by key ${checkpoint.keyId}${pinned}${covered}`,
    warnings,
  };
}

function failed(reason: OfflineFailure, detail?: string): OfflineVerdict {
  return { ok: false, reason, message: `INVALID (${reason}): ${EXPLAIN[reason]}${detail ? ` (${detail})` : ''}`, warnings: [] };
}
