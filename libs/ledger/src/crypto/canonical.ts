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

/** Lower-case hex SHA-256. Strings are hashed as UTF-8. (One-shot `hash`: Node >= 20.12.) */
export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}
