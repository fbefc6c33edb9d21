import { hash } from 'node:crypto';

// Merkle Tree Hash as in Certificate Transparency (RFC 9162 §2.1.1 / RFC 6962 §2.1).

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) = SHA-256(""). */
export const EMPTY_TREE_ROOT_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, data]), 'buffer');
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

/**
 * Streaming MTH with O(log n) memory. The stack holds the roots of the perfect
 * subtrees that make up the first n leaves (sizes = the set bits of n, largest first);
 * folding them right-to-left reproduces the RFC's "largest power of two < n" split.
 */
export class MerkleRootBuilder {
  private readonly stack: Buffer[] = [];
  private count = 0;

  /** Appends one leaf's raw data (it is leaf-hashed here). */
  push(leaf: Uint8Array): this {
    let node = leafHash(leaf);
    for (let n = this.count; n % 2 === 1; n = (n - 1) / 2) {
      node = nodeHash(this.stack.pop()!, node);
    }
    this.stack.push(node);
    this.count++;
    return this;
  }

  get size(): number {
    return this.count;
  }

  /** MTH of all leaves pushed so far; the builder can keep accepting leaves. */
  root(): Buffer {
    if (this.stack.length === 0) return Buffer.from(EMPTY_TREE_ROOT_HEX, 'hex');
    let node = this.stack[this.stack.length - 1];
    for (let i = this.stack.length - 2; i >= 0; i--) node = nodeHash(this.stack[i], node);
    return Buffer.from(node); // never hand out the internal stack buffer
  }
}

/** MTH over raw leaf data buffers. */
export function merkleRoot(leaves: Iterable<Uint8Array>): Buffer {
  const builder = new MerkleRootBuilder();
  for (const leaf of leaves) builder.push(leaf);
  return builder.root();
}

const HASH_HEX = /^[0-9a-f]{64}$/i;

/** Decodes a 64-char hex SHA-256 (e.g. an event hash); throws on anything else. */
export function hashFromHex(hex: string): Buffer {
  if (!HASH_HEX.test(hex)) throw new TypeError(`not a 32-byte hex hash: ${JSON.stringify(hex)}`);
  return Buffer.from(hex, 'hex');
}

/** MTH (lower-case hex) where each leaf is the 32 raw bytes of an event hash given in hex. */
export function merkleRootOfHashesHex(hashesHex: Iterable<string>): string {
  const builder = new MerkleRootBuilder();
  for (const hex of hashesHex) builder.push(hashFromHex(hex));
  return builder.root().toString('hex');
}
