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

/** Largest power of two strictly less than n (n >= 2): RFC 9162's split point k. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const log2 = (n: number) => Math.round(Math.log2(n));
const isPowerOfTwo = (n: number) => n > 0 && 2 ** log2(n) === n;

/**
 * Append-only Merkle tree that keeps every complete node (about 64 bytes per leaf, one growing
 * buffer per level), so it gives the root of any prefix and RFC 9162 inclusion proofs in
 * O(log² n) hashes. Leaves are pushed as raw data (leaf-hashed here), like MerkleRootBuilder.
 */
export class MerkleTree {
  /** levels[h] holds the complete aligned subtrees of 2^h leaves, 32 bytes each, in order. */
  private readonly levels: { buf: Buffer; count: number }[] = [];

  get size(): number {
    return this.levels.length === 0 ? 0 : this.levels[0].count;
  }

  push(leaf: Uint8Array): this {
    let node = leafHash(leaf);
    for (let h = 0; ; h++) {
      const count = this.append(h, node);
      if (count % 2 === 1) break;
      node = nodeHash(this.node(h, count - 2), this.node(h, count - 1));
    }
    return this;
  }

  /** MTH of the first `size` leaves (default: all). */
  root(size = this.size): Buffer {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) throw new RangeError(`no tree of size ${size}`);
    return size === 0 ? Buffer.from(EMPTY_TREE_ROOT_HEX, 'hex') : Buffer.from(this.subtree(0, size));
  }

  /** PATH(m, D[0:size]) of RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size = this.size): Buffer[] {
    if (!Number.isSafeInteger(size) || size < 1 || size > this.size) throw new RangeError(`no tree of size ${size}`);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
    const path: Buffer[] = [];
    const walk = (m: number, start: number, n: number): void => {
      if (n === 1) return;
      const k = splitPoint(n);
      if (m < k) {
        walk(m, start, k);
        path.push(Buffer.from(this.subtree(start + k, n - k)));
      } else {
        walk(m - k, start + k, n - k);
        path.push(Buffer.from(this.subtree(start, k)));
      }
    };
    walk(index, 0, size);
    return path;
  }

  /** MTH(D[start:start+n]); every perfect subtree met on the way is aligned, so it is stored. */
  private subtree(start: number, n: number): Buffer {
    if (isPowerOfTwo(n)) return this.node(log2(n), start / n);
    const k = splitPoint(n);
    return nodeHash(this.subtree(start, k), this.subtree(start + k, n - k));
  }

  private node(h: number, i: number): Buffer {
    return this.levels[h].buf.subarray(i * 32, i * 32 + 32);
  }

  private append(h: number, node: Buffer): number {
    let level = this.levels[h];
    if (!level) {
      level = { buf: Buffer.alloc(32 * 1024), count: 0 };
      this.levels[h] = level;
    }
    if ((level.count + 1) * 32 > level.buf.length) {
      const bigger = Buffer.alloc(level.buf.length * 2);
      level.buf.copy(bigger);
      level.buf = bigger;
    }
    node.copy(level.buf, level.count * 32);
    return ++level.count;
  }
}

/**
 * RFC 9162 §2.1.3.2: whether `proof` proves that the leaf whose hash (SHA-256(0x00 || data)) is
 * `leafHashValue` is leaf `index` of the tree of `size` leaves with root `root`.
 */
export function verifyInclusion(
  leafHashValue: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHashValue);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}
