import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './support/app';
import { corporateNumber, makeCredential } from './support/factories';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const providersNamed = async (name: string) => (await t.sql('SELECT id FROM providers WHERE name = $1', [name])).length;
const post = (key: string | undefined, body: object, auth = t.admin) => {
  const req = t.http.post('/v1/providers').set(auth);
  return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
};

describe('Idempotency-Key on POST', () => {
  it('replays the first response to a retry with the same key and body: one resource, not eight', async () => {
    const body = { name: 'べき等プロバイダ', corporateNumber: corporateNumber() };
    const first = await post('retry-1', body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    for (let i = 0; i < 7; i++) {
      const again = await post('retry-1', body).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
    }
    expect(await providersNamed(body.name)).toBe(1);
  });

  it('without a key, the same POST twice makes two resources (the key is what makes retries safe)', async () => {
    const body = { name: 'キーなしプロバイダ' };
    await post(undefined, body).expect(201);
    await post(undefined, body).expect(201);
    expect(await providersNamed(body.name)).toBe(2);
  });

  it('answers 422 to the same key with another body, and changes nothing', async () => {
    await post('reused-1', { name: '最初の本文' }).expect(201);
    const res = await post('reused-1', { name: '別の本文' }).expect(422);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(await providersNamed('別の本文')).toBe(0);
  });

  it('compares bodies as JSON values: key order and spacing do not matter', async () => {
    const first = await post('order-1', { name: '順序', url: 'https://order.example.jp' }).expect(201);
    const again = await t.http
      .post('/v1/providers')
      .set(t.admin)
      .set('Idempotency-Key', 'order-1')
      .set('Content-Type', 'application/json')
      .send('{ "url": "https://order.example.jp",  "name": "順序" }')
      .expect(201);
    expect(again.body.id).toBe(first.body.id);
  });

  it('sixteen concurrent duplicates create one resource; the others replay it or are told it is in progress', async () => {
    const body = { name: '同時プロバイダ', corporateNumber: corporateNumber() };
    const answers = await Promise.all(Array.from({ length: 16 }, () => post('race-1', body)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = answers.filter((a) => a.status === 201);
    expect(new Set(created.map((a) => a.body.id as string)).size).toBe(1);
    expect(created.filter((a) => a.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    for (const busy of answers.filter((a) => a.status === 409)) {
      expect(busy.body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
      expect(busy.headers['retry-after']).toBe('1');
    }
    expect(await providersNamed(body.name)).toBe(1);
  });

  it('scopes a key to the credential that sent it', async () => {
    const other = await makeCredential(t, 'admin');
    const a = await post('shared-key', { name: '利用者A' }).expect(201);
    const b = await post('shared-key', { name: '利用者A' }, other.header).expect(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });

  it('replays a client error too, so a retry learns the same thing', async () => {
    const bad = await post('bad-1', { name: '' }).expect(400);
    const again = await post('bad-1', { name: '' }).expect(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(bad.body);
  });

  it('runs the request again once the record has expired', async () => {
    const body = { name: '期限切れキー' };
    await post('expire-1', body).expect(201);
    await t.sql("UPDATE idempotency_keys SET expires_at = now() - interval '1 second'");
    const again = await post('expire-1', body).expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await providersNamed(body.name)).toBe(2);
  });

  it('refuses a malformed key with a problem', async () => {
    const res = await post('x'.repeat(256), { name: '長すぎるキー' }).expect(400);
    expect(res.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
    expect(await providersNamed('長すぎるキー')).toBe(0);
  });

  it('is documented on every POST of the contract', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body as {
      paths: Record<string, { post?: { parameters?: { name: string }[]; responses: Record<string, unknown> } }>;
    };
    const posts = Object.values(doc.paths).flatMap((p) => (p.post ? [p.post] : []));
    expect(posts.length).toBeGreaterThan(10);
    for (const op of posts) {
      expect(op.parameters?.some((p) => p.name === 'Idempotency-Key')).toBe(true);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['409', '422']));
    }
  });
});

describe('If-Match on versioned resources', () => {
  it('a PATCH without If-Match is a 428 problem and changes nothing; with the current ETag it applies', async () => {
    const created = await post(undefined, { name: '条件付き更新' }).expect(201);
    const blind = await t.http.patch(`/v1/providers/${created.body.id}`).set(t.admin).send({ name: '上書き' });
    expect(blind.status).toBe(428);
    expect(blind.body).toMatchObject({ code: 'PRECONDITION_REQUIRED', status: 428 });
    expect((await t.http.get(`/v1/providers/${created.body.id}`).expect(200)).body.name).toBe('条件付き更新');
    await t.http
      .patch(`/v1/providers/${created.body.id}`)
      .set(t.admin)
      .set('If-Match', created.headers.etag)
      .send({ name: '更新済み' })
      .expect(200);
  });
});
