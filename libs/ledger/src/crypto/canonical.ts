import { hash } from 'node:crypto';
// `canonicalize` is CommonJS (`module.exports = fn`) with a default-export typing.
// This default import works under tsc CommonJS (esModuleInterop) and native ESM (ts-jest ESM).
import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON. Throws when the value has no JSON representation
 * (undefined, a function, a symbol at top level), contains NaN/Infinity or a bigint,
 * or would otherwise produce invalid JSON (e.g. a function nested in an object).
 */
export function canonicalJson(value: unknown): string {
  const fast = plainCanonicalJson(value);
  if (fast !== undefined) return fast;
  const out = canonicalize(value);
  if (out === undefined) {
    throw new TypeError('canonicalJson: value has no JSON representation');
  }
  // The library emits a bare `undefined` for nested functions; reject such output.
  // (Only parsed when the substring occurs, so the common path stays cheap.)
  if (out.includes('undefined')) {
    try {
      JSON.parse(out);
    } catch {
      throw new TypeError('canonicalJson: value contains a non-JSON member');
    }
  }
  return out;
}

/** Thrown (one preallocated instance, no stack cost) inside plainCanonicalJson when a value needs the library. */
const NOT_PLAIN = new Error('not plain JSON data');

/**
 * Fast path for plain JSON data (what JSON.parse or a jsonb column returns: null, booleans, finite
 * numbers, strings, arrays, objects without toJSON): byte-identical to the library (keys sorted by
 * UTF-16 code units, strings and numbers as JSON.stringify writes them, which is what RFC 8785
 * prescribes), about five times faster because it joins arrays instead of concatenating in reduce.
 * Returns undefined for anything else (Dates, undefined members, bigints, NaN…): the library decides.
 */
function plainCanonicalJson(value: unknown): string | undefined {
  try {
    return plain(value);
  } catch (err) {
    if (err === NOT_PLAIN) return undefined;
    throw err;
  }
}

/** Strings JSON.stringify would write unchanged between quotes: no quote, backslash, control or surrogate. */
const NEEDS_NO_ESCAPE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

const quote = (s: string): string => (NEEDS_NO_ESCAPE.test(s) ? `"${s}"` : JSON.stringify(s));

function plain(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw NOT_PLAIN;
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const items = new Array<string>(value.length);
        for (let i = 0; i < value.length; i++) items[i] = plain(value[i]);
        return `[${items.join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      if (typeof record.toJSON === 'function') throw NOT_PLAIN;
      const keys = Object.keys(record).sort();
      const members = new Array<string>(keys.length);
      for (let i = 0; i < keys.length; i++) members[i] = `${quote(keys[i])}:${plain(record[keys[i]])}`;
      return `{${members.join(',')}}`;
    }
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      throw NOT_PLAIN;
  }
}

/** Lower-case hex SHA-256. Strings are hashed as UTF-8. (One-shot `hash`: Node >= 20.12.) */
export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}
