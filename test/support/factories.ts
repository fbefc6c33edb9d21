import { randomInt } from 'node:crypto';
import { get as httpGet, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { corporateNumberCheckDigit } from '@app/shared';
import type { TestApp } from './app';

type Body = Record<string, unknown>;

/** A random corporate number with a valid check digit. */
export function corporateNumber(): string {
  const rest = Array.from({ length: 12 }, () => randomInt(10)).join('');
  return `${corporateNumberCheckDigit(rest)}${rest}`;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}-${randomInt(1e9)}`;

async function post(t: TestApp, path: string, body: Body, auth = t.admin): Promise<Body & { id: string }> {
  const res = await t.http.post(path).set(auth).send(body);
  if (res.status !== 201) throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Body & { id: string };
}

export const makeProvider = (t: TestApp, overrides: Body = {}) =>
  post(t, '/v1/providers', { name: `プロバイダ ${unique('p')}`, corporateNumber: corporateNumber(), ...overrides });

export async function makeService(t: TestApp, overrides: Body = {}) {
  const providerId = (overrides.providerId as string | undefined) ?? (await makeProvider(t)).id;
  return post(t, '/v1/services', { name: `サービス ${unique('s')}`, category: 'web_conferencing', ...overrides, providerId });
}

export const makeRegistration = (t: TestApp, serviceId: string, overrides: Body = {}) =>
  post(t, `/v1/services/${serviceId}/registrations`, {
    scheme: 'ISMAP',
    registrationNumber: unique('C'),
    status: 'registered',
    registeredOn: '2025-05-01',
    auditPeriodEnd: '2025-03-31',
    ...overrides,
  });

export const makeEndpoint = (t: TestApp, serviceId: string, overrides: Body = {}) =>
  post(t, `/v1/services/${serviceId}/endpoints`, {
    kind: 'fqdn',
    value: `${unique('h').toLowerCase()}.example.jp`,
    ports: [443],
    // declared long before the dates the suites decide on (a destination counts from its effectiveOn)
    effectiveOn: '2024-01-01',
    ...overrides,
  });

/**
 * Registers an audit organisation (the assessor registry) accredited over the given periods (default:
 * always); an organisation already registered is left as it is.
 */
export async function registerOrganization(
  t: TestApp,
  name: string,
  periods: { from: string; until?: string }[] = [{ from: '0001-01-01' }],
) {
  const res = await t.http.post('/v1/audit-organizations').set(t.admin).send({ name });
  if (res.status === 409) return null;
  if (res.status !== 201) throw new Error(`POST /v1/audit-organizations → ${res.status} ${JSON.stringify(res.body)}`);
  for (const p of periods)
    await t.http
      .post(`/v1/audit-organizations/${res.body.id as string}/accreditations`)
      .set(t.admin)
      .send(p)
      .expect(201);
  return res.body as { id: string };
}

/** Creates a credential and returns its Authorization header (an auditor's organisation is registered first). */
export async function makeCredential(t: TestApp, role: 'admin' | 'auditor' | 'municipality', extra: Body = {}) {
  if (role === 'auditor') await registerOrganization(t, (extra.organization as string | undefined) ?? 'J-LIS');
  const body = await post(t, '/v1/api-keys', {
    name: unique(role),
    role,
    ...(role === 'auditor' ? { organization: 'J-LIS' } : {}),
    ...(role === 'municipality' ? { municipalityCode: '011002' } : {}),
    ...extra,
  });
  return { id: body.id, header: { Authorization: `Bearer ${body.key as string}` } };
}

/** The current ETag of a versioned resource (for If-Match on PATCH); `*` when it cannot be read. */
export async function etagOf(t: TestApp, path: string): Promise<string> {
  const res = await t.http.get(path);
  return res.headers.etag ?? '*';
}

/**
 * GET with node:http, the body as the bytes sent: supertest would ask for gzip and decode it, where a
 * test must see the content coding (or its absence) itself. Listens on a free port when needed.
 */
export async function rawGet(
  t: TestApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const server: Server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * GET a text body (CSV, text/plain) as the exact string sent: supertest leaves such bodies unparsed
 * unless asked to buffer them. Expects 200; headers (e.g. `Accept-Language`) are optional.
 */
export async function getText(t: TestApp, path: string, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const res = await t.http
    .get(path)
    .query(query)
    .set(headers)
    .buffer(true)
    .parse((r, done) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (data += chunk));
      r.on('end', () => done(null, data));
    })
    .expect(200);
  return { res, body: res.body as string };
}

/** `POST /v1/imports` of a file's bytes as the administrator (a CSV unless `type` says otherwise); the caller expects the status. */
export const importFile = (t: TestApp, bytes: Buffer, query: Record<string, string> = {}, type = 'text/csv') =>
  t.http.post('/v1/imports').set(t.admin).set('Content-Type', type).query(query).send(bytes);

/** The UTF-8 bytes of a CSV file of these lines (CRLF, as the official lists are published). */
export const csvBytes = (lines: readonly string[]): Buffer => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
