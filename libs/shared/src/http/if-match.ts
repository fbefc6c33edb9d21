import { SharedError } from './problem';

/** Throws 412 when an If-Match header was sent and names neither the current ETag nor `*`. */
export function assertIfMatch(ifMatch: string | undefined, currentEtag: string): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((t) => t.trim());
  if (!tags.includes('*') && !tags.includes(currentEtag)) {
    throw new SharedError('PRECONDITION_FAILED', `If-Match does not match the current ETag ${currentEtag}`);
  }
}
