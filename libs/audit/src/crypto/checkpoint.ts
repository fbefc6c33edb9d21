import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson, sha256Hex } from '@app/ledger';
import { merkleRootOfHashesHex } from './merkle';

/** What is signed: a Merkle tree head over the first `size` event hashes. */
export interface CheckpointBody {
  /** Number of leaves (events) covered; non-negative safe integer. */
  size: number;
  /** MTH, 64 lower-case hex chars. */
  root: string;
  /** ISO-8601 timestamp string. */
  signedAt: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Base64 Ed25519 signature (64 bytes) over checkpointMessage(body). */
  signature: string;
  /** keyIdOf(publicKey). */
  keyId: string;
  /** SPKI PEM of the signing key. */
  publicKey: string;
}

export interface SigningKeyPair {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** SPKI PEM. */
  publicKeyPem: string;
}

export type CheckpointFailure = 'MALFORMED' | 'KEY_ID_MISMATCH' | 'UNEXPECTED_KEY' | 'BAD_SIGNATURE' | 'SIZE_MISMATCH' | 'ROOT_MISMATCH';

export interface CheckpointVerification {
  ok: boolean;
  reason?: CheckpointFailure;
}

export function generateSigningKey(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Uses the given Ed25519 private key PEM (e.g. from config) or generates a fresh pair. */
export function loadOrCreateSigningKey(privateKeyPem?: string): SigningKeyPair & { keyId: string } {
  const pair = privateKeyPem ? { privateKeyPem, publicKeyPem: publicKeyPemOf(privateKeyPem) } : generateSigningKey();
  return { ...pair, keyId: keyIdOf(pair.publicKeyPem) };
}

/** SPKI PEM of an Ed25519 private key PEM. */
export function publicKeyPemOf(privateKeyPem: string): string {
  const key = ed25519(createPrivateKey(privateKeyPem));
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

/** First 16 hex chars of SHA-256 over the DER SubjectPublicKeyInfo (independent of PEM formatting). */
export function keyIdOf(publicKeyPem: string): string {
  return sha256Hex(spkiDer(publicKeyPem)).slice(0, 16);
}

/**
 * The exact bytes signed: UTF-8 of the RFC 8785 canonical JSON of `{ size, root, signedAt }`,
 * i.e. keys in the order root, signedAt, size with no whitespace, e.g.
 *   {"root":"5dc9…4328","signedAt":"2025-01-01T00:00:00.000Z","size":8}
 */
export function checkpointMessage({ size, root, signedAt }: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson({ size, root, signedAt }), 'utf8');
}

export function signCheckpoint(body: CheckpointBody, privateKeyPem: string): SignedCheckpoint {
  const { size, root, signedAt } = body;
  if (!isValidBody(body)) throw new TypeError('signCheckpoint: invalid size, root or signedAt');
  const key = ed25519(createPrivateKey(privateKeyPem));
  const publicKey = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  return {
    size,
    root,
    signedAt,
    signature: sign(null, checkpointMessage(body), key).toString('base64'),
    keyId: keyIdOf(publicKey),
    publicKey,
  };
}

/**
 * Checks the signature against the embedded public key and that keyId matches it.
 * Without expectedPublicKeyPem this only proves self-consistency (anyone can sign with
 * their own key): verifiers should pin the registry's key.
 */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, expectedPublicKeyPem?: string): CheckpointVerification {
  try {
    if (!isValidBody(checkpoint)) return fail('MALFORMED');
    const signature = Buffer.from(checkpoint.signature, 'base64');
    if (signature.length !== 64 || signature.toString('base64') !== checkpoint.signature) return fail('MALFORMED');
    const publicKey = publicKeyObject(checkpoint.publicKey);
    const der = publicKey.export({ type: 'spki', format: 'der' });
    if (sha256Hex(der).slice(0, 16) !== checkpoint.keyId) return fail('KEY_ID_MISMATCH');
    if (expectedPublicKeyPem !== undefined && !der.equals(spkiDer(expectedPublicKeyPem))) {
      return fail('UNEXPECTED_KEY');
    }
    if (!verify(null, checkpointMessage(checkpoint), publicKey, signature)) return fail('BAD_SIGNATURE');
    return { ok: true };
  } catch {
    return fail('MALFORMED');
  }
}

/**
 * verifyCheckpoint plus recomputing the root over the first `checkpoint.size` event
 * hashes (hex, seq order). Extra trailing hashes are allowed (the log grows after a
 * checkpoint); fewer than `size` fails with SIZE_MISMATCH.
 */
export function verifyCheckpointAgainstHashes(
  checkpoint: SignedCheckpoint,
  eventHashesHex: readonly string[],
  expectedPublicKeyPem?: string,
): CheckpointVerification {
  const signed = verifyCheckpoint(checkpoint, expectedPublicKeyPem);
  if (!signed.ok) return signed;
  if (eventHashesHex.length < checkpoint.size) return fail('SIZE_MISMATCH');
  try {
    const root = merkleRootOfHashesHex(eventHashesHex.slice(0, checkpoint.size));
    return root === checkpoint.root ? { ok: true } : fail('ROOT_MISMATCH');
  } catch {
    return fail('MALFORMED');
  }
}

function fail(reason: CheckpointFailure): CheckpointVerification {
  return { ok: false, reason };
}

function isValidBody({ size, root, signedAt }: CheckpointBody): boolean {
  return (
    Number.isSafeInteger(size) &&
    size >= 0 &&
    typeof root === 'string' &&
    /^[0-9a-f]{64}$/.test(root) &&
    typeof signedAt === 'string' &&
    !Number.isNaN(Date.parse(signedAt))
  );
}

function ed25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('expected an Ed25519 key');
  return key;
}

/** Parses an SPKI PEM; refuses private keys (createPublicKey would silently derive one). */
function publicKeyObject(publicKeyPem: string): KeyObject {
  if (typeof publicKeyPem !== 'string' || !publicKeyPem.trimStart().startsWith('-----BEGIN PUBLIC KEY-----')) {
    throw new TypeError('expected an SPKI public key PEM');
  }
  return ed25519(createPublicKey(publicKeyPem));
}

function spkiDer(publicKeyPem: string): Buffer {
  return publicKeyObject(publicKeyPem).export({ type: 'spki', format: 'der' });
}
