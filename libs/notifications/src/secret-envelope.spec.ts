import { describe, expect, it } from '@jest/globals';
import { parseKeyMaterial } from '@app/shared';
import { open, seal, SecretEnvelopeError, sealedWith, secretKey } from './secret-envelope';

const k1 = secretKey(Buffer.alloc(32, 1));
const k2 = secretKey(Buffer.alloc(32, 2));
const SUB = '0b5f8c7e-3c1a-4a57-9d0e-6f1f2a3b4c5d';
const OTHER = '1b5f8c7e-3c1a-4a57-9d0e-6f1f2a3b4c5d';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** Replaces the envelope's part `index` (0 version … 4 tag) by flipping one bit of its first byte. */
function tamper(envelope: string, index: number): string {
  const parts = envelope.split(':');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 1;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

describe('webhook secret envelope (AES-256-GCM, AAD = subscription id)', () => {
  it('opens what it sealed, and never holds the plaintext', () => {
    const sealed = seal(k1, SECRET, SUB);
    expect(sealed).toMatch(/^v1:[0-9a-f]{16}:[\w-]{16}:[\w-]+:[\w-]{22}$/);
    expect(sealed).not.toContain(SECRET);
    expect(sealedWith(sealed)).toBe(k1.id);
    expect(open([k2, k1], sealed, SUB)).toBe(SECRET);
  });

  it('uses a fresh nonce for every seal', () => {
    expect(seal(k1, SECRET, SUB)).not.toBe(seal(k1, SECRET, SUB));
  });

  it('names keys by a digest, not by their bytes', () => {
    expect(k1.id).not.toBe(k2.id);
    expect(k1.id).toMatch(/^[0-9a-f]{16}$/);
    expect(k1.id).not.toContain(Buffer.alloc(8, 1).toString('hex'));
  });

  it.each([
    ['the nonce', 2],
    ['the ciphertext', 3],
    ['the tag', 4],
  ])('refuses a tampered envelope (%s)', (_, index) => {
    expect(() => open([k1], tamper(seal(k1, SECRET, SUB), index), SUB)).toThrow(SecretEnvelopeError);
  });

  it('refuses an envelope moved to another subscription (wrong AAD)', () => {
    expect(() => open([k1], seal(k1, SECRET, SUB), OTHER)).toThrow(SecretEnvelopeError);
  });

  it('refuses an envelope whose key is not held, or whose key id was swapped', () => {
    const sealed = seal(k1, SECRET, SUB);
    expect(() => open([k2], sealed, SUB)).toThrow(/not configured/);
    expect(() => open([k1, k2], sealed.replace(k1.id, k2.id), SUB)).toThrow(SecretEnvelopeError);
  });

  it.each(['', SECRET, 'v2:0123456789abcdef:AAAAAAAAAAAAAAAA:AA:AAAAAAAAAAAAAAAAAAAAAA', 'v1:zz:a:b:c'])(
    'refuses what is not a v1 envelope: %p',
    (text) => {
      expect(sealedWith(text)).toBeNull();
      expect(() => open([k1], text, SUB)).toThrow(SecretEnvelopeError);
    },
  );

  it('seals the empty string and multi-byte text', () => {
    for (const text of ['', '秘密の鍵-🔑']) expect(open([k1], seal(k1, text, SUB), SUB)).toBe(text);
  });
});

describe('parseKeyMaterial', () => {
  const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7));
  it.each([
    ['hex', key.toString('hex')],
    ['base64', key.toString('base64')],
    ['base64url', key.toString('base64url')],
  ])('reads 32 bytes written as %s', (_, text) => {
    expect(parseKeyMaterial(text)).toEqual(key);
  });

  it.each([
    ['31 bytes', Buffer.alloc(31).toString('base64')],
    ['33 bytes', Buffer.alloc(33).toString('hex')],
    ['a passphrase', 'correct horse battery staple'],
  ])('refuses %s', (_, text) => {
    expect(parseKeyMaterial(text)).toBeNull();
  });
});
