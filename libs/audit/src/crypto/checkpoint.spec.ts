import { describe, expect, it } from '@jest/globals';
import {
  checkpointMessage,
  generateSigningKey,
  keyIdOf,
  loadOrCreateSigningKey,
  publicKeyPemOf,
  type SignedCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
  verifyCheckpointAgainstHashes,
} from './checkpoint';
import { sha256Hex } from '@app/ledger';
import { merkleRootOfHashesHex } from './merkle';

const key = generateSigningKey();
const other = generateSigningKey();
const hashes = Array.from({ length: 10 }, (_, i) => sha256Hex(`event-${i}`));
const body = { size: 10, root: merkleRootOfHashesHex(hashes), signedAt: '2025-06-01T12:00:00.000Z' };
const checkpoint = signCheckpoint(body, key.privateKeyPem);

describe('signing keys', () => {
  it('generates Ed25519 PEM pairs and derives a stable 16-hex keyId', () => {
    expect(key.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(keyIdOf(key.publicKeyPem)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(key.publicKeyPem)).toBe(keyIdOf(publicKeyPemOf(key.privateKeyPem)));
    expect(keyIdOf(key.publicKeyPem.replace(/\n/g, '\r\n'))).toBe(keyIdOf(key.publicKeyPem));
    expect(keyIdOf(other.publicKeyPem)).not.toBe(keyIdOf(key.publicKeyPem));
  });

  it('loads an existing key or creates one', () => {
    const loaded = loadOrCreateSigningKey(key.privateKeyPem);
    expect(loaded).toEqual({ ...key, keyId: keyIdOf(key.publicKeyPem) });
    const created = loadOrCreateSigningKey(undefined);
    expect(created.keyId).toBe(keyIdOf(created.publicKeyPem));
    expect(created.publicKeyPem).not.toBe(key.publicKeyPem);
  });

  it('rejects non-Ed25519 keys', () => {
    expect(() => loadOrCreateSigningKey('not a pem')).toThrow();
  });
});

describe('checkpoints', () => {
  it('signs the canonical JSON of {size, root, signedAt}', () => {
    expect(checkpointMessage(body).toString('utf8')).toBe(`{"root":"${body.root}","signedAt":"2025-06-01T12:00:00.000Z","size":10}`);
    expect(checkpoint).toMatchObject({ ...body, keyId: keyIdOf(key.publicKeyPem), publicKey: key.publicKeyPem });
    expect(Buffer.from(checkpoint.signature, 'base64')).toHaveLength(64);
  });

  it('round-trips, with and without a pinned key', () => {
    expect(verifyCheckpoint(checkpoint)).toEqual({ ok: true });
    expect(verifyCheckpoint(checkpoint, key.publicKeyPem)).toEqual({ ok: true });
    expect(verifyCheckpoint(JSON.parse(JSON.stringify(checkpoint)) as SignedCheckpoint)).toEqual({ ok: true });
  });

  it.each<[string, Partial<SignedCheckpoint>, string]>([
    ['size', { size: 11 }, 'BAD_SIGNATURE'],
    ['root', { root: sha256Hex('other') }, 'BAD_SIGNATURE'],
    ['signedAt', { signedAt: '2025-06-01T12:00:01.000Z' }, 'BAD_SIGNATURE'],
    ['signature', { signature: Buffer.alloc(64, 1).toString('base64') }, 'BAD_SIGNATURE'],
    ['truncated signature', { signature: checkpoint.signature.slice(0, 40) }, 'MALFORMED'],
    ['keyId', { keyId: '0123456789abcdef' }, 'KEY_ID_MISMATCH'],
    ['publicKey (other key, same keyId)', { publicKey: other.publicKeyPem }, 'KEY_ID_MISMATCH'],
    ['publicKey + keyId swapped together', { publicKey: other.publicKeyPem, keyId: keyIdOf(other.publicKeyPem) }, 'BAD_SIGNATURE'],
    ['publicKey replaced by a private key', { publicKey: key.privateKeyPem }, 'MALFORMED'],
    ['root not hex', { root: 'xyz' }, 'MALFORMED'],
    ['negative size', { size: -1 }, 'MALFORMED'],
  ])('fails when %s is tampered', (_name, patch, reason) => {
    expect(verifyCheckpoint({ ...checkpoint, ...patch })).toEqual({ ok: false, reason });
  });

  it('fails against an unexpected (pinned) key even if self-consistent', () => {
    const forged = signCheckpoint(body, other.privateKeyPem);
    expect(verifyCheckpoint(forged)).toEqual({ ok: true });
    expect(verifyCheckpoint(forged, key.publicKeyPem)).toEqual({ ok: false, reason: 'UNEXPECTED_KEY' });
  });

  it('refuses to sign invalid bodies', () => {
    expect(() => signCheckpoint({ ...body, root: 'ABC' }, key.privateKeyPem)).toThrow(TypeError);
    expect(() => signCheckpoint({ ...body, size: 1.5 }, key.privateKeyPem)).toThrow(TypeError);
    expect(() => signCheckpoint({ ...body, signedAt: 'yesterday' }, key.privateKeyPem)).toThrow(TypeError);
  });
});

describe('verifyCheckpointAgainstHashes', () => {
  it('recomputes the root over the first `size` event hashes', () => {
    expect(verifyCheckpointAgainstHashes(checkpoint, hashes, key.publicKeyPem)).toEqual({ ok: true });
    expect(verifyCheckpointAgainstHashes(checkpoint, [...hashes, sha256Hex('later')])).toEqual({ ok: true });
  });

  it('detects missing, altered or reordered events and bad signatures', () => {
    expect(verifyCheckpointAgainstHashes(checkpoint, hashes.slice(0, 9))).toEqual({ ok: false, reason: 'SIZE_MISMATCH' });
    const altered = [...hashes];
    altered[3] = sha256Hex('forged');
    expect(verifyCheckpointAgainstHashes(checkpoint, altered)).toEqual({ ok: false, reason: 'ROOT_MISMATCH' });
    const swapped = [hashes[1], hashes[0], ...hashes.slice(2)];
    expect(verifyCheckpointAgainstHashes(checkpoint, swapped)).toEqual({ ok: false, reason: 'ROOT_MISMATCH' });
    expect(verifyCheckpointAgainstHashes({ ...checkpoint, size: 9 }, hashes)).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    expect(verifyCheckpointAgainstHashes(checkpoint, ['nothex', ...hashes.slice(1)])).toEqual({
      ok: false,
      reason: 'MALFORMED',
    });
  });

  it('accepts an empty checkpoint over no events', () => {
    const empty = signCheckpoint({ size: 0, root: merkleRootOfHashesHex([]), signedAt: body.signedAt }, key.privateKeyPem);
    expect(verifyCheckpointAgainstHashes(empty, [])).toEqual({ ok: true });
  });
});
