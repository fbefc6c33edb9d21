import { describe, expect, it } from '@jest/globals';
import { canonicalJson, sha256Hex } from './canonical';
import {
  type AuditEventContentRow,
  type AuditEventRow,
  ChainVerifier,
  digestChange,
  eventCanonicalJson,
  GENESIS_HASH,
  hashEvent,
  toStoredJson,
  verifyChain,
} from './chain';

function buildChain(n: number): AuditEventRow[] {
  const rows: AuditEventRow[] = [];
  let prevHash = GENESIS_HASH;
  const t0 = Date.parse('2025-01-01T00:00:00.000Z');
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      seq,
      occurredAt: new Date(t0 + seq * 1000).toISOString(),
      actorId: `user-${seq % 7}`,
      actorRole: seq % 2 ? 'ASSESSOR' : 'ADMIN',
      action: 'assessment.updated',
      subjectType: 'Assessment',
      subjectId: `a-${seq % 13}`,
      digest: digestChange({ status: 'DRAFT', n: seq - 1 }, { status: 'SUBMITTED', n: seq }),
      prevHash,
    };
    const row = { ...fields, hash: hashEvent(fields) };
    rows.push(row);
    prevHash = row.hash;
  }
  return rows;
}

describe('digestChange', () => {
  it('hashes canonical {after, before}, key-order independent, undefined as null', () => {
    expect(digestChange({ b: 1, a: 2 }, null)).toBe(sha256Hex('{"after":null,"before":{"a":2,"b":1}}'));
    expect(digestChange(undefined, { x: 1 })).toBe(digestChange(null, { x: 1 }));
    expect(digestChange({ x: 1 }, { x: 2 })).not.toBe(digestChange({ x: 2 }, { x: 1 }));
  });
});

describe('hashEvent', () => {
  const fields = {
    seq: 1,
    occurredAt: '2025-01-01T00:00:00.000Z',
    actorId: 'u1',
    actorRole: 'ADMIN',
    action: 'scheme.created',
    subjectType: 'Scheme',
    subjectId: 's1',
    digest: 'ab'.repeat(32),
    prevHash: GENESIS_HASH,
  };

  it('hashes the canonical JSON of the nine non-hash fields (pinned format)', () => {
    const expected =
      '{"action":"scheme.created","actorId":"u1","actorRole":"ADMIN","digest":"' +
      'ab'.repeat(32) +
      `","occurredAt":"2025-01-01T00:00:00.000Z","prevHash":"${GENESIS_HASH}","seq":1,"subjectId":"s1","subjectType":"Scheme"}`;
    expect(hashEvent(fields)).toBe(sha256Hex(expected));
  });

  it('fast path is byte-identical to canonicalJson, incl. escapes and non-BMP text', () => {
    const samples = ['', 'plain', 'quote " backslash \\ slash /', 'ctl \u0000\u001f\n\t', 'é € 😀 \ud800 lone', '\u2028\u2029'];
    samples.forEach((text, i) => {
      const f = { ...fields, seq: 1 + i * 1_000_000_007, actorId: text, subjectId: text.split('').reverse().join('') };
      expect(eventCanonicalJson(f)).toBe(canonicalJson(f));
    });
  });

  it('falls back to the library for unexpected types (e.g. a bigint-as-string seq)', () => {
    const odd = { ...fields, seq: '1' as unknown as number };
    expect(eventCanonicalJson(odd)).toBe(canonicalJson(odd));
    expect(hashEvent(odd)).not.toBe(hashEvent(fields));
  });

  it('ignores extra properties such as hash or DB columns', () => {
    const withExtras = { ...fields, hash: 'x', id: 42, createdAt: new Date() };
    expect(hashEvent(withExtras)).toBe(hashEvent(fields));
  });

  it('covers every field, including prevHash', () => {
    const base = hashEvent(fields);
    for (const [key, value] of Object.entries(fields)) {
      const changed = { ...fields, [key]: typeof value === 'number' ? value + 1 : `${value}x` };
      expect(hashEvent(changed)).not.toBe(base);
    }
  });
});

describe('verifyChain / ChainVerifier', () => {
  const rows = buildChain(50);

  it('accepts an intact chain and an empty one', () => {
    expect(verifyChain(rows)).toEqual({ ok: true, verified: 50, firstBreak: null });
    expect(verifyChain([])).toEqual({ ok: true, verified: 0, firstBreak: null });
  });

  it('reports HASH_MISMATCH for an edited row', () => {
    const tampered = rows.map((r) => (r.seq === 17 ? { ...r, actorRole: 'ADMIN_X' } : r));
    expect(verifyChain(tampered)).toEqual({ ok: false, verified: 16, firstBreak: { seq: 17, reason: 'HASH_MISMATCH' } });
  });

  it('reports PREV_HASH_MISMATCH when an edited row was re-hashed', () => {
    const tampered = rows.map((r) => {
      if (r.seq !== 17) return r;
      const edited = { ...r, subjectId: 'other' };
      return { ...edited, hash: hashEvent(edited) };
    });
    expect(verifyChain(tampered).firstBreak).toEqual({ seq: 18, reason: 'PREV_HASH_MISMATCH' });
    expect(verifyChain(tampered).verified).toBe(17);
  });

  it('reports SEQ_GAP for deleted, duplicated or reordered rows and a wrong first seq', () => {
    expect(verifyChain(rows.filter((r) => r.seq !== 30)).firstBreak).toEqual({ seq: 31, reason: 'SEQ_GAP' });
    expect(verifyChain([...rows.slice(0, 10), rows[9], ...rows.slice(10)]).firstBreak).toEqual({
      seq: 10,
      reason: 'SEQ_GAP',
    });
    expect(verifyChain([rows[0], rows[2], rows[1]]).firstBreak).toEqual({ seq: 3, reason: 'SEQ_GAP' });
    expect(verifyChain(rows.slice(1)).firstBreak).toEqual({ seq: 2, reason: 'SEQ_GAP' });
  });

  it('reports PREV_HASH_MISMATCH for a wrong genesis prevHash', () => {
    const bad = [{ ...rows[0], prevHash: '1'.repeat(64) }];
    expect(verifyChain(bad).firstBreak).toEqual({ seq: 1, reason: 'PREV_HASH_MISMATCH' });
  });

  it('verifies page by page and stops at the first break', () => {
    const verifier = new ChainVerifier();
    for (let i = 0; i < rows.length; i += 8) {
      for (const row of rows.slice(i, i + 8)) expect(verifier.push(row)).toBe(true);
    }
    expect(verifier.head).toBe(rows[49].hash);
    expect(verifier.result()).toEqual({ ok: true, verified: 50, firstBreak: null });

    const broken = new ChainVerifier();
    rows.slice(0, 5).forEach((r) => broken.push(r));
    expect(broken.push({ ...rows[5], hash: '0'.repeat(64) })).toBe(false);
    expect(broken.push(rows[6])).toBe(false);
    expect(broken.result()).toEqual({ ok: false, verified: 5, firstBreak: { seq: 6, reason: 'HASH_MISMATCH' } });
  });

  it('resumes mid-chain from a known prevHash (optionally pinning the first seq)', () => {
    expect(verifyChain(rows.slice(20), rows[19].hash)).toEqual({ ok: true, verified: 30, firstBreak: null });
    expect(verifyChain(rows.slice(20), rows[19].hash, 21).ok).toBe(true);
    expect(verifyChain(rows.slice(20), rows[19].hash, 20).firstBreak).toEqual({ seq: 21, reason: 'SEQ_GAP' });
    expect(verifyChain(rows.slice(20), rows[18].hash).firstBreak).toEqual({ seq: 21, reason: 'PREV_HASH_MISMATCH' });
  });

  // Speed is measured by `npm run bench` (audit chain section), never asserted here.
  it('verifies a chain of 100,000 events', () => {
    expect(verifyChain(buildChain(100_000))).toEqual({ ok: true, verified: 100_000, firstBreak: null });
  });

  it('verifies 100,000 events with their content (digest recomputed)', () => {
    expect(verifyChain(withContent(buildChain(100_000)))).toEqual({ ok: true, verified: 100_000, firstBreak: null });
  });
});

/** buildChain's rows with the before/after their digests were computed from. */
function withContent(rows: AuditEventRow[]): AuditEventContentRow[] {
  return rows.map((r) => ({ ...r, before: { status: 'DRAFT', n: r.seq - 1 }, after: { n: r.seq, status: 'SUBMITTED' } }));
}

describe('ChainVerifier with content (before/after)', () => {
  const rows = withContent(buildChain(10));

  it('accepts rows whose digest is the digest of their before/after, whatever the key order', () => {
    expect(verifyChain(rows)).toEqual({ ok: true, verified: 10, firstBreak: null });
  });

  it('reports DIGEST_MISMATCH at the row whose before or after was altered', () => {
    const alteredAfter = rows.map((r) => (r.seq === 4 ? { ...r, after: { n: 4, status: 'APPROVED' } } : r));
    expect(verifyChain(alteredAfter)).toEqual({ ok: false, verified: 3, firstBreak: { seq: 4, reason: 'DIGEST_MISMATCH' } });
    const alteredBefore = rows.map((r) => (r.seq === 7 ? { ...r, before: null } : r));
    expect(verifyChain(alteredBefore).firstBreak).toEqual({ seq: 7, reason: 'DIGEST_MISMATCH' });
    const swapped = rows.map((r) => (r.seq === 2 ? { ...r, before: r.after, after: r.before } : r));
    expect(verifyChain(swapped).firstBreak).toEqual({ seq: 2, reason: 'DIGEST_MISMATCH' });
    const unhashable = rows.map((r) => (r.seq === 5 ? { ...r, after: { n: 10n } } : r));
    expect(verifyChain(unhashable).firstBreak).toEqual({ seq: 5, reason: 'DIGEST_MISMATCH' });
  });

  it('reports HASH_MISMATCH before DIGEST_MISMATCH when the hashed fields changed too', () => {
    const both = rows.map((r) => (r.seq === 3 ? { ...r, action: 'x', after: null } : r));
    expect(verifyChain(both).firstBreak).toEqual({ seq: 3, reason: 'HASH_MISMATCH' });
  });
});

describe('toStoredJson', () => {
  it('is the value as JSON.stringify writes it: toJSON applied, undefined dropped or null in arrays', () => {
    expect(toStoredJson(undefined)).toBeNull();
    expect(toStoredJson({ at: new Date('2025-01-02T03:04:05.678Z'), gone: undefined, list: [undefined, 1] })).toEqual({
      at: '2025-01-02T03:04:05.678Z',
      list: [null, 1],
    });
  });

  it('keeps the digest of plain JSON values unchanged', () => {
    const value = { b: [1.5, 1e21, 5e-324, -0, 'é\u2028😀'], a: { z: null, y: true } };
    expect(digestChange(toStoredJson(value), null)).toBe(digestChange(value, null));
  });
});
