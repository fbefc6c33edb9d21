import { SharedError } from './problem';

/**
 * Opaque cursors for keyset pagination: base64url of a small JSON array holding the sort key of
 * the last item returned. Clients must treat them as opaque.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
      return key;
    }
  } catch {
    // fall through
  }
  throw invalidCursor();
}

/** The one INVALID_CURSOR: a cursor (in `pointer`, default `/cursor`) this API did not issue. */
export const invalidCursor = (pointer = '/cursor') =>
  new SharedError('INVALID_CURSOR', `${pointer.slice(1)} is not one this API issued`, [{ pointer, detail: 'invalid cursor' }]);

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, keyOf: (row: R) => (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return { items: slice.map(map), nextCursor: more ? encodeCursor(keyOf(slice[slice.length - 1])) : null };
}
