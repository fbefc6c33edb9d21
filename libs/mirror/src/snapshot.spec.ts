import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { generateSigningKey, signCheckpoint } from '@app/audit';
import { partDigest, SnapshotWriter, verifySnapshot } from './snapshot';

/** A table read a batch at a time, as the repository's cursor gives it. */
async function* inBatches<T>(rows: T[], size: number): AsyncGenerator<T[]> {
  for (let at = 0; at < rows.length; at += size) yield await Promise.resolve(rows.slice(at, at + size));
}

const providers = Array.from({ length: 7 }, (_, i) => ({
  name: `事業者${i}`,
  id: `p${i}`,
  corporate_number: null,
  z: [i, { b: 1, a: 2 }],
}));
const services = [{ id: 's1', provider_id: 'p0', name: 'サービス' }];

async function written(batchSize: number, key = generateSigningKey()) {
  const writer = new SnapshotWriter();
  await writer.array('providers', inBatches(providers, batchSize));
  await writer.array('services', inBatches(services, batchSize));
  await writer.array('endpoints', inBatches([], batchSize));
  writer.value('allowlists', { asOf: '2026-12-01', byProfile: { 'tokutei-tsushin': null } });
  const checkpoint = signCheckpoint({ size: 3, root: 'a'.repeat(64), signedAt: '2026-12-01T00:00:00.000Z' }, key.privateKeyPem);
  const envelope = await writer.finish(
    { revision: '42', createdAt: '2026-12-01T00:00:00.000Z', localGovernmentListVersion: null, checkpoint },
    key.privateKeyPem,
  );
  return { text: gunzipSync(envelope).toString('utf8'), key };
}

describe('SnapshotWriter', () => {
  it('writes a gzip-coded DSSE envelope that verifies with the public key, every part matching its manifest entry', async () => {
    const { text, key } = await written(3);
    const verdict = verifySnapshot(text, key.publicKeyPem);
    expect(verdict).toMatchObject({ ok: true });
    if (!verdict.ok) return;
    expect(verdict.body).toMatchObject({ format: 'lgwan-registry-snapshot/1', revision: '42', localGovernmentListVersion: null });
    expect(verdict.body.parts).toEqual({
      providers,
      services,
      endpoints: [],
      allowlists: { asOf: '2026-12-01', byProfile: { 'tokutei-tsushin': null } },
    });
    for (const [name, part] of Object.entries(verdict.body.parts)) expect(verdict.body.manifest[name]).toBe(partDigest(part));
  });

  it('gives the same payload however the rows are batched', async () => {
    const key = generateSigningKey();
    const payload = (text: string) => (JSON.parse(text) as { payload: string }).payload;
    const one = await written(1, key);
    const all = await written(100, key);
    expect(payload(one.text)).toBe(payload(all.text));
  });

  it('is refused by the verifier when the key is another or a part was changed', async () => {
    const { text, key } = await written(2);
    expect(verifySnapshot(text, generateSigningKey().publicKeyPem)).toMatchObject({ ok: false });
    const envelope = JSON.parse(text) as { payload: string };
    const body = Buffer.from(envelope.payload, 'base64').toString('utf8').replace('事業者3', '事業者X');
    const tampered = JSON.stringify({ ...envelope, payload: Buffer.from(body).toString('base64') });
    expect(verifySnapshot(tampered, key.publicKeyPem)).toMatchObject({ ok: false });
  });
});
