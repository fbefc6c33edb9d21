import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  generateSigningKey,
  keyIdOf,
  merkleRootOfHashesHex,
  type SignedCheckpoint,
  verifyCheckpoint,
  verifyCheckpointOffline,
} from '@app/audit';
import { AuditTrailRepository, digestChange, GENESIS_HASH, hashEvent } from '@app/ledger';
import { BOOTSTRAP_ADMIN_ID } from '@app/shared';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { makeCredential, makeEndpoint, makeProvider, makeRegistration, makeService, etagOf } from './support/factories';

interface AuditEvent {
  seq: number;
  occurredAt: string;
  actor: { id: string; role: string };
  action: string;
  subject: { type: string; id: string };
  digest: string;
  prevHash: string;
  hash: string;
  before: unknown;
  after: unknown;
}
interface Verification {
  ok: boolean;
  verified: number;
  firstBreak: null | { seq: number; reason: string };
}

let t: TestApp;
const clock = new FixedClock(new Date('2025-12-01T03:00:00.123Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  for (let i = 0; i < 3; i++) await makeProvider(t);
});
afterAll(async () => {
  await t?.close();
});

const events = async (query: Record<string, string | number> = {}) => {
  const res = await t.http.get('/v1/audit/events').set(t.admin).query(query);
  expect(res.status).toBe(200);
  return res.body as { items: AuditEvent[]; nextCursor: string | null };
};
const allEvents = async (app: TestApp = t) => {
  const items: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const res = await app.http
      .get('/v1/audit/events')
      .set(app.admin)
      .query({ limit: 500, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    items.push(...(res.body.items as AuditEvent[]));
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
};
const eventsAbout = async (type: string, id: string) => (await events({ subjectType: type, subjectId: id })).items;
const verify = async (app: TestApp = t) => {
  const res = await app.http.get('/v1/audit/verify').set(app.admin);
  expect(res.status).toBe(200);
  return res.body as Verification;
};
const checkpoint = async (app: TestApp = t) => {
  const res = await app.http.get('/v1/audit/checkpoint');
  expect(res.status).toBe(200);
  return res.body as SignedCheckpoint;
};
const head = async (app: TestApp = t) => {
  const [row] = await app.sql<{ size: string; head: string }>('SELECT audit_size AS size, audit_head AS head FROM registry_state');
  return { size: Number(row.size), head: row.head };
};
/** Runs `fn` against a tampered trail, then puts every audit row and the recorded head back. */
async function tampered(fn: () => Promise<void>): Promise<void> {
  await t.sql('CREATE TABLE audit_events_backup AS SELECT * FROM audit_events');
  await t.sql('CREATE TABLE registry_state_backup AS SELECT * FROM registry_state');
  try {
    await fn();
  } finally {
    await t.sql('DELETE FROM audit_events');
    await t.sql('INSERT INTO audit_events SELECT * FROM audit_events_backup');
    await t.sql('UPDATE registry_state s SET audit_size = b.audit_size, audit_head = b.audit_head FROM registry_state_backup b');
    await t.sql('DROP TABLE audit_events_backup, registry_state_backup');
  }
  expect((await verify()).ok).toBe(true);
}

describe('every write appends an audit event', () => {
  it('records provider, service, registration, endpoint and credential writes with action, subject, actor and change', async () => {
    const provider = await makeProvider(t, { name: '監査テスト株式会社' });
    const service = await makeService(t, { providerId: provider.id });
    const registration = await makeRegistration(t, service.id);
    const endpoint = await makeEndpoint(t, service.id);
    const cred = await makeCredential(t, 'admin');

    const [created] = await eventsAbout('provider', provider.id);
    expect(created).toMatchObject({
      action: 'provider.created',
      subject: { type: 'provider', id: provider.id },
      actor: { id: BOOTSTRAP_ADMIN_ID, role: 'admin' },
      occurredAt: '2025-12-01T03:00:00.123Z',
      before: null,
      after: { id: provider.id, name: '監査テスト株式会社' },
    });
    expect(created.digest).toBe(digestChange(created.before, created.after));
    expect((await eventsAbout('service', service.id)).map((e) => e.action)).toEqual(['service.created']);
    expect((await eventsAbout('registration', registration.id)).map((e) => e.action)).toEqual(['registration.created']);
    expect((await eventsAbout('endpoint', endpoint.id)).map((e) => e.action)).toEqual(['endpoint.created']);
    const [keyEvent] = await eventsAbout('api_key', cred.id);
    expect(keyEvent).toMatchObject({ action: 'api_key.created', after: { id: cred.id, role: 'admin' } });
    expect(JSON.stringify(keyEvent)).not.toContain(cred.header.Authorization.slice('Bearer '.length)); // the secret never reaches the trail

    // the actor is the credential that made the change
    await t.http
      .patch(`/v1/providers/${provider.id}`)
      .set('If-Match', await etagOf(t, `/v1/providers/${provider.id}`))
      .set(cred.header)
      .send({ nameEn: 'Audit Test K.K.' })
      .expect(200);
    const updated = (await eventsAbout('provider', provider.id))[1];
    expect(updated).toMatchObject({
      action: 'provider.updated',
      actor: { id: cred.id, role: 'admin' },
      before: { nameEn: null },
      after: { nameEn: 'Audit Test K.K.' },
    });
  });

  it('appends nothing for a rejected write', async () => {
    const before = await head();
    await t.http.post('/v1/providers').set(t.admin).send({ name: '' }).expect(400);
    expect(await head()).toEqual(before);
  });
});

describe('GET /v1/audit/events', () => {
  it('pages through the chain in seq order, each event linked to the previous one', async () => {
    const all = await allEvents();
    const { size, head: recorded } = await head();
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: size }, (_, i) => i + 1));
    all.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : all[i - 1].hash));
    expect(all[all.length - 1].hash).toBe(recorded);
    // each hash is the hash of the listed fields
    for (const e of all.slice(-5)) {
      expect(
        hashEvent({
          seq: e.seq,
          occurredAt: e.occurredAt,
          actorId: e.actor.id,
          actorRole: e.actor.role,
          action: e.action,
          subjectType: e.subject.type,
          subjectId: e.subject.id,
          digest: e.digest,
          prevHash: e.prevHash,
        }),
      ).toBe(e.hash);
    }

    const first = await events({ limit: 2 });
    expect(first.items.map((e) => e.seq)).toEqual([1, 2]);
    const second = await events({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.seq)).toEqual([3, 4]);
    const last = await events({ limit: 2, cursor: (await events({ limit: size - 1 })).nextCursor! });
    expect(last).toEqual({ items: [all[size - 1]], nextCursor: null });
  });

  it('filters by action and by subject, with pagination inside the filter', async () => {
    const made = [await makeProvider(t), await makeProvider(t), await makeProvider(t)];
    const created = await events({ action: 'provider.created', limit: 500 });
    expect(created.items.every((e) => e.action === 'provider.created')).toBe(true);
    expect(created.items.map((e) => e.subject.id)).toEqual(expect.arrayContaining(made.map((p) => p.id)));

    const page1 = await events({ action: 'provider.created', limit: 1 });
    const page2 = await events({ action: 'provider.created', limit: 1, cursor: page1.nextCursor! });
    expect(page2.items[0].seq).toBeGreaterThan(page1.items[0].seq);
    expect(page2.items[0].action).toBe('provider.created');

    expect((await eventsAbout('provider', made[1].id)).map((e) => e.subject.id)).toEqual([made[1].id]);
    expect((await events({ subjectType: 'nothing-like-this' })).items).toEqual([]);
  });

  it('rejects a forged cursor and unknown parameters with 400', async () => {
    const forged = Buffer.from(JSON.stringify(['3'])).toString('base64url');
    expect((await t.http.get('/v1/audit/events').set(t.admin).query({ cursor: forged })).body.code).toBe('INVALID_CURSOR');
    expect((await t.http.get('/v1/audit/events').set(t.admin).query({ cursor: '!!' })).status).toBe(400);
    expect((await t.http.get('/v1/audit/events').set(t.admin).query({ limit: 0 })).status).toBe(400);
    expect((await t.http.get('/v1/audit/events').set(t.admin).query({ seq: 1 })).status).toBe(400);
  });
});

describe('access', () => {
  it('needs an administrator for events and verify (401 without, 403 for other roles); the checkpoint is public', async () => {
    const auditor = await makeCredential(t, 'auditor');
    const municipality = await makeCredential(t, 'municipality');
    for (const path of ['/v1/audit/events', '/v1/audit/verify']) {
      expect((await t.http.get(path)).status).toBe(401);
      expect((await t.http.get(path).set({ Authorization: 'Bearer not-a-known-key-at-all' })).status).toBe(401);
      expect((await t.http.get(path).set(auditor.header)).body.code).toBe('FORBIDDEN_ROLE');
      expect((await t.http.get(path).set(municipality.header)).status).toBe(403);
    }
    expect((await t.http.get('/v1/audit/checkpoint')).status).toBe(200);
  });
});

describe('GET /v1/audit/verify', () => {
  it('verifies an untouched chain up to the recorded head', async () => {
    const { size } = await head();
    expect(await verify()).toEqual({ ok: true, verified: size, firstBreak: null });
  });

  it('names the first altered row when a column is changed in the database', async () => {
    await tampered(async () => {
      await t.sql(`UPDATE audit_events SET action = 'x' WHERE seq = 3`);
      expect(await verify()).toEqual({ ok: false, verified: 2, firstBreak: { seq: 3, reason: 'HASH_MISMATCH' } });
    });
    await tampered(async () => {
      await t.sql(`UPDATE audit_events SET occurred_at = occurred_at + interval '1 millisecond' WHERE seq = 4`);
      expect((await verify()).firstBreak).toEqual({ seq: 4, reason: 'HASH_MISMATCH' });
    });
  });

  it('recomputes every digest from the stored before/after: altered content is named at its row', async () => {
    await tampered(async () => {
      await t.sql(`UPDATE audit_events SET after = COALESCE(after, '{}') || '{"name": "改ざん"}' WHERE seq = 2`);
      expect(await verify()).toEqual({ ok: false, verified: 1, firstBreak: { seq: 2, reason: 'DIGEST_MISMATCH' } });
    });
    await tampered(async () => {
      await t.sql(`UPDATE audit_events SET before = '{"nameEn": "forged 1.0"}' WHERE seq = 3`);
      expect(await verify()).toEqual({ ok: false, verified: 2, firstBreak: { seq: 3, reason: 'DIGEST_MISMATCH' } });
    });
    await tampered(async () => {
      await t.sql(`UPDATE audit_events SET after = CASE WHEN after IS NULL THEN '{}'::jsonb END WHERE seq = 3`);
      expect((await verify()).firstBreak).toEqual({ seq: 3, reason: 'DIGEST_MISMATCH' });
    });
    // the action is one of the hashed fields, so changing it breaks the row's hash
    await tampered(async () => {
      await t.sql(`UPDATE audit_events SET action = 'provider.deleted' WHERE seq = 2`);
      expect((await verify()).firstBreak).toEqual({ seq: 2, reason: 'HASH_MISMATCH' });
    });
  });

  it('hashes the change as jsonb stores it: numbers and unicode survive the round trip', async () => {
    const name = '数値 1.0 1e2 \u2028 😀 é';
    const provider = await makeProvider(t, { name });
    const [created] = await eventsAbout('provider', provider.id);
    expect(created.digest).toBe(digestChange(created.before, created.after));
    expect((await verify()).ok).toBe(true);
  });

  it('detects a row rewritten with a recomputed hash at the next row', async () => {
    await tampered(async () => {
      const [row] = await t.sql<Record<string, string>>(
        `SELECT seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id, actor_role, subject_type, subject_id, digest, prev_hash
         FROM audit_events WHERE seq = 3`,
      );
      const hash = hashEvent({
        seq: 3,
        occurredAt: row.at,
        actorId: row.actor_id,
        actorRole: row.actor_role,
        action: 'x',
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        digest: row.digest,
        prevHash: row.prev_hash,
      });
      await t.sql(`UPDATE audit_events SET action = 'x', hash = $1 WHERE seq = 3`, [hash]);
      expect((await verify()).firstBreak).toEqual({ seq: 4, reason: 'PREV_HASH_MISMATCH' });
    });
  });

  it('detects a deleted row, a deleted tail and rows beyond the recorded head', async () => {
    const { size } = await head();
    await tampered(async () => {
      await t.sql('DELETE FROM audit_events WHERE seq = 2');
      expect((await verify()).firstBreak).toEqual({ seq: 3, reason: 'SEQ_GAP' });
    });
    await tampered(async () => {
      await t.sql('DELETE FROM audit_events WHERE seq = $1', [size]);
      expect(await verify()).toEqual({ ok: false, verified: size - 1, firstBreak: { seq: size, reason: 'TRUNCATED' } });
    });
    await tampered(async () => {
      await t.sql('UPDATE registry_state SET audit_size = audit_size - 1');
      expect((await verify()).firstBreak).toEqual({ seq: size, reason: 'BEYOND_HEAD' });
    });
    await tampered(async () => {
      await t.sql(`UPDATE registry_state SET audit_head = repeat('f', 64)`);
      expect((await verify()).firstBreak).toEqual({ seq: size, reason: 'HEAD_MISMATCH' });
    });
  });

  it('keeps the chain unforked under concurrent writes', async () => {
    const before = await head();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http
          .post('/v1/providers')
          .set(t.admin)
          .send({ name: `並行 ${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const after = await head();
    expect(after.size).toBe(before.size + 20);
    const [{ n, min, max }] = await t.sql<{ n: string; min: string; max: string }>(
      'SELECT count(*) AS n, min(seq) AS min, max(seq) AS max FROM audit_events',
    );
    expect([Number(n), Number(min), Number(max)]).toEqual([after.size, 1, after.size]);
    const [{ forks }] = await t.sql<{ forks: string }>('SELECT count(*) - count(DISTINCT prev_hash) AS forks FROM audit_events');
    expect(Number(forks)).toBe(0);
    expect(await verify()).toEqual({ ok: true, verified: after.size, firstBreak: null });
  });
});

describe('GET /v1/audit/checkpoint', () => {
  it('signs the Merkle root over every event hash with a key persisted once', async () => {
    const cp = await checkpoint();
    const all = await allEvents();
    expect(cp).toMatchObject({ size: all.length, signedAt: clock.now().toISOString() });
    expect(cp.root).toBe(merkleRootOfHashesHex(all.map((e) => e.hash)));
    expect(verifyCheckpoint(cp)).toEqual({ ok: true });
    const keys = await t.sql<{ key_id: string; public_key_pem: string }>('SELECT key_id, public_key_pem FROM signing_keys');
    expect(keys).toHaveLength(1);
    expect(verifyCheckpoint(cp, keys[0].public_key_pem)).toEqual({ ok: true });
    expect(cp.keyId).toBe(keys[0].key_id);
  });

  it('advances with new events and keeps the same key', async () => {
    const first = await checkpoint();
    await makeProvider(t);
    await makeProvider(t);
    const second = await checkpoint();
    expect(second.size).toBe(first.size + 2);
    expect(second.root).not.toBe(first.root);
    expect([second.keyId, second.publicKey]).toEqual([first.keyId, first.publicKey]);
    expect(second.root).toBe(merkleRootOfHashesHex((await allEvents()).map((e) => e.hash)));
    expect(verifyCheckpoint(second, first.publicKey)).toEqual({ ok: true });
  });

  it('is cacheable: the same signed head while nothing changes, 304 on If-None-Match, re-signed after max-age', async () => {
    const a = await t.http.get('/v1/audit/checkpoint').expect(200);
    const b = await t.http.get('/v1/audit/checkpoint').expect(200);
    expect(b.body).toEqual(a.body);
    expect(a.headers.etag).toBeDefined();
    expect(a.headers['cache-control']).toMatch(/max-age=\d+/);
    await t.http.get('/v1/audit/checkpoint').set('If-None-Match', a.headers.etag).expect(304);

    clock.set(new Date(clock.now().getTime() + (t.config.CACHE_MAX_AGE_SECONDS + 1) * 1000).toISOString());
    const later = await checkpoint();
    expect(later.signedAt).toBe(clock.now().toISOString());
    expect([later.size, later.root]).toEqual([a.body.size, a.body.root]);
    expect(verifyCheckpoint(later)).toEqual({ ok: true });
  });

  it('verifies offline against the hashes the CLI exports, and exposes a history rewritten after it', async () => {
    const saved = await checkpoint();
    const exportHashes = async () => {
      const lines: string[] = [];
      for await (const page of new AuditTrailRepository(t.app.get(DataSource)).eventHashPages(7)) lines.push(...page);
      return `${lines.join('\n')}\n`;
    };
    const offline = (hashesText: string) =>
      verifyCheckpointOffline({ checkpointJson: JSON.stringify(saved), hashesText, publicKeyPem: saved.publicKey });

    expect(offline(await exportHashes())).toMatchObject({ ok: true, warnings: [] });
    await makeProvider(t); // the log grows: the old checkpoint still verifies over its prefix
    expect(offline(await exportHashes()).ok).toBe(true);

    // rewrite event 3 and re-chain everything after it, head included: verify cannot tell…
    await tampered(async () => {
      const rows = await t.sql<Record<string, string>>(
        `SELECT seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id, actor_role, action,
                subject_type, subject_id, digest, prev_hash FROM audit_events WHERE seq >= 3 ORDER BY seq`,
      );
      let prevHash = rows[0].prev_hash;
      for (const r of rows) {
        const action = Number(r.seq) === 3 ? 'x' : r.action;
        const hash = hashEvent({
          seq: Number(r.seq),
          occurredAt: r.at,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          digest: r.digest,
          prevHash,
        });
        await t.sql('UPDATE audit_events SET action = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [r.seq, action, prevHash, hash]);
        prevHash = hash;
      }
      await t.sql('UPDATE registry_state SET audit_head = $1', [prevHash]);
      expect((await verify()).ok).toBe(true);
      // …but the checkpoint saved before does
      expect(offline(await exportHashes())).toMatchObject({ ok: false, reason: 'ROOT_MISMATCH' });
    });
  });

  it('fails offline verification for a tampered checkpoint or another key', async () => {
    const cp = await checkpoint();
    const hashes = `${(await allEvents()).map((e) => e.hash).join('\n')}\n`;
    const attempt = (c: unknown, publicKeyPem?: string) =>
      verifyCheckpointOffline({ checkpointJson: JSON.stringify(c), hashesText: hashes, publicKeyPem });
    expect(attempt({ ...cp, size: cp.size - 1 })).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(attempt(cp, generateSigningKey().publicKeyPem)).toMatchObject({ ok: false, reason: 'UNEXPECTED_KEY' });
  });
});

describe('a configured signing key and a long chain', () => {
  const configured = generateSigningKey();
  let big: TestApp;
  beforeAll(async () => {
    // one-line env files escape the PEM's newlines
    big = await createTestApp({ config: { AUDIT_SIGNING_KEY: configured.privateKeyPem.replace(/\n/g, '\\n') } });
  });
  afterAll(async () => {
    await big?.close();
  });

  /** Appends n valid events directly (as the writer would), continuing the recorded head. */
  async function appendSynthetic(n: number): Promise<void> {
    const start = await head(big);
    const cols: unknown[][] = Array.from({ length: 11 }, () => []);
    let prevHash = start.head;
    for (let i = 1; i <= n; i++) {
      const fields = {
        seq: start.size + i,
        occurredAt: new Date(Date.UTC(2025, 0, 1) + i).toISOString(),
        actorId: BOOTSTRAP_ADMIN_ID,
        actorRole: 'admin',
        action: 'synthetic.created',
        subjectType: 'synthetic',
        subjectId: String(i),
        digest: digestChange(null, { i }),
        prevHash,
      };
      const hash = hashEvent(fields);
      [
        fields.seq,
        fields.occurredAt,
        fields.actorId,
        fields.actorRole,
        fields.action,
        fields.subjectType,
        fields.subjectId,
        fields.digest,
        prevHash,
        hash,
        JSON.stringify({ i }),
      ].forEach((v, c) => cols[c].push(v));
      prevHash = hash;
    }
    await big.sql(
      `INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, subject_type, subject_id, digest, prev_hash, hash, after)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[])`,
      cols,
    );
    await big.sql('UPDATE registry_state SET audit_size = $1, audit_head = $2', [start.size + n, prevHash]);
  }

  it('signs with AUDIT_SIGNING_KEY and stores only its public key (to list it and notice a change)', async () => {
    const cp = await checkpoint(big);
    expect(cp.keyId).toBe(keyIdOf(configured.publicKeyPem));
    expect(verifyCheckpoint(cp, configured.publicKeyPem)).toEqual({ ok: true });
    expect(await big.sql('SELECT key_id, private_key_pem, public_key_pem FROM signing_keys')).toEqual([
      { key_id: cp.keyId, private_key_pem: null, public_key_pem: configured.publicKeyPem },
    ]);
  });

  it('verifies and checkpoints a chain longer than a page, and finds a break in a later page', async () => {
    await checkpoint(big); // the tree is in memory: the next checkpoint reads only the new events
    await appendSynthetic(12_000); // more than one verification page (10,000)
    const { size } = await head(big);
    expect(await verify(big)).toEqual({ ok: true, verified: size, firstBreak: null });

    const cp = await checkpoint(big);
    const hashes = (await big.sql<{ hash: string }>('SELECT hash FROM audit_events ORDER BY seq')).map((r) => r.hash);
    expect(cp.size).toBe(size);
    expect(cp.root).toBe(merkleRootOfHashesHex(hashes));

    const target = size - 3_000;
    await big.sql(`UPDATE audit_events SET subject_id = 'tampered' WHERE seq = $1`, [target]);
    expect(await verify(big)).toEqual({ ok: false, verified: target - 1, firstBreak: { seq: target, reason: 'HASH_MISMATCH' } });
  }, 60_000);
});
