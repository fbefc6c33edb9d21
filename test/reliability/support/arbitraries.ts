// Requests generated from the contract with fast-check: mostly valid-looking values (so requests get
// past validation into the services and the database), with hostile values mixed in at every level.
import fc from 'fast-check';
import type { Operation, Schema } from './contract';
import { CREDENTIALS, type Credential, validRequest, type World } from './world';

export interface FuzzRequest {
  op: string;
  credential: Credential;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const DATES = ['2025-01-01', '2025-06-01', '2024-02-29', '2026-05-31', '0001-01-01', '9999-12-31', '9999-12-30', '1970-01-01'];
const BAD_DATES = ['0000-01-01', '10000-01-01', '2025-02-30', '2025-13-01', '20250101', '9999-12-31T00:00:00Z', '+275760-09-13'];
const hugeString = 'x'.repeat(5_000);
const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

/** Values no field should accept silently (a 4xx is fine, a 5xx is a bug). */
const hostileValue: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  true,
  0,
  -1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  2 ** 31,
  0.5,
  'NaN',
  'Infinity',
  '',
  ' ',
  'a\u0000b',
  '\ud800',
  'a\udfffb',
  '0000-01-01',
  '9999-12-31',
  '10000-01-01',
  '__proto__',
  hugeString,
  [],
  {},
  [null],
  { $gt: '' },
  "' OR 1=1 --",
  '../../etc/passwd',
  '𠮷野家',
  deep(40),
);

/** Query-string values, percent-encoded as sent (invalid UTF-8 and NUL included). */
const hostileQuery = fc.constantFrom(
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF',
  '%',
  '0000-01-01',
  '9999-12-31',
  '10000-01-01',
  '1e308',
  '-1',
  'NaN',
  '__proto__',
  encodeURIComponent(hugeString.slice(0, 600)),
  '',
);

/** Cursors a client could forge: wrong types, wrong shapes, garbage. */
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const badCursor = fc.constantFrom(
  b64(['a', 'b']),
  b64([1, 2]),
  b64([null, null]),
  b64({}),
  b64([1e308, '0000-01-01']),
  b64(['9999-12-31', '00000000-0000-0000-0000-000000000000']),
  b64('a\u0000b'),
  b64('[1,'),
  '!!!',
  'A'.repeat(600),
  '%00',
);

const stringFor = (name: string, s: Schema, w: World): fc.Arbitrary<unknown> => {
  if (s.format === 'date' || /(On|Date|From|Until|asOf|End)$/.test(name)) {
    return fc.oneof({ arbitrary: fc.constantFrom(...DATES), weight: 6 }, { arbitrary: fc.constantFrom(...BAD_DATES), weight: 1 });
  }
  if (s.format === 'uuid' || /Id$/.test(name)) {
    const key =
      name === 'providerId' ? 'providers' : name === 'serviceId' ? 'services' : name === 'supersedes' ? 'assessments' : 'services';
    const known = w.ids[key] ?? [];
    return known.length ? fc.oneof(fc.constantFrom(...known), fc.uuid()) : fc.uuid();
  }
  if (s.format === 'uri' || s.format === 'url' || /url|uri/i.test(name)) {
    return fc.constantFrom('https://example.jp/a', 'http://127.0.0.1:9/x', 'javascript:alert(1)', 'https://user:pw@example.jp/', 'ftp://x');
  }
  const options: fc.Arbitrary<unknown>[] = [
    fc.string({ maxLength: 12 }),
    fc.constantFrom('tokutei-tsushin', 'ISMAP', 'web_conferencing', 'J-LIS', 'a'),
  ];
  if (s.maxLength) options.push(fc.constant('y'.repeat(s.maxLength + 1)));
  // the contract's example is a value the operation accepts: use it most of the time
  if (s.example !== undefined)
    return fc.oneof({ arbitrary: fc.constant(s.example), weight: 6 }, { arbitrary: fc.oneof(...options), weight: 2 });
  return fc.oneof(...options);
};

const numberFor = (s: Schema): fc.Arbitrary<unknown> => {
  const min = s.minimum ?? -10;
  const max = s.maximum ?? 100_000;
  return fc.oneof(
    { arbitrary: fc.integer({ min: Math.max(min, -1e6), max: Math.min(max, 1e6) }), weight: 4 },
    { arbitrary: fc.constantFrom(min, max, min - 1, max + 1), weight: 2 },
  );
};

/** A valid-looking object (no hostile values) with exactly one field replaced: the deepest reach per request. */
export function mutatedObjectFor(s: Schema, w: World): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(s.properties ?? {});
  const plain = plainObjectFor(s, w);
  if (!keys.length) return plain;
  return fc
    .tuple(
      plain,
      fc.constantFrom(...keys),
      fc.oneof(
        { arbitrary: fc.constant<unknown>(null), weight: 3 },
        { arbitrary: hostileValue, weight: 4 },
        { arbitrary: fc.constant<unknown>(undefined), weight: 1 },
      ),
    )
    .map(([obj, key, value]) => {
      const out = { ...obj };
      if (value === undefined) delete out[key];
      else out[key] = value;
      return out;
    });
}

/** Every field valid-looking: required ones present, optional ones sometimes. */
function plainObjectFor(s: Schema, w: World, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(s.required ?? []);
  const props = Object.entries(s.properties ?? {}).filter(([, p]) => !(p as { readOnly?: boolean }).readOnly);
  const fields = Object.fromEntries(
    props.map(([k, p]) => [
      k,
      required.has(k) ? plainValueFor(k, p, w, depth + 1) : fc.option(plainValueFor(k, p, w, depth + 1), { nil: undefined, freq: 2 }),
    ]),
  );
  return fc.record(fields).map((obj) => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)));
}

/** A value for `s`: valid-looking most of the time, hostile sometimes. */
export function valueFor(name: string, s: Schema, w: World, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: plainValueFor(name, s, w, depth), weight: 19 }, { arbitrary: hostileValue, weight: 1 });
}

function plainValueFor(name: string, s: Schema, w: World, depth: number): fc.Arbitrary<unknown> {
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'array' || s.items) {
    if (depth > 4) return fc.constant([]);
    return fc.array(valueFor(name, s.items ?? {}, w, depth + 1), { minLength: 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
  }
  if (type === 'object' || s.properties) return depth > 5 ? fc.constant({}) : plainObjectFor(s, w, depth);
  if (type === 'integer' || type === 'number') return numberFor(s);
  if (type === 'boolean') return fc.boolean();
  return stringFor(name, s, w);
}

export function objectFor(s: Schema, w: World, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  if (depth > 5) return fc.constant({});
  const props = Object.entries(s.properties ?? {}).filter(([, p]) => !(p as { readOnly?: boolean }).readOnly);
  const required = new Set(s.required ?? []);
  const fields = Object.fromEntries(
    props.map(([k, p]) => [
      k,
      required.has(k)
        ? fc.oneof({ arbitrary: valueFor(k, p, w, depth), weight: 12 }, { arbitrary: fc.constant(undefined), weight: 1 })
        : fc.option(valueFor(k, p, w, depth), { nil: undefined, freq: 2 }),
    ]),
  );
  return fc
    .tuple(
      fc.record(fields),
      fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 11 },
        { arbitrary: fc.constantFrom('unknownField', 'id', 'version', 'constructor'), weight: 1 },
      ),
    )
    .map(([obj, extra]) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
      if (extra) out[extra] = 'x';
      return out;
    });
}

/** Whole bodies that are not the object the operation expects. */
const hostileBody = fc.constantFrom(
  JSON.stringify(deep(2_000)),
  '{"a":',
  'null',
  '[]',
  '"text"',
  '1e308',
  '{"name":"a\\u0000b"}',
  '{"name":"\\ud800"}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `{"name":"${'z'.repeat(300_000)}"}`,
  '\u0000',
  '',
);

const contentTypes = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'), weight: 12 },
  {
    arbitrary: fc.constantFrom('application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', ''),
    weight: 1,
  },
);

/** The resource's current ETag, looked up just before the request is sent. */
export const CURRENT_ETAG = '<current>';
const ifMatch = fc.constantFrom<string | undefined>(undefined, undefined, '*', '"1"', 'W/"1"', 'garbage', '"', '"x", "y"');
const ifMatchOnWrite = fc.oneof({ arbitrary: fc.constant<string | undefined>(CURRENT_ETAG), weight: 3 }, { arbitrary: ifMatch, weight: 2 });
const ifNoneMatch = fc.constantFrom<string | undefined>(undefined, undefined, undefined, '*', 'W/"x"', '"1"');
/** A few keys reused across requests (and bodies), plus malformed ones. */
const idempotencyKey = fc.oneof(
  { arbitrary: fc.constant<string | undefined>(undefined), weight: 6 },
  { arbitrary: fc.uuid(), weight: 6 },
  { arbitrary: fc.constantFrom('fuzz-1', 'fuzz-2', 'fuzz-3', 'fuzz-4'), weight: 2 },
  { arbitrary: fc.constantFrom(' ', 'k'.repeat(300), 'a b', 'caf\u00e9'), weight: 1 },
);

function pathParam(op: Operation, name: string, w: World): fc.Arbitrary<string> {
  const hostile = fc.constantFrom(
    'not-a-uuid',
    '%00',
    '%ED%A0%80',
    '..',
    '00000000-0000-0000-0000-000000000000',
    'A'.repeat(300),
    '1e308',
    '%2F',
  );
  let valid: fc.Arbitrary<string>;
  if (name === 'code') valid = fc.constantFrom('011002', '131016', '000000', '999999', '13101');
  else if (name === 'key' || name === 'profile') valid = fc.constantFrom('tokutei-tsushin', 'lgwan-asp', 'no-such-profile');
  else {
    const segments = op.path.split('/');
    const collection = segments[segments.indexOf(`{${name}}`) - 1];
    const known = w.ids[collection] ?? [];
    valid = known.length ? fc.oneof(fc.constantFrom(...known), fc.uuid()) : fc.uuid();
  }
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: hostile, weight: 1 });
}

function queryFor(op: Operation, w: World): fc.Arbitrary<string> {
  const params = op.parameters.filter((p) => p.in === 'query');
  const parts = params.map((p) => {
    const schema = p.schema ?? {};
    let valid: fc.Arbitrary<string>;
    if (p.name === 'cursor') valid = badCursor;
    else valid = plainValueFor(p.name, schema, w, 0).map((v) => encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v)));
    return fc.option(
      fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: hostileQuery, weight: 1 }).map((v) => `${p.name}=${v}`),
      { nil: undefined, freq: 2 },
    );
  });
  const extra = fc.option(fc.constantFrom('unknown=1', '__proto__=x', 'limit=1&limit=2', 'asOf[]=x', 'a%00=1'), {
    nil: undefined,
    freq: 6,
  });
  return fc.tuple(fc.tuple(...parts), extra).map(([values, x]) => {
    const q = [...values, x].filter((v): v is string => v !== undefined);
    return q.length ? `?${q.join('&')}` : '';
  });
}

export function requestFor(op: Operation, w: World): fc.Arbitrary<FuzzRequest> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const pathArb = fc
    .tuple(...names.map((n) => pathParam(op, n, w)))
    .map((values) => names.reduce((p, n, i) => p.replace(`{${n}}`, values[i]), op.path));
  const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
  // a request known to succeed, with one field (top level or one level down) made hostile or removed
  const valid = hasBody ? validRequest(op, w)?.body : undefined;
  const base = valid && Object.keys(valid).length ? valid : undefined;
  const mutatedValid: fc.Arbitrary<string> = base
    ? fc
        .tuple(
          fc.constantFrom(...Object.keys(base)),
          fc.oneof(
            { arbitrary: fc.constant<unknown>(null), weight: 3 },
            { arbitrary: hostileValue, weight: 4 },
            { arbitrary: fc.constant<unknown>(undefined), weight: 1 },
          ),
          fc.nat(),
        )
        .map(([key, value, n]) => {
          const out = structuredClone(base);
          const inner = out[key];
          const nested = inner && typeof inner === 'object' ? (Array.isArray(inner) ? inner[0] : inner) : undefined;
          const target = nested && typeof nested === 'object' && n % 2 === 0 ? (nested as Record<string, unknown>) : out;
          const field = target === out ? key : (Object.keys(target)[n % Math.max(1, Object.keys(target).length)] ?? key);
          if (value === undefined) delete target[field];
          else target[field] = value;
          return JSON.stringify(out);
        })
    : fc.constant(JSON.stringify({}));
  const bodyArb: fc.Arbitrary<string | undefined> = !hasBody
    ? fc.constant(undefined)
    : fc.oneof(
        ...(base ? [{ arbitrary: mutatedValid, weight: 8 }] : []),
        { arbitrary: (op.body ? mutatedObjectFor(op.body, w) : fc.constant({})).map((b) => JSON.stringify(b)), weight: 4 },
        { arbitrary: (op.body ? objectFor(op.body, w) : fc.constant({})).map((b) => JSON.stringify(b)), weight: 6 },
        { arbitrary: hostileBody, weight: 1 },
      );
  return fc
    .record({
      credential: op.roles?.length
        ? fc.oneof(
            { arbitrary: fc.constantFrom(...(op.roles as Credential[])), weight: 3 },
            { arbitrary: fc.constantFrom(...CREDENTIALS), weight: 2 },
          )
        : fc.constantFrom(...CREDENTIALS),
      path: pathArb,
      query: queryFor(op, w),
      body: bodyArb,
      contentType: contentTypes,
      ifMatch: op.method === 'PATCH' || op.method === 'DELETE' ? ifMatchOnWrite : ifMatch,
      ifNoneMatch,
      key: op.method === 'POST' ? idempotencyKey : fc.constant(undefined),
    })
    .map((r) => {
      const headers: Record<string, string> = { ...w.headers[r.credential], accept: 'application/json' };
      if (r.body !== undefined && r.contentType) headers['content-type'] = r.contentType;
      if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
      if (r.ifNoneMatch !== undefined) headers['if-none-match'] = r.ifNoneMatch;
      if (r.key !== undefined) headers['idempotency-key'] = r.key;
      return { op: op.id, credential: r.credential, method: op.method, path: `${r.path}${r.query}`, headers, body: r.body };
    });
}
