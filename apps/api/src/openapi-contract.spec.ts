import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { completeContract } from './openapi-contract';

const op = (extra: Partial<OperationObject> = {}): OperationObject => ({
  tags: ['catalog'],
  responses: { '200': { description: '' } },
  ...extra,
});

function document(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths: {
      '/v1/services': {
        get: op({ summary: 'Lists services. Filters by name.' }),
        post: op({ security: [{ bearer: [] }], requestBody: { content: {} }, responses: { '201': { description: '' } } }),
      },
      '/v1/services/{id}': {
        get: op({ parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }),
        patch: op({
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } },
          ],
        }),
        delete: op({ responses: { '204': { description: '' } }, 'x-registry-optional-auth': true } as OperationObject),
      },
    },
  };
}

const statuses = (o: OperationObject | undefined) => Object.keys(o?.responses ?? {});

describe('completeContract: the statuses the edge can answer, documented for every operation', () => {
  const doc = completeContract(document());
  const paths = doc.paths;

  it.each([
    ['GET /v1/services', paths['/v1/services'].get, ['200', '304', '400', '429', '431', '500', '503']],
    ['POST /v1/services', paths['/v1/services'].post, ['201', '400', '413', '415', '429', '431', '500', '503']],
    ['GET /v1/services/{id}', paths['/v1/services/{id}'].get, ['200', '304', '400', '429', '431', '500', '503']],
    ['PATCH with If-Match', paths['/v1/services/{id}'].patch, ['200', '400', '412', '413', '415', '428', '429', '431', '500', '503']],
    ['DELETE', paths['/v1/services/{id}'].delete, ['204', '400', '429', '431', '500', '503']],
  ])('%s', (_name, operation, expected) => {
    expect(statuses(operation)).toEqual(expected);
  });

  it('renders every error status as an application/problem+json problem with an example of that status', () => {
    for (const item of Object.values(paths)) {
      for (const operation of [item.get, item.post, item.patch, item.delete]) {
        for (const [status, response] of Object.entries(operation?.responses ?? {})) {
          if (Number(status) < 400) continue;
          const content = (response as ResponseObject).content?.['application/problem+json'];
          expect(content?.schema).toEqual({ $ref: '#/components/schemas/ProblemDto' });
          expect((content?.example as { status: number }).status).toBe(Number(status));
        }
      }
    }
  });

  it('declares rate-limit headers on every response but 431, Retry-After on 429 and 503, ETag on reads', () => {
    const get = paths['/v1/services'].get!.responses as Record<string, ResponseObject>;
    expect(Object.keys(get['200'].headers ?? {})).toEqual(
      expect.arrayContaining(['RateLimit', 'RateLimit-Policy', 'ETag', 'X-Request-Id']),
    );
    expect(Object.keys(get['304'].headers ?? {})).toContain('ETag');
    expect(Object.keys(get['429'].headers ?? {})).toContain('Retry-After');
    expect(Object.keys(get['503'].headers ?? {})).toContain('Retry-After');
    expect(Object.keys(get['431'].headers ?? {})).not.toContain('RateLimit');
    expect(doc.components?.headers?.RateLimit).toBeDefined();
  });

  it('types path ids as UUIDs, says who may call, and splits the summary from the description', () => {
    const patch = paths['/v1/services/{id}'].patch!;
    expect(patch.parameters?.[0]).toMatchObject({ schema: { format: 'uuid', maxLength: 36 } });
    expect(paths['/v1/services'].get!.security).toEqual([]);
    expect(paths['/v1/services/{id}'].delete!.security).toEqual([{}]);
    expect(paths['/v1/services/{id}'].delete).not.toHaveProperty('x-registry-optional-auth');
    expect(paths['/v1/services'].get).toMatchObject({ summary: 'Lists services.', description: 'Lists services. Filters by name.' });
    expect(paths['/v1/services/{id}'].get!.summary).toBe('Reads services.');
  });

  it('describes the bearer key as opaque, names servers and describes every tag used', () => {
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ bearerFormat: 'opaque API key' });
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.tags).toEqual([{ name: 'catalog', description: expect.stringContaining('Providers') }]);
  });
});
