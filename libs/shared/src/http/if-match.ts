import { SharedError } from './problem';

/**
 * A change to a versioned resource must say which version it changes: 428 without If-Match (no
 * blind read-modify-write can lose another writer's change), 412 when it names neither the
 * current ETag nor `*`.
 */
export function assertIfMatch(ifMatch: string | undefined, currentEtag: string): void {
  if (ifMatch === undefined) {
    throw new SharedError(
      'PRECONDITION_REQUIRED',
      `Send If-Match with the resource's current ETag (${currentEtag}); read it with GET first`,
    );
  }
  const tags = ifMatch.split(',').map((t) => t.trim());
  if (!tags.includes('*') && !tags.includes(currentEtag)) {
    throw new SharedError('PRECONDITION_FAILED', `If-Match does not match the current ETag ${currentEtag}`);
  }
}
