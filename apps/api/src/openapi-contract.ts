import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  TagObject,
} from '@nestjs/swagger';
import { OPTIONAL_AUTH_EXTENSION, problemOf } from '@app/shared';

/**
 * The statuses and headers every operation can answer because of the edge, not because of its
 * handler: completed here, once, for the document served at /openapi.json and the committed
 * openapi.json alike (both come from buildOpenApi). Handlers document only what they decide
 * themselves (`@ApiProblems(404, 409)` …); everything below is true of every request:
 *
 * - all: 400 (input bounds check the query of every request), 429 (rate limits), 431 (Node's
 *   header limit, answered by the clientError handler), 500, 503 (database unavailable);
 * - GET: 304 (a matching `If-None-Match`, or `*`, which RFC 9110 lets match any current
 *   representation — Express answers it for every GET);
 * - POST, PUT, PATCH: 413 (BODY_LIMIT) and 415 (a charset or Content-Encoding the parser refuses);
 * - an `If-Match` parameter: 412 and 428;
 * - responses carry `X-Request-Id` and the IETF `RateLimit`/`RateLimit-Policy` headers (all but
 *   431, which is answered before the rate limits run), 429 and 503 `Retry-After`, reads `ETag`,
 *   `Vary` and `Cache-Control`.
 */

export const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDto' } as const;

/** What each error status means here; the problem `code` is the one the API sends most often with it. */
const ERRORS: Record<number, { description: string; code: string; detail: string }> = {
  400: {
    description: 'Malformed input: bad ids, dates, codes, cursors, unknown or wrong-typed fields, NUL or unpaired surrogates',
    code: 'VALIDATION_FAILED',
    detail: 'asOf must be a date between 0001-01-01 and 9999-12-31 (YYYY-MM-DD)',
  },
  401: { description: 'Missing or unknown credential', code: 'UNAUTHENTICATED', detail: 'A valid bearer credential is required' },
  403: { description: 'The credential may not do this', code: 'FORBIDDEN_ROLE', detail: 'This action needs the role admin' },
  404: { description: 'No such record', code: 'NOT_FOUND', detail: 'No service with this id' },
  406: { description: 'No acceptable representation', code: 'NOT_ACCEPTABLE', detail: 'Not Acceptable' },
  409: {
    description: 'Conflicts with the current state (also: a request with this Idempotency-Key is still running)',
    code: 'CONFLICT',
    detail: 'the record already exists',
  },
  412: {
    description: 'If-Match did not match the current ETag',
    code: 'PRECONDITION_FAILED',
    detail: 'If-Match does not match the current ETag',
  },
  413: { description: 'Body larger than the configured limit (BODY_LIMIT)', code: 'PAYLOAD_TOO_LARGE', detail: 'request entity too large' },
  415: {
    description: 'A body in a charset or Content-Encoding the API does not read',
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'unsupported charset "LATIN-2"',
  },
  422: {
    description:
      'The Idempotency-Key was used with another body, or the body names records that cannot go together (e.g. COVERAGE_OTHER_PROVIDER)',
    code: 'IDEMPOTENCY_KEY_REUSED',
    detail: 'This Idempotency-Key was used for a request with another body',
  },
  428: {
    description: 'If-Match is required for this write',
    code: 'PRECONDITION_REQUIRED',
    detail: "Send If-Match with the resource's current ETag; read it with GET first",
  },
  429: {
    description: 'Rate limit exceeded: retry after the time in Retry-After / RateLimit',
    code: 'RATE_LIMITED',
    detail: 'Too many requests from this client; retry after the time in the RateLimit headers',
  },
  431: {
    description: 'Request header fields too large (answered before the request reaches the API)',
    code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
    detail: 'The request headers are larger than the server accepts',
  },
  500: {
    description: 'Unexpected error (a bug: it is logged with the request id)',
    code: 'INTERNAL_ERROR',
    detail: 'An unexpected error occurred',
  },
  503: {
    description: 'A dependency is down (the database): retry after Retry-After',
    code: 'DATABASE_UNAVAILABLE',
    detail: 'The database is not reachable right now; retry shortly',
  },
};

const header = (description: string, schema: Record<string, unknown>, required = false): HeaderObject => ({
  description,
  required,
  schema,
});

/** Response headers, declared once in components.headers and referenced from every response. */
export const RESPONSE_HEADERS: Record<string, HeaderObject> = {
  'X-Request-Id': header('The request id (the caller’s X-Request-Id when well-formed); problems repeat it as `requestId`', {
    type: 'string',
    maxLength: 128,
    pattern: '^[A-Za-z0-9._:-]{1,128}$',
  }),
  RateLimit: header('IETF RateLimit header (draft 7): the quota left in the current window, e.g. `limit=600, remaining=599, reset=60`', {
    type: 'string',
    maxLength: 200,
    example: 'limit=600, remaining=599, reset=60',
  }),
  'RateLimit-Policy': header('IETF RateLimit-Policy (draft 7): the quota and window in seconds, e.g. `600;w=60`', {
    type: 'string',
    maxLength: 200,
    example: '600;w=60',
  }),
  'Retry-After': header('Seconds to wait before retrying', { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 }),
  ETag: header('Strong validator of this representation: send it back as If-None-Match (reads) or If-Match (writes)', {
    type: 'string',
    maxLength: 100,
    example: '"q5Jm0b2cO7l2bT9t1Y4cZV3sQ0o"',
  }),
  Vary: header('Request headers that select the representation (Origin when CORS_ORIGINS is configured)', {
    type: 'string',
    maxLength: 200,
  }),
  'Cache-Control': header('How long a shared cache may keep the answer; problems are `no-store`', { type: 'string', maxLength: 200 }),
};

const ref = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });

/** Tag descriptions (a tag without one is an error of the contract lint). */
export const TAGS: Record<string, string> = {
  health: 'Liveness and readiness probes for orchestrators',
  credentials: 'API keys: administrators, auditors and municipalities (secrets are shown once)',
  catalog: 'Providers, cloud services, their categories and network destinations (dated facts)',
  registrations: 'Scheme registrations (ISMAP, ISMAP-LIU, LGWAN-ASP) and their dated states',
  municipalities: 'Prefectures, municipalities and wards with their LGWAN network model',
  criteria: 'Criteria profiles (e.g. 特定通信) and their immutable editions',
  assessments: 'Assessments of services against a profile edition, with per-requirement findings',
  eligibility: 'Decisions with reasons, allowlists for firewalls, expiring reviews, the reasons catalogue and signed receipts',
  lifecycle: 'Municipalities’ usages of services and the expiry sweeps',
  events: 'The change feed, in commit order',
  webhooks: 'Subscriptions that push the change feed to a URL, and their deliveries',
  audit: 'The hash-chained audit trail and signed checkpoints',
  keys: 'The public keys that sign checkpoints and receipts',
  mirror: 'The signed snapshot a read-only mirror loads',
};

/**
 * Path parameters by name: every `{id}` goes through ParseIdPipe (a UUID, else 400) and every
 * `{code}` is a 6-digit local government code (a wrong one is a 400). Written once here because
 * the compile-time plugin cannot see what a pipe accepts.
 */
/** A criteria profile key (CreateProfileDto: lower-case letters, digits and hyphens, at most 64). */
const PROFILE_KEY = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64, example: 'tokutei-tsushin' };

export const PATH_PARAMETERS: Record<string, Record<string, unknown>> = {
  id: { type: 'string', format: 'uuid', maxLength: 36 },
  /** The covered service of PATCH /v1/registrations/{id}/coverage/{serviceId}. */
  serviceId: { type: 'string', format: 'uuid', maxLength: 36 },
  code: { type: 'string', pattern: '^\\d{6}$', minLength: 6, maxLength: 6, example: '131016' },
  key: PROFILE_KEY,
  profile: PROFILE_KEY,
};

/** `If-Match`: one or more ETags (27 characters each, quoted) or `*`; anything longer cannot match. */
const IF_MATCH_SCHEMA = { type: 'string', maxLength: 1024, example: '"q5Jm0b2cO7l2bT9t1Y4cZV3sQ0o"' };

/** Lengths that a string format fixes exactly (the validators accept nothing longer). */
const FORMAT_MAX_LENGTH: Record<string, number> = { date: 10, uuid: 36 };

export interface ContractOptions {
  /** Where the API is reached; relative by default so the document works on any intranet host. */
  servers?: { url: string; description: string }[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const WITH_BODY = new Set(['post', 'put', 'patch']);

function problemResponse(status: number): ResponseObject {
  const known = ERRORS[status] ?? { description: 'Error', code: `HTTP_${status}`, detail: 'Error' };
  const example = {
    ...problemOf(status, known.code, known.detail),
    instance: '/v1/services',
    requestId: '6f1c2a1e-5b0e-4a47-9d55-0c4d2f0e8a11',
  };
  return {
    description: known.description,
    content: { 'application/problem+json': { schema: PROBLEM_SCHEMA, example } },
  };
}

function isReference(value: unknown): value is ReferenceObject {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

/** Summary: the first sentence of the handler's comment; description: the whole comment. */
function splitSummary(op: OperationObject, fallback: string): void {
  const text = (op.summary ?? '').replace(/\s+/g, ' ').trim() || fallback;
  op.description ??= text;
  const first = /^(.+?[.?!])(\s|$)/.exec(text)?.[1] ?? text;
  op.summary = first.length <= 120 ? first : `${first.slice(0, 117).trimEnd()}…`;
}

/** A summary for an operation whose handler has no comment, from its method and path. */
function defaultSummary(method: string, path: string): string {
  const noun = path
    .split('/')
    .filter((s) => s && s !== 'v1' && !s.startsWith('{'))
    .join(' ');
  const verb = { get: 'Reads', post: 'Creates', patch: 'Changes', put: 'Replaces', delete: 'Removes' }[method] ?? method.toUpperCase();
  return `${verb} ${noun}.`;
}

/** Completes the document in place and returns it (see the comment at the top of this file). */
export function completeContract(document: OpenAPIObject, options: ContractOptions = {}): OpenAPIObject {
  document.info.contact = { name: 'Registry maintainers', url: 'https://lgwan-registry.example/contact' };
  document.info.license = { name: 'MIT', url: 'https://opensource.org/license/mit' };
  document.servers = (
    options.servers ?? [{ url: '/', description: 'production: the host that serves this document (an intranet host on LGWAN)' }]
  ).map((server) => ({ ...server, 'x-internal': true }));
  document.components ??= {};
  document.components.headers = { ...(document.components.headers ?? {}), ...RESPONSE_HEADERS };
  const bearer = document.components.securitySchemes?.bearer;
  if (bearer && !isReference(bearer)) {
    bearer.bearerFormat = 'opaque API key';
    bearer.description =
      'An opaque API key (not a JWT): `Authorization: Bearer <key>`, from POST /v1/api-keys, `npm run cli -- api-key:create` or ADMIN_API_KEY. Reads are public; writes name the roles they need.';
  }

  const used = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      splitSummary(op, defaultSummary(method, path));
      for (const tag of op.tags ?? []) used.add(tag);
      completeOperation(method, op);
    }
  }
  boundStringFormats(document);
  document.tags = [...used].sort().map((name): TagObject => ({ name, description: TAGS[name] ?? name }));
  return document;
}

function completeOperation(method: string, op: OperationObject): void {
  const parameters = (op.parameters ?? []).filter((p): p is ParameterObject => !isReference(p));
  for (const parameter of parameters) {
    const known = PATH_PARAMETERS[parameter.name];
    if (parameter.in === 'path' && known) parameter.schema = { ...(parameter.schema ?? {}), ...known };
    if (parameter.in === 'header' && parameter.name.toLowerCase() === 'if-match')
      parameter.schema = { ...(parameter.schema ?? {}), ...IF_MATCH_SCHEMA };
  }
  // no security requirement declared: a public operation, said explicitly
  const extensions = op as unknown as Record<string, unknown>;
  if (extensions[OPTIONAL_AUTH_EXTENSION]) {
    delete extensions[OPTIONAL_AUTH_EXTENSION];
    op.security = [{}, ...(op.security ?? [])];
  }
  op.security ??= [];
  const ifMatch = parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');
  const statuses = [400, 429, 431, 500, 503];
  if (method === 'get') statuses.push(304);
  if (WITH_BODY.has(method)) statuses.push(413, 415);
  if (ifMatch) statuses.push(412, 428);
  for (const status of statuses) {
    const key = String(status);
    if (op.responses[key]) continue;
    op.responses[key] =
      status === 304
        ? { description: 'Not modified: If-None-Match matched the current ETag (or was `*`); no body' }
        : problemResponse(status);
  }
  // problems declared by the handlers' decorators get the same examples and descriptions' wording where missing
  for (const [key, response] of Object.entries(op.responses)) {
    if (!response || isReference(response)) continue;
    const status = Number(key);
    const problem = response.content?.['application/problem+json'];
    if (problem && problem.example === undefined && problem.examples === undefined) {
      problem.example = (problemResponse(status).content!['application/problem+json'] as { example: unknown }).example;
    }
    if (!response.description) response.description = status === 201 ? 'Created' : status === 204 ? 'No content' : 'OK';
    response.headers = { ...headersFor(method, status), ...(response.headers ?? {}) };
  }
  op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
}

function headersFor(method: string, status: number): Record<string, ReferenceObject> {
  // answered by the clientError handler before the rate limits run
  if (status === 431) return { 'X-Request-Id': ref('X-Request-Id'), 'Cache-Control': ref('Cache-Control') };
  const headers: Record<string, ReferenceObject> = {
    'X-Request-Id': ref('X-Request-Id'),
    RateLimit: ref('RateLimit'),
    'RateLimit-Policy': ref('RateLimit-Policy'),
  };
  if (status === 429 || status === 503) headers['Retry-After'] = ref('Retry-After');
  if (status >= 400) headers['Cache-Control'] = ref('Cache-Control');
  const read = method === 'get' && (status < 300 || status === 304);
  if (read || ((method === 'patch' || method === 'post') && status < 300)) headers.ETag = ref('ETag');
  if (read) {
    headers.Vary = ref('Vary');
    headers['Cache-Control'] = ref('Cache-Control');
  }
  return headers;
}

/** Adds the maxLength that a string's format implies (date: 10, uuid: 36) wherever a schema says the format. */
function boundStringFormats(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(boundStringFormats);
  if (typeof node !== 'object' || node === null) return;
  const schema = node as { type?: unknown; format?: unknown; maxLength?: unknown };
  if (schema.type === 'string' && typeof schema.format === 'string' && schema.maxLength === undefined) {
    const max = FORMAT_MAX_LENGTH[schema.format];
    if (max !== undefined) schema.maxLength = max;
  }
  Object.values(node).forEach(boundStringFormats);
}
