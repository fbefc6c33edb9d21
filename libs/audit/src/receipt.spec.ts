import { describe, expect, it } from '@jest/globals';
import { type DsseEnvelope, generateSigningKey, hashFromHex, IN_TOTO_PAYLOAD_TYPE, MerkleTree, signCheckpoint, signDsse } from './crypto';
import { canonicalJson, digestChange, GENESIS_HASH, hashEvent, sha256Hex } from '@app/ledger';
import {
  buildReceiptStatement,
  decisionDigest,
  type ReceiptPredicate,
  type ReceiptRecord,
  type ReceiptStatement,
  verifyReceiptOffline,
} from './receipt';

const key = generateSigningKey();
const other = generateSigningKey();

const decision = {
  serviceId: '6f1c2b9e-1111-4a4a-8888-123456789abc',
  profile: { key: 'tokutei-tsushin', edition: 'R6.10' },
  asOf: '2025-12-01',
  decision: 'eligible',
  validUntil: '2026-05-31',
  requirements: [{ id: 'ISMAP_LIU', outcome: 'satisfied' }],
};
const profile = {
  key: 'tokutei-tsushin',
  edition: 'R6.10',
  definitionDigest: { sha256: sha256Hex(canonicalJson({ key: 'tokutei-tsushin' })) },
};

/** A chain of 6 events whose 4th (seq 4) is the receipt's, a checkpoint over all 6, and the signed envelope. */
function issue(tweak: (p: ReceiptPredicate) => void = () => undefined, signer = key.privateKeyPem): DsseEnvelope {
  const record: ReceiptRecord = {
    receiptId: '0b7d3c2a-0000-4000-8000-000000000001',
    serviceId: decision.serviceId,
    profile,
    asOf: decision.asOf,
    decision: decision.decision,
    decisionDigest: { sha256: decisionDigest(decision) },
    registryRevision: '42',
  };
  const tree = new MerkleTree();
  let prevHash = GENESIS_HASH;
  let receiptEvent: ReceiptPredicate['auditEvent'] | null = null;
  for (let seq = 1; seq <= 6; seq++) {
    const mine = seq === 4;
    const before = null;
    const after = mine ? record : { n: seq };
    const fields = {
      seq,
      occurredAt: '2025-12-01T03:00:00.000Z',
      actorId: '00000000-0000-4000-8000-000000000000',
      actorRole: 'admin',
      action: mine ? 'receipt.issued' : 'provider.created',
      subjectType: mine ? 'receipt' : 'provider',
      subjectId: mine ? record.receiptId : String(seq),
      digest: digestChange(before, after),
      prevHash,
    };
    const hash = hashEvent(fields);
    if (mine) receiptEvent = { ...fields, hash, before, after };
    tree.push(hashFromHex(hash));
    prevHash = hash;
  }
  const checkpoint = signCheckpoint(
    { size: 6, root: tree.root().toString('hex'), signedAt: '2025-12-01T03:00:00.001Z' },
    key.privateKeyPem,
  );
  const predicate: ReceiptPredicate = {
    decision,
    profile,
    asOf: decision.asOf,
    registryRevision: '42',
    issuedAt: '2025-12-01T03:00:00.000Z',
    auditEvent: receiptEvent!,
    checkpoint,
    inclusionProof: { leafIndex: 3, treeSize: 6, hashes: tree.inclusionProof(3, 6).map((h) => h.toString('hex')) },
  };
  tweak(predicate);
  return signDsse(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(buildReceiptStatement(predicate))), signer);
}

const verify = (envelope: unknown, keys = [key.publicKeyPem]) =>
  verifyReceiptOffline({ receiptJson: JSON.stringify(envelope), publicKeyPems: keys });
const all = { signature: true, statement: true, subject: true, event: true, inclusion: true, checkpoint: true };

describe('verifyReceiptOffline', () => {
  it('accepts an intact receipt with the signing key, among others', () => {
    expect(verify(issue())).toMatchObject({ ok: true, checks: all });
    expect(verify(issue(), [other.publicKeyPem, key.publicKeyPem]).ok).toBe(true);
    expect(verify(issue()).message).toMatch(/^VALID: eligible for service 6f1c2b9e/);
  });

  it('names each failed check on its own (statements re-signed with the trusted key)', () => {
    // the decision changed under the same subject digest
    const extended = { ...decision, validUntil: '2099-12-31' };
    expect(verify(resign((st) => (st.predicate.decision = extended)))).toMatchObject({
      ok: false,
      reason: 'subject',
      checks: { ...all, subject: false },
    });
    // …or with a matching subject digest: the audit event still records the original one
    expect(verify(issue((p) => (p.decision = { ...decision, decision: 'ineligible' })))).toMatchObject({
      ok: false,
      reason: 'event',
      checks: { ...all, event: false },
    });
    expect(verify(issue((p) => (p.registryRevision = '43')))).toMatchObject({ reason: 'event', checks: { ...all, event: false } });
    expect(
      verify(issue((p) => (p.auditEvent = { ...p.auditEvent, after: { ...(p.auditEvent.after as object), asOf: '2025-01-01' } }))),
    ).toMatchObject({
      reason: 'event',
    });
    expect(verify(issue((p) => (p.inclusionProof.hashes[0] = '0'.repeat(64))))).toMatchObject({
      reason: 'inclusion',
      checks: { ...all, inclusion: false },
    });
    expect(verify(issue((p) => (p.inclusionProof.leafIndex = 2)))).toMatchObject({ reason: 'inclusion' });
    expect(verify(issue((p) => (p.checkpoint = { ...p.checkpoint, size: 7 })))).toMatchObject({
      ok: false,
      checks: { ...all, inclusion: false, checkpoint: false },
    });
    const foreign = signCheckpoint({ size: 6, root: issueRoot(), signedAt: '2025-12-01T03:00:00.001Z' }, other.privateKeyPem);
    expect(verify(issue((p) => (p.checkpoint = foreign)))).toMatchObject({ reason: 'checkpoint', checks: { ...all, checkpoint: false } });
  });

  it('refuses a receipt signed by another key, a flipped payload byte, another payload type or statement type', () => {
    expect(verify(issue(undefined, other.privateKeyPem))).toMatchObject({
      ok: false,
      reason: 'signature',
      checks: { ...all, signature: false },
    });
    const envelope = issue();
    const payload = Buffer.from(envelope.payload, 'base64');
    payload[payload.length - 2] ^= 1;
    expect(verify({ ...envelope, payload: payload.toString('base64') }).ok).toBe(false);
    expect(verify({ ...envelope, payloadType: 'application/json' })).toMatchObject({ reason: 'signature' });
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString()) as ReceiptStatement;
    const wrongType = signDsse(
      IN_TOTO_PAYLOAD_TYPE,
      Buffer.from(JSON.stringify({ ...statement, predicateType: 'https://slsa.dev/provenance/v1' })),
      key.privateKeyPem,
    );
    expect(verify(wrongType)).toMatchObject({ ok: false, reason: 'statement' });
  });

  it('reports INVALID_JSON for something that is not an envelope', () => {
    expect(verifyReceiptOffline({ receiptJson: 'nope', publicKeyPems: [key.publicKeyPem] })).toMatchObject({
      ok: false,
      reason: 'INVALID_JSON',
    });
    expect(verifyReceiptOffline({ receiptJson: '{"payload":"bm9wZQ=="}', publicKeyPems: [key.publicKeyPem] })).toMatchObject({
      reason: 'INVALID_JSON',
    });
  });
});

/** issue()'s statement changed by `mutate` and signed again with the trusted key. */
function resign(mutate: (statement: ReceiptStatement) => void): DsseEnvelope {
  const statement = JSON.parse(Buffer.from(issue().payload, 'base64').toString()) as ReceiptStatement;
  mutate(statement);
  return signDsse(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement)), key.privateKeyPem);
}

function issueRoot(): string {
  const statement = JSON.parse(Buffer.from(issue().payload, 'base64').toString()) as ReceiptStatement;
  return statement.predicate.checkpoint.root;
}
