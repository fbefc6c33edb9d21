import { describe, expect, it } from '@jest/globals';
import { generateSigningKey, keyIdOf } from './checkpoint';
import { IN_TOTO_PAYLOAD_TYPE, pae, signDsse, verifyDsse } from './dsse';

describe('pae (DSSE v1 pre-authentication encoding)', () => {
  it('matches the DSSE protocol test vector', () => {
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('counts bytes, not characters, and handles an empty body', () => {
    expect(pae('t', Buffer.from('日本', 'utf8'))).toEqual(Buffer.concat([Buffer.from('DSSEv1 1 t 6 '), Buffer.from('日本', 'utf8')]));
    expect(pae('タイプ', Buffer.alloc(0)).toString()).toBe('DSSEv1 9 タイプ 0 ');
  });
});

describe('signDsse / verifyDsse (Ed25519)', () => {
  const key = generateSigningKey();
  const other = generateSigningKey();
  const body = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
  const envelope = signDsse(IN_TOTO_PAYLOAD_TYPE, body, key.privateKeyPem);

  it('signs the PAE with the key and names it by keyid', () => {
    expect(envelope).toEqual({
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: body.toString('base64'),
      signatures: [{ keyid: keyIdOf(key.publicKeyPem), sig: expect.any(String) }],
    });
    expect(verifyDsse(envelope, [key.publicKeyPem])).toEqual({ body, keyId: keyIdOf(key.publicKeyPem) });
    expect(verifyDsse(envelope, [other.publicKeyPem, key.publicKeyPem])?.keyId).toBe(keyIdOf(key.publicKeyPem));
  });

  it('accepts URL-safe base64', () => {
    const urlSafe = {
      ...envelope,
      payload: body.toString('base64url'),
      signatures: [{ ...envelope.signatures[0], sig: Buffer.from(envelope.signatures[0].sig, 'base64').toString('base64url') }],
    };
    expect(verifyDsse(urlSafe, [key.publicKeyPem])).not.toBeNull();
  });

  it('rejects another key, another payload type, a flipped payload or signature byte, a private key as trust anchor', () => {
    expect(verifyDsse(envelope, [other.publicKeyPem])).toBeNull();
    expect(verifyDsse(envelope, [])).toBeNull();
    expect(verifyDsse({ ...envelope, payloadType: 'application/json' }, [key.publicKeyPem])).toBeNull();
    const flipped = Buffer.from(body);
    flipped[5] ^= 1;
    expect(verifyDsse({ ...envelope, payload: flipped.toString('base64') }, [key.publicKeyPem])).toBeNull();
    const sig = Buffer.from(envelope.signatures[0].sig, 'base64');
    sig[10] ^= 1;
    expect(
      verifyDsse({ ...envelope, signatures: [{ ...envelope.signatures[0], sig: sig.toString('base64') }] }, [key.publicKeyPem]),
    ).toBeNull();
    expect(verifyDsse(envelope, [key.privateKeyPem])).toBeNull();
    expect(verifyDsse({ ...envelope, signatures: [{ keyid: 'other', sig: envelope.signatures[0].sig }] }, [key.publicKeyPem])).toBeNull();
  });
});
