import type { NextFunction, Request, Response } from 'express';
import type { FieldError } from './problem';
import { problemOf, sendProblem } from './problem.filter';
import { isStorableText } from './text';

/** Deeper JSON than any operation takes is refused before it reaches validation. */
export const MAX_JSON_DEPTH = 32;

const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The first thing in a parsed body or query that no operation may receive, as a field error. */
export function findUnsafeInput(value: unknown, pointer = '', depth = 0): FieldError | null {
  if (typeof value === 'string') {
    return isStorableText(value) ? null : { pointer: pointer || '/', detail: 'text must not contain NUL or unpaired surrogates' };
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_JSON_DEPTH) return { pointer: pointer || '/', detail: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  for (const [key, child] of Object.entries(value)) {
    const at = `${pointer}/${escapePointer(key)}`;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      return { pointer: at, detail: 'property name not allowed' };
    }
    if (!isStorableText(key)) return { pointer: at, detail: 'property name must not contain NUL or unpaired surrogates' };
    const found = findUnsafeInput(child, at, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Input bounds at the edge, once for every operation: bodies and query strings free of NUL and
 * unpaired surrogates (PostgreSQL cannot store them), no `__proto__`-style keys, bounded nesting.
 * A violation is a 400 problem that names the field; nothing behind it runs.
 */
export function inputBounds(req: Request, res: Response, next: NextFunction): void {
  const inQuery = findUnsafeInput(req.query, '/query');
  // a raw upload (Buffer: an import file) is bytes, checked by the operation that reads it
  const found = inQuery ?? (req.body === undefined || Buffer.isBuffer(req.body) ? null : findUnsafeInput(req.body));
  if (!found) return next();
  sendProblem(req, res, problemOf(400, 'UNSAFE_INPUT', 'The request contains input no operation accepts', [found]));
}
