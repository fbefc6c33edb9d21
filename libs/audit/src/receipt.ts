import {
  type DsseEnvelope,
  hashFromHex,
  IN_TOTO_PAYLOAD_TYPE,
  leafHash,
  type SignedCheckpoint,
  verifyCheckpoint,
  verifyDsse,
  verifyInclusion,
} from './crypto';
import { type AuditEventContentRow, digestChange, hashEvent, sha256Hex } from '@app/ledger';

// A decision receipt: a DSSE envelope (payloadType application/vnd.in-toto+json) around an in-toto
// Statement v1 whose subject is the language-neutral decision: the bytes GET /v1/services/{id}/eligibility
// serves with its `message` texts removed (JSON.stringify of the body without them), and whose
// predicate carries the decision, the profile edition's digest, the registry revision, and the
// receipt's own audit event with its RFC 9162 inclusion proof in a signed audit checkpoint.

export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** Ours; an identifier, not a document to fetch. */
export const RECEIPT_PREDICATE_TYPE = 'urn:lgwan-assurance-registry:eligibility-receipt:v1';
/** The audit action recorded for every receipt issued. */
export const RECEIPT_ACTION = 'receipt.issued';

export interface Sha256Digest {
  sha256: string;
}

/** What the receipt.issued audit event records (its `after`): it binds the event to the decision. */
export interface ReceiptRecord {
  receiptId: string;
  serviceId: string;
  profile: { key: string; edition: string; definitionDigest: Sha256Digest };
  asOf: string;
  /** The outcome (eligible, ineligible, indeterminate). */
  decision: string;
  /** sha256 of the decision bytes: the statement's subject digest. */
  decisionDigest: Sha256Digest;
  registryRevision: string;
}

export interface ReceiptInclusionProof {
  /** The event's seq - 1. */
  leafIndex: number;
  /** The checkpoint's size. */
  treeSize: number;
  /** Hex node hashes of the audit path (RFC 9162 §2.1.3.1), leaf to root. */
  hashes: string[];
}

export interface ReceiptPredicate {
  /** The decision exactly as GET …/eligibility serves it; JSON.stringify of it gives the subject's bytes. */
  decision: { serviceId: string; decision: string };
  /** definitionDigest: sha256 of the RFC 8785 canonical JSON of the profile edition the engine used. */
  profile: { key: string; edition: string; definitionDigest: Sha256Digest };
  asOf: string;
  registryRevision: string;
  /** The time of issue: the receipt event's occurredAt. */
  issuedAt: string;
  /** The receipt.issued audit event, every hashed field plus before/after. */
  auditEvent: AuditEventContentRow;
  /** A signed audit checkpoint covering the event. */
  checkpoint: SignedCheckpoint;
  inclusionProof: ReceiptInclusionProof;
}

export interface ReceiptStatement {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: [{ name: 'decision'; digest: Sha256Digest }];
  predicateType: typeof RECEIPT_PREDICATE_TYPE;
  predicate: ReceiptPredicate;
}

/** The statement for a decision whose receipt event is recorded and proven. */
export function buildReceiptStatement(predicate: ReceiptPredicate): ReceiptStatement {
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: 'decision', digest: { sha256: decisionDigest(predicate.decision) } }],
    predicateType: RECEIPT_PREDICATE_TYPE,
    predicate,
  };
}

/**
 * sha256 (hex) of the decision's bytes as served: JSON.stringify, as Express's res.json writes it.
 * JSON.stringify(JSON.parse(text)) === text for such text, so a verifier recomputes it from the
 * parsed predicate.
 */
export function decisionDigest(decision: unknown): string {
  return sha256Hex(JSON.stringify(decision));
}

export type ReceiptCheck = 'signature' | 'statement' | 'subject' | 'event' | 'inclusion' | 'checkpoint';

export interface ReceiptVerdict {
  ok: boolean;
  /** Every check, each on its own (a forged receipt usually fails several). */
  checks: Record<ReceiptCheck, boolean>;
  /** The first failed check, or INVALID_JSON. */
  reason?: ReceiptCheck | 'INVALID_JSON';
  /** One human-readable line. */
  message: string;
  statement?: ReceiptStatement;
}

export interface OfflineReceiptInput {
  /** The saved response of GET /v1/services/{id}/eligibility/receipt. */
  receiptJson: string;
  /** The registry's public keys (SPKI PEM) to trust, e.g. from GET /v1/keys; retired ones included. */
  publicKeyPems: readonly string[];
}

const EXPLAIN: Record<ReceiptCheck, string> = {
  signature: 'the envelope is not signed by a trusted key over the DSSE PAE of an in-toto payload',
  statement: "the payload is not an in-toto Statement v1 with this registry's receipt predicate",
  subject: 'the subject digest is not the sha256 of the embedded decision',
  event: 'the audit event does not hash to its recorded hash, or does not record this decision',
  inclusion: 'the inclusion proof does not lead from the audit event to the checkpoint root',
  checkpoint: 'the checkpoint is not signed by a trusted key',
};

const CHECKS: readonly ReceiptCheck[] = ['signature', 'statement', 'subject', 'event', 'inclusion', 'checkpoint'];

/**
 * Verifies a saved receipt with nothing but the file and the registry's public keys: the DSSE
 * signature, the statement, the subject digest against the embedded decision, the receipt's audit
 * event (hash, digest, and that it records this decision), its inclusion proof against the
 * checkpoint root, and the checkpoint signature. ok only when all hold.
 */
export function verifyReceiptOffline(input: OfflineReceiptInput): ReceiptVerdict {
  const checks: Record<ReceiptCheck, boolean> = {
    signature: false,
    statement: false,
    subject: false,
    event: false,
    inclusion: false,
    checkpoint: false,
  };
  let envelope: DsseEnvelope;
  let statement: ReceiptStatement;
  try {
    envelope = JSON.parse(input.receiptJson) as DsseEnvelope;
    if (typeof envelope?.payload !== 'string') throw new Error('no payload');
    statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as ReceiptStatement;
  } catch (err) {
    return {
      ok: false,
      checks,
      reason: 'INVALID_JSON',
      message: `INVALID (INVALID_JSON): not a DSSE envelope with a JSON payload (${String(err)})`,
    };
  }

  checks.signature = envelope.payloadType === IN_TOTO_PAYLOAD_TYPE && verifyDsse(envelope, input.publicKeyPems) !== null;
  const p = statement?.predicate;
  checks.statement =
    statement?._type === IN_TOTO_STATEMENT_TYPE &&
    statement.predicateType === RECEIPT_PREDICATE_TYPE &&
    Array.isArray(statement.subject) &&
    statement.subject.length === 1 &&
    statement.subject[0]?.name === 'decision' &&
    typeof statement.subject[0].digest?.sha256 === 'string' &&
    typeof p === 'object' &&
    p !== null;
  if (checks.statement) {
    const subject = statement.subject[0].digest.sha256;
    checks.subject = attempt(() => decisionDigest(p.decision) === subject);
    checks.event = attempt(() => eventRecordsDecision(p, subject));
    checks.inclusion = attempt(
      () =>
        p.inclusionProof.leafIndex === p.auditEvent.seq - 1 &&
        p.inclusionProof.treeSize === p.checkpoint.size &&
        verifyInclusion(
          leafHash(hashFromHex(p.auditEvent.hash)),
          p.inclusionProof.leafIndex,
          p.inclusionProof.treeSize,
          p.inclusionProof.hashes.map(hashFromHex),
          hashFromHex(p.checkpoint.root),
        ),
    );
    checks.checkpoint = attempt(() => input.publicKeyPems.some((pem) => verifyCheckpoint(p.checkpoint, pem).ok));
  }

  const failed = CHECKS.filter((c) => !checks[c]);
  if (failed.length > 0) {
    return {
      ok: false,
      checks,
      reason: failed[0],
      message: `INVALID (${failed.join(', ')}): ${failed.map((c) => EXPLAIN[c]).join('; ')}`,
      statement,
    };
  }
  return {
    ok: true,
    checks,
    message:
      `VALID: ${p.decision.decision} for service ${p.decision.serviceId} under ${p.profile.key}@${p.profile.edition} on ${p.asOf} ` +
      `(registry revision ${p.registryRevision}), issued ${p.issuedAt}; audit event ${p.auditEvent.seq} is in the checkpoint of ` +
      `${p.checkpoint.size} events signed by key ${p.checkpoint.keyId}`,
    statement,
  };
}

function eventRecordsDecision(p: ReceiptPredicate, subjectDigest: string): boolean {
  const e = p.auditEvent;
  const after = e.after as ReceiptRecord | null;
  return (
    e.action === RECEIPT_ACTION &&
    hashEvent(e) === e.hash &&
    digestChange(e.before, e.after) === e.digest &&
    e.occurredAt === p.issuedAt &&
    after !== null &&
    e.subjectType === 'receipt' &&
    e.subjectId === after.receiptId &&
    after.decisionDigest?.sha256 === subjectDigest &&
    after.serviceId === p.decision.serviceId &&
    after.decision === p.decision.decision &&
    after.asOf === p.asOf &&
    after.registryRevision === p.registryRevision &&
    after.profile?.key === p.profile.key &&
    after.profile.edition === p.profile.edition &&
    after.profile.definitionDigest?.sha256 === p.profile.definitionDigest.sha256
  );
}

function attempt(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false; // a malformed field fails its check
  }
}
