import { isDateOnly } from './is-date-only';
import { isStorableText } from './text';
import { SharedError } from './problem';

/**
 * Opaque cursors for keyset pagination: base64url of a small JSON array holding the sort key of
 * the last item returned. Clients must treat them as opaque.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What one part of a cursor's sort key must be, checked before it reaches a query. */
export type CursorPart = 'text' | 'uuid' | 'int' | 'date' | 'timestamp' | 'code';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const PART_CHECKS: Record<CursorPart, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 1000 && isStorableText(v),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  int: (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && /^\d{1,18}$/.test(v)),
  date: (v) => isDateOnly(v),
  timestamp: (v) => typeof v === 'string' && TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v)) && isDateOnly(v.slice(0, 10)),
  code: (v) => typeof v === 'string' && /^\d{6}$/.test(v),
};

/**
 * The sort key of a cursor this API issued, each part checked against what the list sorts by;
 * anything else (not base64url JSON, another length, a value of the wrong type) is a 400 problem.
 */
export function decodeCursor(cursor: string | undefined, parts: readonly CursorPart[]): (string | number)[] | null {
  if (cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === parts.length && parts.every((part, i) => PART_CHECKS[part](key[i]))) {
      return key as (string | number)[];
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
