import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  EMPTY_TREE_ROOT_HEX,
  hashFromHex,
  leafHash,
  merkleRoot,
  merkleRootOfHashesHex,
  MerkleRootBuilder,
  MerkleTree,
  nodeHash,
  verifyInclusion,
} from './merkle';

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

  it('handles 100k leaves and is sensitive to every leaf', () => {
    const hashes = Array.from({ length: 100_000 }, (_, i) => leafHash(Buffer.from(String(i))).toString('hex'));
    const root = merkleRootOfHashesHex(hashes);
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

/** Direct transcription of RFC 9162 §2.1.3.1 PATH(m, D[n]). */
function referencePath(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return m < k
    ? [...referencePath(m, d.slice(0, k)), referenceMth(d.slice(k))]
    : [...referencePath(m - k, d.slice(k)), referenceMth(d.slice(0, k))];
}

describe('MerkleTree (roots of prefixes, RFC 9162 inclusion proofs)', () => {
  it('gives the CT vector roots for every prefix of the reference leaves', () => {
    const tree = new MerkleTree();
    leaves.forEach((leaf) => tree.push(leaf));
    CT_ROOTS.forEach((root, size) => expect(tree.root(size).toString('hex')).toBe(root));
  });

  // Inclusion proofs from the certificate-transparency reference tests (merkle_tree_test.cc,
  // kInclusionProofs) over the 8 leaves above: leaf index (0-based), tree size, path.
  const CT_PROOFS: [number, number, string[]][] = [
    [0, 1, []],
    [
      0,
      8,
      [
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ],
    ],
    [
      5,
      8,
      [
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    ],
    [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
    [
      1,
      5,
      [
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
    ],
  ];

  it.each(CT_PROOFS)('matches the CT inclusion proof of leaf %i in the tree of size %i', (index, size, path) => {
    const tree = new MerkleTree();
    leaves.forEach((leaf) => tree.push(leaf));
    expect(tree.inclusionProof(index, size).map((h) => h.toString('hex'))).toEqual(path);
    expect(verifyInclusion(leafHash(leaves[index]), index, size, tree.inclusionProof(index, size), tree.root(size))).toBe(true);
  });

  it('equals the recursive PATH definition and verifies, for every leaf of every size up to 70', () => {
    const data = Array.from({ length: 70 }, () => randomBytes(32));
    const tree = new MerkleTree();
    data.forEach((d) => tree.push(d));
    for (let size = 1; size <= 70; size++) {
      const root = referenceMth(data.slice(0, size));
      expect(tree.root(size).equals(root)).toBe(true);
      for (let index = 0; index < size; index++) {
        const proof = tree.inclusionProof(index, size);
        expect(proof.map((h) => h.toString('hex'))).toEqual(referencePath(index, data.slice(0, size)).map((h) => h.toString('hex')));
        expect(verifyInclusion(leafHash(data[index]), index, size, proof, root)).toBe(true);
      }
    }
  });

  it('rejects a proof for another leaf, index, size or root, and any altered or truncated path', () => {
    const data = Array.from({ length: 21 }, () => randomBytes(32));
    const tree = new MerkleTree();
    data.forEach((d) => tree.push(d));
    const root = tree.root();
    const proof = tree.inclusionProof(13);
    const leaf = leafHash(data[13]);
    expect(verifyInclusion(leaf, 13, 21, proof, root)).toBe(true);
    expect(verifyInclusion(leafHash(data[12]), 13, 21, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 12, 21, proof, root)).toBe(false);
    // (sizes 17..32 share this path's shape: the size itself is bound by the signed checkpoint)
    expect(verifyInclusion(leaf, 13, 40, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 13, 16, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 13, 21, proof, tree.root(20))).toBe(false);
    expect(verifyInclusion(leaf, 13, 21, proof.slice(1), root)).toBe(false);
    expect(verifyInclusion(leaf, 13, 21, [...proof, proof[0]], root)).toBe(false);
    expect(verifyInclusion(leaf, 21, 21, proof, root)).toBe(false);
    proof.forEach((_, i) => {
      const altered = proof.map((h) => Buffer.from(h));
      altered[i][0] ^= 1;
      expect(verifyInclusion(leaf, 13, 21, altered, root)).toBe(false);
    });
  });

  it('keeps the same roots as MerkleRootBuilder over 100k leaves and proves the last one', () => {
    const tree = new MerkleTree();
    const builder = new MerkleRootBuilder();
    for (let i = 0; i < 100_000; i++) {
      const leaf = Buffer.from(String(i));
      tree.push(leaf);
      builder.push(leaf);
    }
    expect(tree.root().equals(builder.root())).toBe(true);
    const proof = tree.inclusionProof(99_999);
    expect(verifyInclusion(leafHash(Buffer.from('99999')), 99_999, 100_000, proof, tree.root())).toBe(true);
    expect(() => tree.inclusionProof(100_000)).toThrow(RangeError);
    expect(() => tree.root(100_001)).toThrow(RangeError);
  });
});
