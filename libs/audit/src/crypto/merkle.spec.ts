import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { EMPTY_TREE_ROOT_HEX, hashFromHex, leafHash, merkleRoot, merkleRootOfHashesHex, MerkleRootBuilder, nodeHash } from './merkle';

// certificate-transparency reference vectors (C++ merkle_tree_test.cc, Go testonly/constants.go):
// leaf data and the roots of every prefix of size 1..8.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const leaves = CT_LEAVES.map((hex) => Buffer.from(hex, 'hex'));

/** Direct transcription of the recursive RFC 9162 §2.1.1 definition. */
function referenceMth(d: Buffer[]): Buffer {
  if (d.length === 0) return Buffer.from(EMPTY_TREE_ROOT_HEX, 'hex');
  if (d.length === 1) return leafHash(d[0]);
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return nodeHash(referenceMth(d.slice(0, k)), referenceMth(d.slice(k)));
}

describe('merkle (RFC 9162 MTH)', () => {
  it.each(CT_ROOTS.map((root, size) => [size, root] as const))('matches the CT vector for size %i', (size, root) => {
    expect(merkleRoot(leaves.slice(0, size)).toString('hex')).toBe(root);
    expect(referenceMth(leaves.slice(0, size)).toString('hex')).toBe(root);
  });

  it('gives the same roots incrementally from one builder', () => {
    const builder = new MerkleRootBuilder();
    expect(builder.root().toString('hex')).toBe(CT_ROOTS[0]);
    leaves.forEach((leaf, i) => {
      builder.push(leaf);
      expect(builder.size).toBe(i + 1);
      expect(builder.root().toString('hex')).toBe(CT_ROOTS[i + 1]);
    });
  });

  it('domain-separates leaves and nodes', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(leafHash(Buffer.concat([a, b])).equals(nodeHash(a, b))).toBe(false);
    expect(merkleRoot([a, b]).equals(nodeHash(leafHash(a), leafHash(b)))).toBe(true);
  });

  it('equals the recursive definition for every n in 0..300 (random 32-byte leaves)', () => {
    const data = Array.from({ length: 300 }, () => randomBytes(32));
    const builder = new MerkleRootBuilder();
    for (let n = 0; n <= 300; n++) {
      if (n > 0) builder.push(data[n - 1]);
      const expected = referenceMth(data.slice(0, n));
      expect(builder.root().equals(expected)).toBe(true);
      expect(merkleRoot(data.slice(0, n)).equals(expected)).toBe(true);
    }
  });

  it('handles 100k leaves quickly and is sensitive to every leaf', () => {
    const hashes = Array.from({ length: 100_000 }, (_, i) => leafHash(Buffer.from(String(i))).toString('hex'));
    const started = performance.now();
    const root = merkleRootOfHashesHex(hashes);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(root).toBe(merkleRoot(hashes.map((h) => Buffer.from(h, 'hex'))).toString('hex'));
    hashes[54_321] = hashes[54_322];
    expect(merkleRootOfHashesHex(hashes)).not.toBe(root);
  });

  it('rejects event hashes that are not 32-byte hex', () => {
    expect(() => hashFromHex('abc')).toThrow(TypeError);
    expect(() => merkleRootOfHashesHex(['zz'.repeat(32)])).toThrow(TypeError);
    expect(hashFromHex('AB'.repeat(32))).toHaveLength(32);
  });
});
