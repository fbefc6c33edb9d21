// Issue 12, over HTTP on real PostgreSQL: a registration covers several services of its provider
// (its scope, 対象範囲), and decisions about a covered service use it inside the coverage period.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { corporateNumber, csvBytes, etagOf, importFile, makeEndpoint, makeService } from './support/factories';
import { auditor, eligibleService, publish } from './support/scenarios';

const clock = new FixedClock(new Date('2025-10-01T03:00:00Z'));
let t: TestApp;
let audit: Awaited<ReturnType<typeof auditor>>;

beforeAll(async () => {
  t = await createTestApp({ clock });
  audit = await auditor(t);
});
afterAll(() => t.close());

type Requirement = { id: string; outcome: string; reason: string; message: string; validUntil: string | null; basis: unknown[] };
type Decision = { decision: string; validUntil: string | null; requirements: Requirement[] };
const decide = async (serviceId: string, asOf: string): Promise<Decision> =>
  (await t.http.get(`/v1/services/${serviceId}/eligibility`).query({ asOf }).set('Accept-Language', 'en').expect(200)).body;
const ismap = (d: Decision) => d.requirements.find((r) => r.id === 'ISMAP_REGISTERED')!;

/** A registered (eligible) service and a second service of the same provider, eligible but for a registration. */
async function family() {
  const main = await eligibleService(t, audit);
  const providerId = main.service.providerId as string;
  const sub = await makeService(t, { providerId });
  await makeEndpoint(t, sub.id);
  await publish(t, sub.id, audit);
  return { main, sub, registrationId: main.registration.id, providerId };
}

const cover = (registrationId: string, body: Record<string, unknown>) =>
  t.http.post(`/v1/registrations/${registrationId}/coverage`).set(t.admin).send(body);
/** Ends a coverage with the registration's current ETag, expecting `status`. */
const endCoverage = async (registrationId: string, serviceId: string, body: Record<string, unknown>, status: number) =>
  t.http
    .patch(`/v1/registrations/${registrationId}/coverage/${serviceId}`)
    .set(t.admin)
    .set('If-Match', await etagOf(t, `/v1/registrations/${registrationId}`))
    .send(body)
    .expect(status);

describe('a covered service is decided with the registration inside the coverage period only', () => {
  it('day before effectiveOn, effectiveOn, day before endedOn, endedOn, day after', async () => {
    const { sub, registrationId, main } = await family();
    expect(ismap(await decide(sub.id, '2025-09-01'))).toMatchObject({ outcome: 'failed', reason: 'REGISTRATION_ABSENT' });

    await cover(registrationId, { serviceId: sub.id, effectiveOn: '2025-08-01' }).expect(201);
    await endCoverage(registrationId, sub.id, { endedOn: '2025-12-01' }, 200);

    const cases: [string, string, string | null][] = [
      ['2025-07-31', 'ineligible', null],
      ['2025-08-01', 'eligible', '2025-11-30'],
      ['2025-11-30', 'eligible', '2025-11-30'],
      ['2025-12-01', 'ineligible', null],
      ['2025-12-02', 'ineligible', null],
    ];
    for (const [asOf, decision, validUntil] of cases) {
      const d = await decide(sub.id, asOf);
      expect({ asOf, decision: d.decision, validUntil: d.validUntil }).toEqual({ asOf, decision, validUntil });
    }
    const inside = ismap(await decide(sub.id, '2025-08-01'));
    expect(inside).toMatchObject({ outcome: 'satisfied', reason: 'REGISTRATION_IN_EFFECT', validUntil: '2025-11-30' });
    expect(inside.basis).toEqual([
      {
        type: 'registration',
        id: registrationId,
        coverage: { registeredServiceId: main.service.id, effectiveOn: '2025-08-01', endedOn: '2025-12-01' },
      },
    ]);
    expect(inside.message).toContain('its scope covers this service from 2025-08-01');
    // the registered service itself is unaffected
    const own = ismap(await decide(main.service.id, '2025-12-01'));
    expect(own).toMatchObject({ outcome: 'satisfied', basis: [{ type: 'registration', id: registrationId }] });
  });

  it('revoking the registration flips both services; the expiring list names it for both', async () => {
    const { sub, registrationId, main } = await family();
    await cover(registrationId, { serviceId: sub.id, effectiveOn: '2025-08-01' }).expect(201);
    for (const id of [main.service.id, sub.id]) expect((await decide(id, '2025-10-01')).decision).toBe('eligible');
    await t.http
      .patch(`/v1/registrations/${registrationId}`)
      .set(t.admin)
      .set('If-Match', await etagOf(t, `/v1/registrations/${registrationId}`))
      .send({ status: 'revoked', effectiveOn: '2025-11-01' })
      .expect(200);
    for (const id of [main.service.id, sub.id]) {
      const before = await decide(id, '2025-10-15');
      expect({ id, decision: before.decision, validUntil: before.validUntil }).toEqual({
        id,
        decision: 'eligible',
        validUntil: '2025-10-31',
      });
      const after = await decide(id, '2025-11-01');
      expect({ id, decision: after.decision, reason: ismap(after).reason }).toEqual({
        id,
        decision: 'ineligible',
        reason: 'REGISTRATION_REVOKED',
      });
    }
    const expiring = (await t.http.get('/v1/reviews/expiring').query({ asOf: '2025-10-15', within: 30, limit: 500 }).expect(200)).body
      .items as { id: string; serviceId: string; validUntil: string }[];
    const mine = expiring.filter((i) => i.id === registrationId).map((i) => [i.serviceId, i.validUntil]);
    // paged one by one, the two entries of the registration (one per service) are both listed
    const paged: typeof expiring = [];
    let cursor: string | undefined;
    do {
      const page = (
        await t.http
          .get('/v1/reviews/expiring')
          .query({ asOf: '2025-10-15', within: 30, limit: 1, ...(cursor ? { cursor } : {}) })
          .expect(200)
      ).body as { items: typeof expiring; nextCursor: string | null };
      paged.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(expiring);
    expect(mine.sort()).toEqual(
      [
        [main.service.id, '2025-10-31'],
        [sub.id, '2025-10-31'],
      ].sort(),
    );
  });

  it('a sweep tells the municipalities using a covered service when the registration is revoked', async () => {
    const { sub, registrationId } = await family();
    await cover(registrationId, { serviceId: sub.id, effectiveOn: '2025-08-01' }).expect(201);
    const usage = await t.http
      .post('/v1/municipalities/011002/usages')
      .set(t.admin)
      .send({ serviceId: sub.id, profile: 'tokutei-tsushin' })
      .expect(201);
    const sweep = (asOf: string) => t.http.post('/v1/admin/sweeps').set(t.admin).send({ asOf }).expect(200);
    const eventsAbout = (serviceId: string) =>
      t.sql<{ type: string; subject_id: string; data: Record<string, unknown> }>(
        `SELECT type, subject_id, data FROM outbox_events WHERE service_id = $1 AND type ~ '(eligibility|usage)' ORDER BY seq`,
        [serviceId],
      );
    await sweep('2025-10-01'); // baseline: eligible through the coverage
    expect(await eventsAbout(sub.id)).toEqual([]);
    await t.http
      .patch(`/v1/registrations/${registrationId}`)
      .set(t.admin)
      .set('If-Match', await etagOf(t, `/v1/registrations/${registrationId}`))
      .send({ status: 'revoked', effectiveOn: '2025-10-20' })
      .expect(200);
    await sweep('2025-10-21');
    const events = await eventsAbout(sub.id);
    expect(events.map((e) => [e.type, e.data.to ?? e.data.reason])).toEqual([
      ['eligibility.changed', 'ineligible'],
      ['usage.at_risk', 'NOT_ELIGIBLE'],
    ]);
    expect(events[1].subject_id).toBe(usage.body.id);
  });

  it('an expiring registration ends for the covered service on the same day', async () => {
    const { sub, registrationId } = await family();
    await cover(registrationId, { serviceId: sub.id, effectiveOn: '2025-08-01' }).expect(201);
    // valid through 2026-07-31 (audit period ending 2025-03-31); the assessment runs to 2026-05-31
    expect(ismap(await decide(sub.id, '2026-07-31'))).toMatchObject({ outcome: 'satisfied', validUntil: '2026-07-31' });
    expect(ismap(await decide(sub.id, '2026-08-01'))).toMatchObject({ outcome: 'failed', reason: 'REGISTRATION_EXPIRED' });
  });
});

describe('the coverage API', () => {
  it('shows scope and coverage on the registration, and lists covering registrations for the service', async () => {
    const { sub, registrationId, main } = await family();
    const before = await t.http.get(`/v1/registrations/${registrationId}`).expect(200);
    expect(before.body).toMatchObject({ scope: null, coverage: [] });
    const created = await cover(registrationId, { serviceId: sub.id, effectiveOn: '2025-08-01' }).expect(201);
    expect(created.body.coverage).toEqual([{ serviceId: sub.id, effectiveOn: '2025-08-01', endedOn: null }]);
    expect(created.body.version).toBe(before.body.version + 1);
    expect(created.headers.etag).not.toBe(before.headers.etag);

    const listed = (await t.http.get(`/v1/services/${sub.id}/registrations`).expect(200)).body.items as {
      id: string;
      coveredVia: string;
    }[];
    expect(listed.map((r) => [r.id, r.coveredVia])).toEqual([[registrationId, 'coverage']]);
    const own = (await t.http.get(`/v1/services/${main.service.id}/registrations`).expect(200)).body.items as { coveredVia: string }[];
    expect(own.map((r) => r.coveredVia)).toEqual(['registration']);
    // the catalog's scheme filter counts a registration that covers the service
    const byScheme = (await t.http.get('/v1/services').query({ scheme: 'ISMAP', providerId: main.service.providerId }).expect(200)).body
      .items as { id: string }[];
    expect(byScheme.map((x) => x.id).sort()).toEqual([main.service.id, sub.id].sort());

    await t.http
      .patch(`/v1/registrations/${registrationId}`)
      .set(t.admin)
      .set('If-Match', await etagOf(t, `/v1/registrations/${registrationId}`))
      .send({ scope: sub.name })
      .expect(200);
    expect((await t.http.get(`/v1/registrations/${registrationId}`).expect(200)).body.scope).toBe(sub.name);
  });

  it('refuses another provider’s service (422), an overlapping period or the registered service (409), unknown ids (404)', async () => {
    const { sub, registrationId, main } = await family();
    const stranger = await makeService(t);
    const other = await cover(registrationId, { serviceId: stranger.id }).expect(422);
    expect(other.body).toMatchObject({ code: 'COVERAGE_OTHER_PROVIDER' });
    expect((await cover(registrationId, { serviceId: main.service.id }).expect(409)).body.code).toBe('COVERAGE_OVERLAP');
    await cover(registrationId, { serviceId: sub.id, effectiveOn: '2025-08-01' }).expect(201);
    expect((await cover(registrationId, { serviceId: sub.id, effectiveOn: '2026-01-01' }).expect(409)).body.code).toBe('COVERAGE_OVERLAP');
    // ended on 2025-12-01: a new period from 2025-11-01 overlaps, one from 2025-12-01 does not
    await endCoverage(registrationId, sub.id, { endedOn: '2025-12-01' }, 200);
    expect((await cover(registrationId, { serviceId: sub.id, effectiveOn: '2025-11-01' }).expect(409)).body.code).toBe('COVERAGE_OVERLAP');
    await cover(registrationId, { serviceId: sub.id, effectiveOn: '2025-12-01' }).expect(201);
    const periods = (await t.http.get(`/v1/registrations/${registrationId}`).expect(200)).body.coverage;
    expect(periods).toEqual([
      { serviceId: sub.id, effectiveOn: '2025-08-01', endedOn: '2025-12-01' },
      { serviceId: sub.id, effectiveOn: '2025-12-01', endedOn: null },
    ]);
    expect((await cover('00000000-0000-4000-8000-000000000000', { serviceId: sub.id }).expect(404)).body.code).toBe(
      'REGISTRATION_NOT_FOUND',
    );
    expect((await cover(registrationId, { serviceId: '00000000-0000-4000-8000-000000000000' }).expect(404)).body.code).toBe(
      'SERVICE_NOT_FOUND',
    );
    // bad input changes nothing
    const after = await t.http.get(`/v1/registrations/${registrationId}`).expect(200);
    await cover(registrationId, { serviceId: stranger.id }).expect(422);
    expect((await t.http.get(`/v1/registrations/${registrationId}`).expect(200)).headers.etag).toBe(after.headers.etag);
  });

  it('ending a coverage needs If-Match (428 without, 412 stale), is a 404 when none is open, and cannot end before it starts', async () => {
    const { sub, registrationId } = await family();
    const stale = await etagOf(t, `/v1/registrations/${registrationId}`);
    await cover(registrationId, { serviceId: sub.id, effectiveOn: '2025-08-01' }).expect(201);
    const path = `/v1/registrations/${registrationId}/coverage/${sub.id}`;
    expect((await t.http.patch(path).set(t.admin).send({ endedOn: '2025-12-01' }).expect(428)).body.code).toBe('PRECONDITION_REQUIRED');
    expect((await t.http.patch(path).set(t.admin).set('If-Match', stale).send({ endedOn: '2025-12-01' }).expect(412)).body.code).toBe(
      'PRECONDITION_FAILED',
    );
    expect((await endCoverage(registrationId, sub.id, { endedOn: '2025-07-01' }, 400)).body.code).toBe('VALIDATION_FAILED');
    const ended = await endCoverage(registrationId, sub.id, {}, 200);
    expect(ended.body.coverage).toEqual([{ serviceId: sub.id, effectiveOn: '2025-08-01', endedOn: '2025-10-01' }]); // today
    expect((await endCoverage(registrationId, sub.id, {}, 404)).body.code).toBe('COVERAGE_NOT_FOUND');
  });

  it('a POST with an Idempotency-Key is replayed, not applied twice', async () => {
    const { sub, registrationId } = await family();
    const send = () =>
      t.http
        .post(`/v1/registrations/${registrationId}/coverage`)
        .set(t.admin)
        .set('Idempotency-Key', `cov-${registrationId}`)
        .send({ serviceId: sub.id, effectiveOn: '2025-08-01' });
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body).toEqual(first.body);
  });

  it('a write without a credential is refused', async () => {
    const { sub, registrationId } = await family();
    await t.http.post(`/v1/registrations/${registrationId}/coverage`).send({ serviceId: sub.id }).expect(401);
  });
});

describe('the ISMAP import reads 対象範囲: links, re-apply, export round trip, a dropped sub-service', () => {
  const HEADER = ['制度', '登録番号', 'サービス名称', '事業者名', '法人番号', '登録日', '監査対象期間末日', '状態', '対象範囲'];
  const corp = corporateNumber();
  const csv = (scope: string) =>
    csvBytes(
      [HEADER, ['ISMAP', 'C25-9001-1', 'スコープ本体', 'スコープ事業者', corp, '2025-05-01', '2025-03-31', '登録', scope]].map((r) =>
        r.map((c) => `"${c}"`).join(','),
      ),
    );
  type Row = {
    registrationNumber: string;
    action: string;
    registrationId: string;
    changes: { field: string; old: unknown; new: unknown }[];
  };
  type Report = { rows: Row[]; errors: unknown[]; counts: Record<string, number> };
  const importReport = async (bytes: Buffer, query: Record<string, string>) =>
    (await importFile(t, bytes, query).expect(200)).body as Report;
  const serviceNamed = async (name: string) =>
    ((await t.http.get('/v1/services').query({ q: name, limit: 10 }).expect(200)).body.items as { id: string; name: string }[]).find(
      (x) => x.name === name,
    )!;

  it('creates the sub-services of the provider and links them from registeredOn; the covered service is decided with it', async () => {
    const report = await importReport(csv('スコープ子A、スコープ子B'), { dryRun: 'false' });
    expect(report.errors).toEqual([]);
    const row = report.rows[0];
    expect(row.action).toBe('create');
    expect(row.changes.filter((c) => c.field === 'scope' || c.field === 'coverage')).toEqual([
      { field: 'scope', old: null, new: 'スコープ子A; スコープ子B' },
      { field: 'coverage', old: null, new: 'スコープ子A; スコープ子B' },
    ]);
    const [a, b] = [await serviceNamed('スコープ子A'), await serviceNamed('スコープ子B')];
    const registration = (await t.http.get(`/v1/registrations/${row.registrationId}`).expect(200)).body;
    expect(registration.scope).toBe('スコープ子A; スコープ子B');
    expect(registration.coverage).toEqual(
      [
        { serviceId: a.id, effectiveOn: '2025-05-01', endedOn: null },
        { serviceId: b.id, effectiveOn: '2025-05-01', endedOn: null },
      ].sort((x, y) => (x.serviceId < y.serviceId ? -1 : 1)),
    );
    const d = await decide(a.id, '2025-10-01');
    expect(ismap(d)).toMatchObject({ outcome: 'satisfied', basis: [{ type: 'registration', id: row.registrationId }] });

    // the same file again changes nothing
    const again = await importReport(csv('スコープ子A、スコープ子B'), { dryRun: 'false' });
    expect(again.rows.map((r) => r.action)).toEqual(['unchanged']);

    // export → import: an empty diff (every registration of the catalog, this one included)
    const exported = await t.http
      .get('/v1/catalog/export')
      .query({ layout: 'ismap', format: 'csv' })
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((exported.body as Buffer).toString('utf8')).toContain('スコープ子A; スコープ子B');
    const roundTrip = await importReport(exported.body as Buffer, {});
    expect(roundTrip.errors).toEqual([]);
    expect(roundTrip.rows.filter((r) => r.action !== 'unchanged')).toEqual([]);

    // a sub-service dropped from the list ends its coverage on the import's effectiveOn
    const dropped = await importReport(csv('スコープ子A'), { dryRun: 'false', effectiveOn: '2025-12-01' });
    expect(dropped.rows[0]).toMatchObject({ action: 'update' });
    expect(dropped.rows[0].changes).toEqual([
      { field: 'scope', old: 'スコープ子A; スコープ子B', new: 'スコープ子A' },
      { field: 'coverage', old: 'スコープ子A; スコープ子B', new: 'スコープ子A' },
    ]);
    const after = (await t.http.get(`/v1/registrations/${row.registrationId}`).expect(200)).body;
    expect(after.coverage.find((c: { serviceId: string }) => c.serviceId === b.id)).toEqual({
      serviceId: b.id,
      effectiveOn: '2025-05-01',
      endedOn: '2025-12-01',
    });
    expect(ismap(await decide(b.id, '2025-11-30')).outcome).toBe('satisfied');
    expect(ismap(await decide(b.id, '2025-12-01'))).toMatchObject({ outcome: 'failed', reason: 'REGISTRATION_ABSENT' });
  });
});
