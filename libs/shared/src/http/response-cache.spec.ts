import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../config/config.schema';
import { ResponseCache } from './response-cache';

const cache = (bytes: number) => new ResponseCache({ RESPONSE_CACHE_BYTES: bytes } as AppConfig);

describe('ResponseCache', () => {
  it('keeps a small body as a buffer of its own, not as a slice of a pool slab it would keep alive', () => {
    const c = cache(1 << 20);
    const pooled = Buffer.from('{"decision":"eligible"}'.padEnd(3500, ' '));
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length); // Node's 8 KiB pool
    c.set('k', { 'content-type': 'application/json' }, pooled);
    const kept = c.get('k')!.body;
    expect(kept.equals(pooled)).toBe(true);
    expect(kept.buffer.byteLength).toBe(kept.length);
  });

  it('replays headers but those of the request, and evicts the least recently used by bytes', () => {
    const c = cache(3 * (1000 + 512 + 1));
    const body = Buffer.alloc(1000, 1);
    c.set('a', { etag: '"a"', 'x-request-id': 'r1', 'content-length': 1000, ratelimit: 'x' }, body);
    c.set('b', { etag: '"b"' }, body);
    expect(c.get('a')!.headers).toEqual([['etag', '"a"']]);
    c.set('c', { etag: '"c"' }, body);
    c.set('d', { etag: '"d"' }, body); // 'b' is the least recently used
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.size.entries).toBe(3);
  });

  it('keeps a gzip coding with the length it decodes to, and nothing when disabled or larger than the whole cache', () => {
    const c = cache(4096);
    c.set('g', {}, Buffer.alloc(100), undefined, { encoding: 'gzip', decodedLength: 900 });
    expect(c.get('g')).toMatchObject({ encoding: 'gzip', decodedLength: 900 });
    c.set('big', {}, Buffer.alloc(5000));
    expect(c.get('big')).toBeUndefined();
    const off = cache(0);
    off.set('x', {}, Buffer.alloc(10));
    expect(off.get('x')).toBeUndefined();
    expect(off.size).toEqual({ entries: 0, bytes: 0, maxBytes: 0 });
  });

  it('holds equal header lists once', () => {
    const c = cache(1 << 20);
    c.set('a', { 'content-type': 'application/json', vary: 'Accept-Encoding' }, Buffer.alloc(10));
    c.set('b', { 'content-type': 'application/json', vary: 'Accept-Encoding', 'x-request-id': 'r2' }, Buffer.alloc(10));
    c.set('c', { 'content-type': 'text/csv' }, Buffer.alloc(10));
    expect(c.get('a')!.headers).toBe(c.get('b')!.headers);
    expect(c.get('c')!.headers).toEqual([['content-type', 'text/csv']]);
  });
});
