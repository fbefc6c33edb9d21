import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** A strong ETag for a representation derived from a key (e.g. a row version or revision + query). */
export function strongEtag(...parts: (string | number)[]): string {
  return `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 27)}"`;
}

/** True when the request's If-None-Match names the given ETag (or `*`). */
export function matchesIfNoneMatch(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

export function setCaching(res: Response, etag: string, maxAgeSeconds: number): void {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAgeSeconds}, must-revalidate`);
}
