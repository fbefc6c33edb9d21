import type { NextFunction, Request, Response } from 'express';
import { problemOf, sendProblem } from '@app/shared';

/**
 * A mirror answers reads only: every other method — and a receipt, which records an audit event
 * and would be signed by the mirror, not the origin — is a 403 problem READ_ONLY_MIRROR.
 */
export function readOnlyMirror(req: Request, res: Response, next: NextFunction): void {
  const read = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
  if (read && !req.path.endsWith('/eligibility/receipt')) return next();
  sendProblem(req, res, problemOf(403, 'READ_ONLY_MIRROR', 'This registry is a read-only mirror: write to the origin'));
}
