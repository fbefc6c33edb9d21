import { describe, expect, it } from '@jest/globals';
import { concludeVerification } from './chain-verdict';
import { GENESIS_HASH } from '@app/ledger';

const H = (c: string) => c.repeat(64);
const ok = (verified: number) => ({ ok: true, verified, firstBreak: null });

describe('concludeVerification', () => {
  it.each([
    ['an intact chain ending at the recorded head', ok(3), H('c'), { size: 3, head: H('c') }, { ok: true, verified: 3, firstBreak: null }],
    [
      'an empty chain with the genesis head',
      ok(0),
      GENESIS_HASH,
      { size: 0, head: GENESIS_HASH },
      { ok: true, verified: 0, firstBreak: null },
    ],
    [
      'a deleted tail (fewer events than recorded)',
      ok(2),
      H('b'),
      { size: 3, head: H('c') },
      { ok: false, verified: 2, firstBreak: { seq: 3, reason: 'TRUNCATED' } },
    ],
    [
      'every event deleted',
      ok(0),
      GENESIS_HASH,
      { size: 2, head: H('b') },
      { ok: false, verified: 0, firstBreak: { seq: 1, reason: 'TRUNCATED' } },
    ],
    [
      'events appended past the recorded head',
      ok(4),
      H('d'),
      { size: 3, head: H('c') },
      { ok: false, verified: 3, firstBreak: { seq: 4, reason: 'BEYOND_HEAD' } },
    ],
    [
      'a chain ending on another hash than the recorded head',
      ok(3),
      H('e'),
      { size: 3, head: H('c') },
      { ok: false, verified: 2, firstBreak: { seq: 3, reason: 'HEAD_MISMATCH' } },
    ],
  ])('%s', (_, chain, head, recorded, expected) => {
    expect(concludeVerification(chain, head, recorded)).toEqual(expected);
  });

  it('keeps the first break found in the chain itself', () => {
    const broken = { ok: false, verified: 2, firstBreak: { seq: 3, reason: 'HASH_MISMATCH' as const } };
    expect(concludeVerification(broken, H('b'), { size: 10, head: H('f') })).toEqual(broken);
  });
});
