import { canonicalJson, sha256Hex } from './canonical';

/** prevHash of the first event (seq 1): 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** One row of the append-only audit hash chain. */
export interface AuditEventRow {
  /** 1-based, contiguous. */
  seq: number;
  /** ISO-8601 timestamp string, exactly as hashed. */
  occurredAt: string;
  actorId: string;
  actorRole: string;
  action: string;
  subjectType: string;
  subjectId: string;
  /** sha256 hex of canonical `{ before, after }`, see digestChange. */
  digest: string;
  /** hash of the previous row; GENESIS_HASH for seq 1. */
  prevHash: string;
  /** hashEvent(all other fields). */
  hash: string;
}

export type AuditEventFields = Omit<AuditEventRow, 'hash'>;

/** A row with the change it records: verification then recomputes `digest` from `before` and `after`. */
export interface AuditEventContentRow extends AuditEventRow {
  before: unknown;
  after: unknown;
}

export type ChainBreakReason = 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP' | 'DIGEST_MISMATCH';

export interface ChainVerification {
  ok: boolean;
  /** Number of rows that verified before the first break (or in total). */
  verified: number;
  firstBreak: null | { seq: number; reason: ChainBreakReason };
}

/**
 * sha256 hex of canonical JSON `{"after":…,"before":…}`; undefined is treated as null.
 * The writer hashes the values as they are stored and read back (see toStoredJson), so the
 * digest can be recomputed from the jsonb columns.
 */
export function digestChange(before: unknown, after: unknown): string {
  return sha256Hex(canonicalJson({ before: before ?? null, after: after ?? null }));
}

/**
 * A value as a jsonb column keeps it: exactly what JSON.stringify writes (toJSON applied, undefined
 * members dropped, undefined array items as null), parsed back. jsonb re-orders keys and reformats
 * numbers, but for text JSON.stringify produces it keeps the same values (finite doubles round-trip
 * through numeric; key order is irrelevant to canonical JSON); text it cannot store (\u0000, lone
 * surrogates) is refused by PostgreSQL, so the write fails instead of storing something else.
 */
export function toStoredJson(value: unknown): unknown {
  const text = JSON.stringify(value ?? null);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

/**
 * sha256 hex of the canonical JSON of exactly the nine non-hash fields (incl. prevHash).
 * Extra properties on the argument (e.g. DB ids, `hash` itself) are ignored.
 */
export function hashEvent(fields: AuditEventFields): string {
  return sha256Hex(eventCanonicalJson(fields));
}

/** Canonical JSON of the hashed fields; exported for tests and offline tooling. */
export function eventCanonicalJson(fields: AuditEventFields): string {
  const { seq, occurredAt, actorId, actorRole, action, subjectType, subjectId, digest, prevHash } = fields;
  const strings = [action, actorId, actorRole, digest, occurredAt, prevHash, subjectId, subjectType];
  if (Number.isSafeInteger(seq) && strings.every((v) => typeof v === 'string')) {
    // Fast path (verification of large chains): for strings and integers this is byte-identical
    // to canonicalJson: RFC 8785 key order, values serialised with JSON.stringify as the library does.
    const [a, b, c, d, e, f, g, h] = strings.map((v) => JSON.stringify(v));
    return `{"action":${a},"actorId":${b},"actorRole":${c},"digest":${d},"occurredAt":${e},"prevHash":${f},"seq":${seq},"subjectId":${g},"subjectType":${h}}`;
  }
  return canonicalJson({ seq, occurredAt, actorId, actorRole, action, subjectType, subjectId, digest, prevHash });
}

/**
 * Incremental verifier: push rows in seq order (e.g. page by page); push returns false
 * at the first break and ignores everything after it.
 *
 * With the default start (GENESIS_HASH) the first row must be seq 1. When resuming
 * mid-chain, pass the previous row's hash and, ideally, the expected first seq; if the
 * latter is omitted the first row's seq is accepted and only contiguity is checked.
 */
export class ChainVerifier {
  private prevHash: string;
  private nextSeq: number | undefined;
  private verified = 0;
  private firstBreak: ChainVerification['firstBreak'] = null;

  constructor(startPrevHash: string = GENESIS_HASH, expectedFirstSeq?: number) {
    this.prevHash = startPrevHash;
    this.nextSeq = expectedFirstSeq ?? (startPrevHash === GENESIS_HASH ? 1 : undefined);
  }

  /**
   * Checks, in order: seq, link, hash of the fields, and, when the row carries `before` and `after`
   * (AuditEventContentRow), that `digest` is the digest of that content (DIGEST_MISMATCH otherwise).
   */
  push(row: AuditEventRow | AuditEventContentRow): boolean {
    if (this.firstBreak) return false;
    const reason: ChainBreakReason | null =
      this.nextSeq !== undefined && row.seq !== this.nextSeq
        ? 'SEQ_GAP'
        : row.prevHash !== this.prevHash
          ? 'PREV_HASH_MISMATCH'
          : hashEvent(row) !== row.hash
            ? 'HASH_MISMATCH'
            : 'before' in row && 'after' in row && !digestMatches(row)
              ? 'DIGEST_MISMATCH'
              : null;
    if (reason) {
      this.firstBreak = { seq: row.seq, reason };
      return false;
    }
    this.prevHash = row.hash;
    this.nextSeq = row.seq + 1;
    this.verified++;
    return true;
  }

  /** Hash of the last verified row (the start hash if none): resume point for the next page. */
  get head(): string {
    return this.prevHash;
  }

  result(): ChainVerification {
    return { ok: this.firstBreak === null, verified: this.verified, firstBreak: this.firstBreak };
  }
}

function digestMatches(row: AuditEventContentRow): boolean {
  try {
    return digestChange(row.before, row.after) === row.digest;
  } catch {
    return false; // content with no canonical JSON (cannot come from jsonb) is not what was hashed
  }
}

/** Verifies rows (in seq order) from startPrevHash; stops at the first break. */
export function verifyChain(
  rows: Iterable<AuditEventRow | AuditEventContentRow>,
  startPrevHash: string = GENESIS_HASH,
  expectedFirstSeq?: number,
): ChainVerification {
  const verifier = new ChainVerifier(startPrevHash, expectedFirstSeq);
  for (const row of rows) {
    if (!verifier.push(row)) break;
  }
  return verifier.result();
}
