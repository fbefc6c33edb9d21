import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { generateSigningKey, keyIdOf } from './crypto';
import { configuredSigningKey } from './signing-key.service';

describe('configuredSigningKey (AUDIT_SIGNING_KEY)', () => {
  const pair = generateSigningKey();

  it('derives the public key and key id from an Ed25519 PKCS#8 PEM, with real or escaped newlines', () => {
    const expected = { keyId: keyIdOf(pair.publicKeyPem), publicKeyPem: pair.publicKeyPem };
    expect(configuredSigningKey(pair.privateKeyPem)).toMatchObject(expected);
    expect(configuredSigningKey(pair.privateKeyPem.replace(/\n/g, '\\n'))).toMatchObject(expected);
  });

  it.each([
    ['garbage', 'not a key'],
    ['a public key', pair.publicKeyPem],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
  ])('refuses %s with a message naming the variable', (_, pem) => {
    expect(() => configuredSigningKey(pem)).toThrow(/AUDIT_SIGNING_KEY must be an Ed25519 private key/);
  });
});
