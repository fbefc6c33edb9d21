import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: '/findings/0/evidence/0/sha256' }) pointer: string;
  @ApiProperty({ example: 'must be 64 lower-case hexadecimal characters' }) detail: string;
}

/** RFC 9457 problem details, as sent with `application/problem+json`. */
export class ProblemDto {
  @ApiProperty({ example: 'https://registry.example/problems/validation-failed' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ description: 'Stable machine-readable error code', example: 'VALIDATION_FAILED' }) code: string;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ example: '/v1/services' }) instance?: string;
  @ApiPropertyOptional({ description: 'The X-Request-Id of the failed request' }) requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}

const descriptions: Record<number, string> = {
  400: 'Malformed input: bad ids, dates, codes, unknown or wrong-typed fields',
  401: 'Missing or unknown credential',
  403: 'The credential may not do this',
  404: 'No such record',
  409: 'Conflicts with the current state',
  412: 'If-Match did not match the current ETag',
  413: 'Body larger than the configured limit',
  422: 'Well-formed, but the records it names cannot go together (e.g. COVERAGE_OTHER_PROVIDER)',
  428: 'If-Match is required for this write',
  429: 'Rate limit exceeded',
  503: 'Not ready: a dependency is down (the failing checks are listed)',
};

/**
 * Documents the given error statuses with the problem schema. 400 (the edge's input bounds refuse a NUL,
 * an unpaired surrogate or a `__proto__` key in any query or body, before any handler), 429 and 500 are
 * always added: every operation can answer them.
 */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[...new Set([...statuses, 400, 429, 500])].sort().map((status) =>
      ApiResponse({
        status,
        description: descriptions[status] ?? 'Unexpected error',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      }),
    ),
  );
}
