import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/**
 * Documents a 200 that is `dto` as JSON or, chosen by `format=`, text in the given media types
 * (each with an example, e.g. a CSV header row), so text answers are not described by the JSON schema.
 */
export const ApiJsonOrText = (
  dto: new () => object,
  description: string,
  texts: Record<string, string>,
  headers?: Record<string, { description: string; schema: object }>,
) =>
  applyDecorators(
    ApiExtraModels(dto),
    ApiOkResponse({
      description,
      headers,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(dto) } },
        ...Object.fromEntries(Object.entries(texts).map(([type, example]) => [type, { schema: { type: 'string' }, example }])),
      },
    }),
  );
