import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { createTestApp, type TestApp } from './support/app';

let t: TestApp;
let contract: OpenAPIObject;

beforeAll(async () => {
  t = await createTestApp();
  contract = (await t.http.get('/openapi.json').expect(200)).body as OpenAPIObject;
});
afterAll(() => t.close());

const operations = (): [string, OperationObject][] =>
  Object.entries(contract.paths).flatMap(([path, item]) =>
    (['get', 'post', 'patch', 'put', 'delete'] as const).flatMap((m) =>
      item[m] ? [[`${m.toUpperCase()} ${path}`, item[m]] as [string, OperationObject]] : [],
    ),
  );
const documented = (method: 'get' | 'post', path: string) => Object.keys(contract.paths[path][method]?.responses ?? {});

describe('headers too large (431): an RFC 9457 problem, not an empty answer from Node', () => {
  it('answers 431 application/problem+json with a code and a request id', async () => {
    const res = await t.http.get('/v1/services').set('X-Padding', 'a'.repeat(20_000));
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers['x-request-id']).toBeDefined();
    expect(res.body).toMatchObject({ status: 431, code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', requestId: res.headers['x-request-id'] });
    // the connection is closed and the next request is served normally
    await t.http.get('/health/live').expect(200);
  });
});

/** Sends raw bytes to the app's server and returns everything it answers before closing. */
async function raw(bytes: string): Promise<string> {
  const server: Server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return new Promise((ok, fail) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', fail);
    socket.on('close', () => ok(answer));
  });
}

describe('requests Node cannot parse: a problem body too', () => {
  it('answers a malformed header line with a 400 problem and closes the connection', async () => {
    const answer = await raw('GET /v1/services HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n');
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/);
    expect(head).toMatch(/\r\nConnection: close/);
    expect(JSON.parse(body)).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });
});

describe('the served contract documents every status the edge can answer', () => {
  it('lists 400, 429, 431, 500 and 503 as problems on every operation', () => {
    for (const [name, op] of operations()) {
      for (const status of ['400', '429', '431', '500', '503']) {
        expect([name, status, Object.keys((op.responses[status] as ResponseObject | undefined)?.content ?? {})]).toEqual([
          name,
          status,
          ['application/problem+json'],
        ]);
      }
    }
  });

  it('lists 304 on every GET, 413 and 415 on every write with a body, 412 and 428 with If-Match', () => {
    for (const [name, op] of operations()) {
      const statuses = Object.keys(op.responses);
      if (name.startsWith('GET')) expect([name, statuses]).toEqual([name, expect.arrayContaining(['304'])]);
      if (/^(POST|PATCH|PUT)/.test(name)) expect([name, statuses]).toEqual([name, expect.arrayContaining(['413', '415'])]);
      const ifMatch = (op.parameters ?? []).some((p) => 'name' in p && p.name === 'If-Match');
      if (ifMatch) expect([name, statuses]).toEqual([name, expect.arrayContaining(['412', '428'])]);
    }
  });

  it('answers statuses that the contract lists: 304 for If-None-Match: *, 415 for an unreadable charset', async () => {
    const notModified = await t.http.get('/v1/categories').set('If-None-Match', '*');
    expect(notModified.status).toBe(304);
    expect(documented('get', '/v1/categories')).toContain('304');

    const unsupported = await t.http
      .post('/v1/providers')
      .set(t.admin)
      .set('Content-Type', 'application/json; charset=latin-2')
      .send('{"name":"x"}');
    expect(unsupported.status).toBe(415);
    expect(unsupported.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(documented('post', '/v1/providers')).toContain('415');
  });
});
