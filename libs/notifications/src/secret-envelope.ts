import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Webhook secrets at rest: AES-256-GCM with a random 96-bit nonce, the subscription id as
 * additional authenticated data (a sealed secret copied onto another subscription does not open),
 * stored as the text envelope `v1:<keyId>:<nonce>:<ciphertext>:<tag>` (base64url parts). The key
 * id names the key that sealed it, so several keys can be held during a rotation.
 */
export interface SecretKey {
  /** 16 hex digits of SHA-256 over a label and the key: names the key without revealing it. */
  id: string;
  key: Buffer;
}

export class SecretEnvelopeError extends Error {}

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const ENVELOPE = /^v1:([0-9a-f]{16}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]*):([A-Za-z0-9_-]{22})$/;

export function secretKey(key: Buffer): SecretKey {
  if (key.length !== 32) throw new SecretEnvelopeError('a webhook secret key is 32 bytes');
  const id = createHash('sha256').update('registry webhook secret key\0').update(key).digest('hex').slice(0, 16);
  return { id, key };
}

/** Seals `plaintext` for the subscription `aad` under `key`. */
export function seal(key: SecretKey, plaintext: string, aad: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [nonce, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return [VERSION, key.id, ...parts].join(':');
}

/** The id of the key that sealed `envelope`, or null when it is not an envelope. */
export function sealedWith(envelope: string): string | null {
  return ENVELOPE.exec(envelope)?.[1] ?? null;
}

/**
 * Opens an envelope with whichever of `keys` sealed it. Throws {@link SecretEnvelopeError} for a
 * malformed envelope, an unknown key, or any tampering (ciphertext, tag, nonce, key id or `aad`).
 */
export function open(keys: readonly SecretKey[], envelope: string, aad: string): string {
  const m = ENVELOPE.exec(envelope);
  if (!m) throw new SecretEnvelopeError('not a v1 sealed secret');
  const [, keyId, nonce, ciphertext, tag] = m;
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new SecretEnvelopeError(`sealed with key ${keyId}, which is not configured`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(nonce, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretEnvelopeError(`sealed secret does not authenticate with key ${keyId}`);
  }
}
