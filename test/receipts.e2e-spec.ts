import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DsseEnvelope, generateSigningKey, type ReceiptStatement, signDsse, verifyReceiptOffline } from '@app/audit';
import { BOOTSTRAP_ADMIN_ID } from '@app/shared';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { makeCredential, makeService } from './support/factories';
import { auditor, eligibleService, languageNeutral } from './support/scenarios';

interface Key {
  keyId: string;
  publicKey: string;
  retiredAt: string | null;
}

let t: TestApp;
const clock = new FixedClock(new Date('2025-12-01T03:00:00.000Z'));
let serviceId: string;

beforeAll(async () => {
  t = await createTestApp({ clock });
  serviceId = (await eligibleService(t, await auditor(t))).service.id;
});
afterAll(async () => {
  await t?.close();
});

const query = { asOf: '2025-12-01' };
const receipt = async (id = serviceId, q: Record<string, string> = query) => {
  const res = await t.http.get(`/v1/services/${id}/eligibility/receipt`).set(t.admin).query(q);
  expect(res.status).toBe(200);
  return res.body as DsseEnvelope;
};
const keys = async () => (await t.http.get('/v1/keys').expect(200)).body.items as Key[];
const publicKeys = async () => (await keys()).map((k) => k.publicKey);
const statementOf = (e: DsseEnvelope) => JSON.parse(Buffer.from(e.payload, 'base64').toString('utf8')) as ReceiptStatement;
const verify = (e: unknown, publicKeyPems: string[]) => verifyReceiptOffline({ receiptJson: JSON.stringify(e), publicKeyPems });
const revision = async () => (await t.sql<{ revision: string }>('SELECT revision FROM registry_state'))[0].revision;

describe('GET /v1/services/{id}/eligibility/receipt', () => {
  it('signs the language-neutral decision: subject = sha256 of the bytes GET …/eligibility serves without its messages, verifiable with only the public key', async () => {
    const served = await t.http.get(`/v1/services/${serviceId}/eligibility`).query(query).buffer(true).expect(200);
    const neutral = JSON.stringify(languageNeutral(JSON.parse(served.text)));
    expect(served.text).toContain('"message"');
    const before = await revision();
    const envelope = await receipt();

    expect(envelope).toEqual({
      payloadType: 'application/vnd.in-toto+json',
      payload: expect.any(String),
      signatures: [{ keyid: expect.stringMatching(/^[0-9a-f]{16}$/), sig: expect.any(String) }],
    });
    const statement = statementOf(envelope);
    expect(statement).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'decision', digest: { sha256: createHash('sha256').update(neutral).digest('hex') } }],
      predicateType: 'urn:lgwan-assurance-registry:eligibility-receipt:v1',
      predicate: {
        decision: JSON.parse(neutral),
        profile: {
          key: 'tokutei-tsushin',
          edition: served.body.profile.edition,
          definitionDigest: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        },
        asOf: '2025-12-01',
        registryRevision: before,
        issuedAt: clock.now().toISOString(),
        auditEvent: { action: 'receipt.issued', actorId: BOOTSTRAP_ADMIN_ID, subjectType: 'receipt' },
      },
    });
    expect(statement.predicate.decision.decision).toBe('eligible');
    const { auditEvent, checkpoint, inclusionProof } = statement.predicate;
    expect(inclusionProof).toMatchObject({ leafIndex: auditEvent.seq - 1, treeSize: checkpoint.size });

    const verdict = verify(envelope, await publicKeys());
    expect(verdict).toMatchObject({
      ok: true,
      checks: { signature: true, statement: true, subject: true, event: true, inclusion: true, checkpoint: true },
    });
    expect(verdict.message).toMatch(/^VALID: eligible for service /);

    // recorded in the trail (same event as embedded), the registry revision untouched, the chain intact
    const events = (await t.http.get('/v1/audit/events').set(t.admin).query({ action: 'receipt.issued' })).body.items;
    expect(events.map((e: { hash: string }) => e.hash)).toContain(auditEvent.hash);
    expect(await revision()).toBe(before);
    expect((await t.http.get('/v1/audit/verify').set(t.admin)).body).toMatchObject({ ok: true });
    expect((await t.http.get('/v1/audit/checkpoint').expect(200)).body.size).toBeGreaterThanOrEqual(auditEvent.seq);
  });

  it('answers the same query as the decision (profile, edition, asOf) and its problems', async () => {
    const earlier = await t.http.get(`/v1/services/${serviceId}/eligibility`).query({ asOf: '2025-05-01' }).expect(200);
    const other = statementOf(await receipt(serviceId, { asOf: '2025-05-01' })).predicate;
    expect(other).toMatchObject({ asOf: '2025-05-01', decision: languageNeutral(earlier.body) });
    expect(other.decision.decision).not.toBe('eligible');
    expect(verify(await receipt(serviceId, { asOf: '2025-05-01' }), await publicKeys()).ok).toBe(true);

    expect((await t.http.get(`/v1/services/${serviceId}/eligibility/receipt`)).status).toBe(401);
    const municipality = await makeCredential(t, 'municipality');
    const mine = await t.http.get(`/v1/services/${serviceId}/eligibility/receipt`).set(municipality.header).query(query).expect(200);
    expect(statementOf(mine.body as DsseEnvelope).predicate.auditEvent).toMatchObject({
      actorId: municipality.id,
      actorRole: 'municipality',
    });
    expect(mine.headers['cache-control']).toBe('no-store');

    const missing = await t.http.get('/v1/services/00000000-0000-4000-8000-0000000000ff/eligibility/receipt').set(t.admin).query(query);
    expect([missing.status, missing.body.code]).toEqual([404, 'SERVICE_NOT_FOUND']);
    expect((await t.http.get(`/v1/services/${serviceId}/eligibility/receipt`).set(t.admin).query({ asOf: '2025-13-01' })).status).toBe(400);
    expect(
      (await t.http.get(`/v1/services/${serviceId}/eligibility/receipt`).set(t.admin).query({ profile: 'nothing-like-this' })).status,
    ).toBe(404);
    const fresh = await makeService(t); // no facts at all: indeterminate/ineligible, still signed
    expect(verify(await receipt(fresh.id), await publicKeys()).ok).toBe(true);
  });

  it('fails verification when one byte of the payload, the signature or the embedded decision changes', async () => {
    const envelope = await receipt();
    const trusted = await publicKeys();
    const payload = Buffer.from(envelope.payload, 'base64');

    const flippedPayload = Buffer.from(payload);
    flippedPayload[flippedPayload.length - 3] ^= 1;
    expect(verify({ ...envelope, payload: flippedPayload.toString('base64') }, trusted)).toMatchObject({
      ok: false,
      checks: { signature: false },
    });

    const sig = Buffer.from(envelope.signatures[0].sig, 'base64');
    sig[0] ^= 1;
    expect(verify({ ...envelope, signatures: [{ ...envelope.signatures[0], sig: sig.toString('base64') }] }, trusted)).toMatchObject({
      ok: false,
      reason: 'signature',
    });

    // one byte of the embedded decision: "eligible" → "eligiblf"
    const text = payload.toString('utf8');
    const at = text.indexOf('"decision":"eligible"');
    expect(at).toBeGreaterThan(0);
    const forged = Buffer.from(text.slice(0, at) + '"decision":"eligiblf"' + text.slice(at + '"decision":"eligible"'.length));
    expect(verify({ ...envelope, payload: forged.toString('base64') }, trusted)).toMatchObject({
      ok: false,
      checks: { signature: false, subject: false, checkpoint: true },
    });
    // …and re-signed by someone else's key: still refused with the registry's key
    const attacker = generateSigningKey();
    const resigned = signDsse(envelope.payloadType, forged, attacker.privateKeyPem);
    expect(verify(resigned, trusted)).toMatchObject({ ok: false, checks: { signature: false, subject: false } });
    expect(verify(envelope, [attacker.publicKeyPem])).toMatchObject({ ok: false, checks: { signature: false, checkpoint: false } });
  });

  it('keeps receipts verifiable after a key rotation (the retired key stays published)', async () => {
    const old = await receipt();
    const [oldKey] = (await keys()).filter((k) => k.retiredAt === null);
    clock.set('2025-12-02T00:00:00.000Z');
    const rotated = (await t.http.post('/v1/keys/rotate').set(t.admin).expect(201)).body as Key;
    const fresh = await receipt();

    expect(fresh.signatures[0].keyid).toBe(rotated.keyId);
    expect(old.signatures[0].keyid).toBe(oldKey.keyId);
    const published = await keys();
    expect(published.find((k) => k.keyId === oldKey.keyId)?.retiredAt).toBe('2025-12-02T00:00:00.000Z');
    expect(
      verify(
        old,
        published.map((k) => k.publicKey),
      ).ok,
    ).toBe(true);
    expect(verify(old, [oldKey.publicKey]).ok).toBe(true);
    expect(verify(fresh, [rotated.publicKey]).ok).toBe(true);
    expect(verify(old, [rotated.publicKey]).ok).toBe(false);
  });

  it('verifies with the built CLI (`receipt:verify`): exit 0 for the receipt, 1 for a tampered one', async () => {
    const envelope = await receipt();
    const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
    try {
      // build first, so the CLI run is the code under test (nest build: plain tsc, a few seconds)
      execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
      const keyFile = join(dir, 'key.pem');
      writeFileSync(keyFile, (await keys()).find((k) => k.retiredAt === null)!.publicKey);
      const good = join(dir, 'receipt.json');
      writeFileSync(good, JSON.stringify(envelope));
      const sig = Buffer.from(envelope.signatures[0].sig, 'base64');
      sig[63] ^= 0x80;
      const bad = join(dir, 'tampered.json');
      writeFileSync(bad, JSON.stringify({ ...envelope, signatures: [{ ...envelope.signatures[0], sig: sig.toString('base64') }] }));

      const run = (file: string) =>
        spawnSync(process.execPath, ['dist/apps/cli/src/main.js', 'receipt:verify', file, '--key', keyFile], { encoding: 'utf8' });
      const ok = run(good);
      expect([ok.status, ok.stdout]).toEqual([0, expect.stringMatching(/^VALID: eligible/)]);
      const refused = run(bad);
      expect([refused.status, refused.stdout]).toEqual([1, expect.stringMatching(/^INVALID \(signature\)/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
