import { type DsseEnvelope, signDsse, verifyCheckpoint, verifyDsse, type SignedCheckpoint } from '@app/audit';
import { canonicalJson, sha256Hex } from '@app/ledger';

/** The DSSE payload type of a registry snapshot. */
export const SNAPSHOT_PAYLOAD_TYPE = 'application/vnd.lgwan-registry.snapshot+json';
export const SNAPSHOT_FORMAT = 'lgwan-registry-snapshot/1';

/** Rows of one table, as `to_jsonb` gives them, in a stable order. */
export type TableRows = Record<string, unknown>[];

/**
 * The whole public registry at one revision. `parts` holds the tables (and today's allowlists);
 * `manifest` the SHA-256 of each part's RFC 8785 canonical JSON, so a part can be checked alone.
 */
export interface SnapshotBody {
  format: typeof SNAPSHOT_FORMAT;
  revision: string;
  createdAt: string;
  /** The local-government list shipped with the origin (its data-set digest). */
  localGovernmentListVersion: string | null;
  /** A signed audit checkpoint taken with the snapshot: the audit trail's size and root then. */
  checkpoint: SignedCheckpoint;
  manifest: Record<string, string>;
  parts: Record<string, unknown>;
}

export const partDigest = (part: unknown): string => sha256Hex(canonicalJson(part));

/** Builds the body (with its manifest) and signs it as a DSSE envelope. */
export function signSnapshot(body: Omit<SnapshotBody, 'manifest' | 'format'>, privateKeyPem: string): DsseEnvelope {
  const manifest = Object.fromEntries(Object.entries(body.parts).map(([name, part]) => [name, partDigest(part)]));
  const full: SnapshotBody = { format: SNAPSHOT_FORMAT, ...body, manifest };
  return signDsse(SNAPSHOT_PAYLOAD_TYPE, Buffer.from(JSON.stringify(full), 'utf8'), privateKeyPem);
}

export type SnapshotVerdict = { ok: true; body: SnapshotBody; keyId: string } | { ok: false; reason: string };

/**
 * Checks a snapshot with only the pinned public key: the DSSE signature, the payload type and
 * format, every part against the manifest (and no part missing or extra), and the embedded
 * checkpoint's signature by the same key.
 */
export function verifySnapshot(envelopeJson: string, publicKeyPem: string): SnapshotVerdict {
  let envelope: DsseEnvelope;
  try {
    envelope = JSON.parse(envelopeJson) as DsseEnvelope;
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const signed = verifyDsse(envelope, [publicKeyPem]);
  if (!signed) return { ok: false, reason: 'signature does not verify with the pinned key' };
  if (envelope.payloadType !== SNAPSHOT_PAYLOAD_TYPE) return { ok: false, reason: `payload type ${envelope.payloadType}` };
  let body: SnapshotBody;
  try {
    body = JSON.parse(signed.body.toString('utf8')) as SnapshotBody;
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  if (body.format !== SNAPSHOT_FORMAT || typeof body.revision !== 'string' || !body.parts || !body.manifest) {
    return { ok: false, reason: 'not a registry snapshot' };
  }
  const names = new Set([...Object.keys(body.parts), ...Object.keys(body.manifest)]);
  for (const name of names) {
    if (!(name in body.parts) || !(name in body.manifest))
      return { ok: false, reason: `part ${name} missing from the parts or the manifest` };
    if (partDigest(body.parts[name]) !== body.manifest[name]) return { ok: false, reason: `part ${name} does not match the manifest` };
  }
  const checkpoint = verifyCheckpoint(body.checkpoint, publicKeyPem);
  if (!checkpoint.ok) return { ok: false, reason: `checkpoint: ${checkpoint.reason}` };
  return { ok: true, body, keyId: signed.keyId };
}
