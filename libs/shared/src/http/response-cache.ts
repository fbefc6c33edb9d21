import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';

/** A serialised answer: its status is 200, its headers as first sent (minus per-request ones), its bytes. */
export interface CachedAnswer {
  readonly headers: readonly (readonly [string, string | number | readonly string[]])[];
  readonly body: Buffer;
  /** `gzip`: `body` is the gzip coding of the answer (sent as is to clients that accept it)… */
  readonly encoding?: 'gzip';
  /** … and this is the length of the answer it decodes to. */
  readonly decodedLength?: number;
  /** Anything the caller wants replayed with it (e.g. the decisions it counts in metrics). */
  readonly meta?: unknown;
}

/** Headers never replayed from the cache: they belong to the request being answered. */
const PER_REQUEST =
  /^(x-request-id|date|connection|keep-alive|content-length|transfer-encoding|set-cookie|ratelimit.*|retry-after|access-control-.*)$/i;

/** Distinct header lists held once (see ResponseCache.headerLists). */
const MAX_HEADER_LISTS = 256;

/** Rough bookkeeping cost of one entry besides its body (key, headers, object). */
const ENTRY_OVERHEAD = 512;

/**
 * Known answers as bytes: a least-recently-used cache bounded by bytes (`RESPONSE_CACHE_BYTES`).
 * The caller's key says everything the answer depends on; the first request computes, the rest
 * copy the bytes. Hits, misses and size are reported in /metrics.
 */
@Injectable()
export class ResponseCache {
  private readonly lru: LRUCache<string, CachedAnswer> | null;
  /**
   * Header lists already kept, held once: the answers of one route and language carry the same
   * headers (the caller keeps what differs, such as the ETag, out of them), and 10,000 decisions
   * would otherwise hold 10,000 equal lists (≈ 0.7 KB each).
   */
  private readonly headerLists = new Map<string, CachedAnswer['headers']>();
  hits = 0;
  misses = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.lru =
      config.RESPONSE_CACHE_BYTES > 0
        ? new LRUCache<string, CachedAnswer>({
            maxSize: config.RESPONSE_CACHE_BYTES,
            sizeCalculation: (v, k) => v.body.length + k.length + ENTRY_OVERHEAD,
          })
        : null;
  }

  get(key: string): CachedAnswer | undefined {
    const hit = this.lru?.get(key);
    if (hit) this.hits += 1;
    else this.misses += 1;
    return hit;
  }

  /** Keeps an answer (one larger than the whole cache is not kept). */
  set(
    key: string,
    headers: Record<string, unknown>,
    body: Buffer,
    meta?: unknown,
    coding?: Pick<CachedAnswer, 'encoding' | 'decodedLength'>,
  ): void {
    if (!this.lru || body.length + key.length + ENTRY_OVERHEAD > this.lru.maxSize) return;
    // a small Buffer is a slice of an 8 KiB pool slab that it would keep alive whole: keep a copy of its own
    if (body.byteOffset !== 0 || body.buffer.byteLength !== body.length) {
      const own = Buffer.allocUnsafeSlow(body.length);
      body.copy(own);
      body = own;
    }
    const kept = Object.entries(headers)
      .filter(([name, value]) => value !== undefined && !PER_REQUEST.test(name))
      .map(([name, value]) => [name, value as string | number | readonly string[]] as const);
    this.lru.set(key, { headers: this.shared(kept), body, meta, ...coding });
  }

  private shared(headers: CachedAnswer['headers']): CachedAnswer['headers'] {
    const id = JSON.stringify(headers);
    const known = this.headerLists.get(id);
    if (known) return known;
    // bounded: answers whose headers all differ (a per-answer header) are kept, but not their lists here
    if (this.headerLists.size >= MAX_HEADER_LISTS) this.headerLists.clear();
    this.headerLists.set(id, headers);
    return headers;
  }

  /** Entries and bytes held now. */
  get size(): { entries: number; bytes: number; maxBytes: number } {
    return { entries: this.lru?.size ?? 0, bytes: this.lru?.calculatedSize ?? 0, maxBytes: this.lru?.maxSize ?? 0 };
  }

  clear(): void {
    this.lru?.clear();
    this.headerLists.clear();
  }
}
