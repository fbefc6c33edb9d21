import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { type DsseEnvelope, type DsseSignature, signDssePieces, verifyCheckpoint, verifyDsse, type SignedCheckpoint } from '@app/audit';
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

/**
 * Writes a signed snapshot part by part, so that neither a table's rows nor the envelope is ever
 * whole in memory as objects or text: each part goes out as RFC 8785 canonical JSON (hashed for the
 * manifest as it is written), the payload's bytes are signed once, and the DSSE envelope comes out
 * gzip-coded (a 10,000-service registry: ≈ 42 MiB of payload, ≈ 5 MiB kept). The payload parses to
 * a SnapshotBody (`verifySnapshot`).
 */
export class SnapshotWriter {
  private readonly pieces: Buffer[] = [];
  private readonly manifest: Record<string, string> = {};
  private parts = 0;

  constructor() {
    this.pieces.push(Buffer.from(`{"format":${JSON.stringify(SNAPSHOT_FORMAT)},"parts":{`));
  }

  /** A part written whole (e.g. today's allowlists). */
  value(name: string, value: unknown): void {
    const text = canonicalJson(value);
    this.pieces.push(Buffer.from(`${this.key(name)}${text}`));
    this.manifest[name] = sha256Hex(text);
  }

  /** A part that is an array (a table's rows), written one batch of elements at a time. */
  async array(name: string, batches: AsyncIterable<readonly unknown[]>): Promise<void> {
    const hash = createHash('sha256');
    let first = true;
    this.pieces.push(Buffer.from(`${this.key(name)}[`));
    hash.update('[');
    for await (const batch of batches) {
      let text = '';
      for (const element of batch) {
        text += first ? canonicalJson(element) : `,${canonicalJson(element)}`;
        first = false;
      }
      this.pieces.push(Buffer.from(text));
      hash.update(text);
    }
    this.pieces.push(Buffer.from(']'));
    hash.update(']');
    this.manifest[name] = hash.digest('hex');
  }

  /** Closes the payload with the rest of the body and its manifest, signs it, and returns the envelope's JSON gzip-coded. */
  async finish(rest: Omit<SnapshotBody, 'manifest' | 'format' | 'parts'>, privateKeyPem: string): Promise<Buffer> {
    const fields = Object.entries(rest).map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`);
    this.pieces.push(Buffer.from(`}${fields.join('')},"manifest":${JSON.stringify(this.manifest)}}`));
    const { body, signatures } = signDssePieces(SNAPSHOT_PAYLOAD_TYPE, this.pieces, privateKeyPem);
    this.pieces.length = 0;
    return gzipEnvelope(SNAPSHOT_PAYLOAD_TYPE, body, signatures);
  }

  private key(name: string): string {
    return `${this.parts++ === 0 ? '' : ','}${JSON.stringify(name)}:`;
  }
}

/** `{"payloadType","payload","signatures"}` gzip-coded, the payload's base64 made a slice at a time. */
async function gzipEnvelope(payloadType: string, body: Buffer, signatures: DsseSignature[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const slice = 3 * 2 ** 18; // whole 3-byte groups: the slices' base64 strings join into the body's
  await pipeline(
    function* () {
      yield `{"payloadType":${JSON.stringify(payloadType)},"payload":"`;
      for (let at = 0; at < body.length; at += slice) yield body.subarray(at, at + slice).toString('base64');
      yield `","signatures":${JSON.stringify(signatures)}}`;
    },
    createGzip(),
    async (coded: AsyncIterable<Buffer>) => {
      for await (const chunk of coded) out.push(chunk);
    },
  );
  return Buffer.concat(out);
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
