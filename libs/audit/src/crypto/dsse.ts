import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { keyIdOf } from './checkpoint';

// DSSE (Dead Simple Signing Envelope) v1, https://github.com/secure-systems-lab/dsse

/** payloadType of an in-toto Statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface DsseSignature {
  /** Unauthenticated hint: keyIdOf(the public key), as in GET /v1/keys. */
  keyid: string;
  /** Base64 Ed25519 signature over pae(payloadType, payload). */
  sig: string;
}

export interface DsseEnvelope {
  payloadType: string;
  /** Base64 of the serialized body. */
  payload: string;
  signatures: DsseSignature[];
}

/**
 * Pre-authentication encoding, the bytes actually signed:
 * "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN = byte length in ASCII decimal.
 */
export function pae(payloadType: string, body: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), body]);
}

/** One Ed25519 signature over the body; keyid is derived from the key. */
export function signDsse(payloadType: string, body: Uint8Array, privateKeyPem: string): DsseEnvelope {
  const signed = signDssePieces(payloadType, [body], privateKeyPem);
  return { payloadType, payload: signed.body.toString('base64'), signatures: signed.signatures };
}

/**
 * signDsse for a body given in pieces (a large document written part by part): the PAE is
 * assembled once, in one buffer, and the body returned is a view of it, not another copy.
 */
export function signDssePieces(
  payloadType: string,
  pieces: readonly Uint8Array[],
  privateKeyPem: string,
): { body: Buffer; signatures: DsseSignature[] } {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('expected an Ed25519 key');
  const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  const length = pieces.reduce((n, p) => n + p.length, 0);
  const type = Buffer.from(payloadType, 'utf8');
  const head = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${length} `)]);
  const message = Buffer.allocUnsafe(head.length + length);
  let at = head.copy(message, 0);
  for (const piece of pieces) {
    message.set(piece, at);
    at += piece.length;
  }
  return {
    body: message.subarray(head.length),
    signatures: [{ keyid: keyIdOf(publicKeyPem), sig: sign(null, message, key).toString('base64') }],
  };
}

/**
 * The decoded body when one signature verifies with one of the trusted keys (SPKI PEM), else null.
 * keyid only narrows which key is tried; standard and URL-safe base64 are both accepted.
 */
export function verifyDsse(envelope: DsseEnvelope, trustedPublicKeyPems: readonly string[]): { body: Buffer; keyId: string } | null {
  if (typeof envelope?.payloadType !== 'string' || typeof envelope.payload !== 'string' || !Array.isArray(envelope.signatures)) return null;
  const body = Buffer.from(envelope.payload, 'base64');
  const message = pae(envelope.payloadType, body);
  const keys = trustedPublicKeyPems.flatMap((pem): { keyId: string; key: KeyObject }[] => {
    try {
      const key = createPublicKey(pem);
      return key.asymmetricKeyType === 'ed25519' && pem.includes('PUBLIC KEY') ? [{ keyId: keyIdOf(pem), key }] : [];
    } catch {
      return [];
    }
  });
  for (const s of envelope.signatures) {
    if (typeof s?.sig !== 'string') continue;
    const sig = Buffer.from(s.sig, 'base64');
    for (const { keyId, key } of keys) {
      if (typeof s.keyid === 'string' && s.keyid !== '' && s.keyid !== keyId) continue;
      if (sig.length === 64 && verify(null, message, key, sig)) return { body, keyId };
    }
  }
  return null;
}
