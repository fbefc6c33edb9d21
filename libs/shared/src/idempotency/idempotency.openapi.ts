import type { OpenAPIObject } from '@nestjs/swagger';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } };

/** Documents `Idempotency-Key` (and the 409 and 422 it can answer) on every POST of the document. */
export function documentIdempotency(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    const post = item.post;
    if (!post) continue;
    // an operation may declare it itself (with its own wording): never list it twice
    const declared = (post.parameters ?? []).some((p) => 'name' in p && p.name.toLowerCase() === 'idempotency-key');
    if (!declared) {
      post.parameters = [
        ...(post.parameters ?? []),
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: the same key with the same body within 24 hours replays the first response ' +
            '(header Idempotent-Replayed: true) instead of acting again; the same key with another body is a 422.',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
        },
      ];
    }
    post.responses['409'] ??= { description: 'Conflict (also: a request with this Idempotency-Key is still running)', content: PROBLEM };
    post.responses['422'] ??= { description: 'The Idempotency-Key was used with another body', content: PROBLEM };
  }
  return document;
}
