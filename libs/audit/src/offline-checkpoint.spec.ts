import { describe, expect, it } from '@jest/globals';
import { sha256Hex } from '@app/ledger';
import { generateSigningKey, merkleRootOfHashesHex, signCheckpoint } from './crypto';
import { parseHashList, verifyCheckpointOffline } from './offline-checkpoint';

const key = generateSigningKey();
const other = generateSigningKey();
const hashes = Array.from({ length: 7 }, (_, i) => sha256Hex(`event ${i + 1}`));
const signedAt = '2025-12-01T03:00:00.000Z';
const checkpoint = signCheckpoint({ size: 5, root: merkleRootOfHashesHex(hashes.slice(0, 5)), signedAt }, key.privateKeyPem);
const json = (value: unknown) => JSON.stringify(value, null, 2);
const lines = (hs: string[]) => `${hs.join('\n')}\n`;

describe('verifyCheckpointOffline', () => {
  it('accepts a genuine checkpoint, with the pinned key and the hashes (more hashes than its size)', () => {
    const verdict = verifyCheckpointOffline({
      checkpointJson: json(checkpoint),
      hashesText: lines(hashes),
      publicKeyPem: key.publicKeyPem,
    });
    expect(verdict).toMatchObject({ ok: true, warnings: [] });
    expect(verdict.message).toContain('VALID: checkpoint of 5 events');
    expect(verdict.message).toContain('first 5 of 7 hashes');
  });

  it('accepts a signature alone, warning that the key is not pinned and the root not recomputed', () => {
    const verdict = verifyCheckpointOffline({ checkpointJson: json(checkpoint) });
    expect(verdict.ok).toBe(true);
    expect(verdict.warnings).toHaveLength(2);
  });

  it('accepts CRLF, blank lines and upper-case hex in the hashes file', () => {
    const text = `\r\n${hashes.map((h) => h.toUpperCase()).join('\r\n')}\r\n\r\n`;
    expect(verifyCheckpointOffline({ checkpointJson: json(checkpoint), hashesText: text }).ok).toBe(true);
  });

  it('accepts the empty log (size 0) against an empty hashes file', () => {
    const empty = signCheckpoint({ size: 0, root: merkleRootOfHashesHex([]), signedAt }, key.privateKeyPem);
    expect(verifyCheckpointOffline({ checkpointJson: json(empty), hashesText: '' }).ok).toBe(true);
  });

  it.each([
    ['a changed size', { size: 4 }, 'BAD_SIGNATURE'],
    ['a changed root', { root: merkleRootOfHashesHex(hashes.slice(0, 4)) }, 'BAD_SIGNATURE'],
    ['a changed signedAt', { signedAt: '2025-12-02T03:00:00.000Z' }, 'BAD_SIGNATURE'],
    ['a flipped signature byte', { signature: flipFirstByte(checkpoint.signature) }, 'BAD_SIGNATURE'],
    ['a keyId that is not the embedded key', { keyId: '0123456789abcdef' }, 'KEY_ID_MISMATCH'],
    ['a size that is not a number', { size: '5' }, 'MALFORMED'],
  ])('rejects a tampered checkpoint: %s', (_, change, reason) => {
    const verdict = verifyCheckpointOffline({ checkpointJson: json({ ...checkpoint, ...change }), publicKeyPem: key.publicKeyPem });
    expect(verdict).toMatchObject({ ok: false, reason });
    expect(verdict.message).toMatch(new RegExp(`^INVALID \\(${reason}\\)`));
  });

  it('rejects a checkpoint re-signed with another key when the registry key is pinned', () => {
    const forged = signCheckpoint({ size: 5, root: merkleRootOfHashesHex(hashes.slice(1, 6)), signedAt }, other.privateKeyPem);
    expect(verifyCheckpointOffline({ checkpointJson: json(forged) }).ok).toBe(true); // self-consistent…
    expect(verifyCheckpointOffline({ checkpointJson: json(forged), publicKeyPem: key.publicKeyPem })).toMatchObject({
      ok: false,
      reason: 'UNEXPECTED_KEY',
    });
  });

  it('rejects hashes that do not produce the signed root (an altered or reordered event)', () => {
    const altered = [...hashes];
    altered[2] = sha256Hex('rewritten event 3');
    expect(verifyCheckpointOffline({ checkpointJson: json(checkpoint), hashesText: lines(altered) })).toMatchObject({
      ok: false,
      reason: 'ROOT_MISMATCH',
    });
    const swapped = [hashes[1], hashes[0], ...hashes.slice(2)];
    expect(verifyCheckpointOffline({ checkpointJson: json(checkpoint), hashesText: lines(swapped) })).toMatchObject({
      ok: false,
      reason: 'ROOT_MISMATCH',
    });
  });

  it('rejects a hashes file shorter than the checkpoint', () => {
    const verdict = verifyCheckpointOffline({ checkpointJson: json(checkpoint), hashesText: lines(hashes.slice(0, 4)) });
    expect(verdict).toMatchObject({ ok: false, reason: 'SIZE_MISMATCH' });
    expect(verdict.message).toContain('4 hashes for size 5');
  });

  it.each([
    ['not JSON', '{"size": 5,'],
    ['an array', '[]'],
    ['an object without the signature', json({ ...checkpoint, signature: undefined })],
  ])('rejects a checkpoint file that is %s', (_, text) => {
    expect(verifyCheckpointOffline({ checkpointJson: text })).toMatchObject({ ok: false, reason: 'INVALID_JSON' });
  });

  it('rejects an unparsable pinned key as malformed rather than throwing', () => {
    expect(verifyCheckpointOffline({ checkpointJson: json(checkpoint), publicKeyPem: 'not a key' })).toMatchObject({
      ok: false,
      reason: 'MALFORMED',
    });
  });
});

describe('parseHashList', () => {
  it('names the first line that is not a hash', () => {
    expect(parseHashList(`${hashes[0]}\n\n${hashes[1]}x\n`)).toEqual({ line: 3 });
    expect(parseHashList(`${hashes[0]}\n${hashes[1]}\n`)).toEqual({ hashes: hashes.slice(0, 2) });
  });
});

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0xff;
  return bytes.toString('base64');
}
