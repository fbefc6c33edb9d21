// Issue 12, the destinations-per-service layout, over HTTP on real PostgreSQL: the exact dry-run diff
// in every accepted file kind, the endpoints API's own validation per row, an atomic apply through the
// audited writer (registry_changes names the services), idempotent, decisions that see the imported
// destinations, and an export that imports back unchanged.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { importFile, makeEndpoint, makeRegistration, makeService } from './support/factories';
import { auditor, eligibleService, publish } from './support/scenarios';

const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));
const TODAY = '2025-12-01';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let t: TestApp;

// columns A … J
const HEADER = ['事業者名', '法人番号', 'サービス名称', 'サービスID', '種別', '宛先', 'ポート', '開始日', '終了日', '備考'];

type Row = { row: number; action: string; serviceId: string | null; kind: string; destination: string; endpointId: string | null };
type Report = {
  id: string | null;
  applied: boolean;
  layout: string;
  format: string;
  counts: Record<string, number>;
  destinations: (Row & { changes: unknown[]; errors: unknown[] })[];
  missingDestinations: { endpointId: string; destination: string; ended: boolean }[];
  errors: { row: number; column: string | null; code: string }[];
  decisionChanges: { serviceId: string; from: string; to: string }[];
  rows: unknown[];
  missing: unknown[];
};

const csvText = (rows: string[][]) =>
  [HEADER, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c}"` : c)).join(',')).join('\r\n') + '\r\n';
const utf8 = (rows: string[][]) => Buffer.from(csvText(rows), 'utf8');
const shiftJis = (rows: string[][]) => iconv.encode(csvText(rows), 'cp932');
async function xlsx(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('宛先');
  for (const r of [HEADER, ...rows]) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const count = async (table: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
const revision = async () => (await t.sql<{ revision: string }>('SELECT revision FROM registry_state'))[0].revision;
const endpointsOf = async (serviceId: string) =>
  ((await t.http.get(`/v1/services/${serviceId}/endpoints`).expect(200)).body.items as Record<string, unknown>[])
    .map(({ value, ports, effectiveOn, endedOn, purpose }) => ({ value, ports, effectiveOn, endedOn, purpose }))
    // the API pages by (value, id): order a destination's declarations by their first day
    .sort((x, y) => `${x.value as string} ${x.effectiveOn as string}`.localeCompare(`${y.value as string} ${y.effectiveOn as string}`));
const decisionOf = async (serviceId: string) => (await t.http.get(`/v1/services/${serviceId}/eligibility`).expect(200)).body.decision;
const fullWidth = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A: eligible today (one destination); B: no registration, three destinations; C: eligible but for a destination. */
let a: Awaited<ReturnType<typeof eligibleService>>;
let aEndpoint: string;
let b: { id: string; name: string; provider: { name: string; corporateNumber: string } };
let c: { id: string; name: string; provider: { name: string } };
let rows: string[][];

async function describeService(id: string) {
  const service = (await t.http.get(`/v1/services/${id}`).expect(200)).body;
  const provider = (await t.http.get(`/v1/providers/${service.providerId}`).expect(200)).body;
  return {
    id,
    name: service.name as string,
    provider: { name: provider.name as string, corporateNumber: provider.corporateNumber as string },
  };
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  const audit = await auditor(t);
  a = await eligibleService(t, audit);
  aEndpoint = a.endpoint.value as string;
  b = await describeService((await makeService(t)).id);
  await makeEndpoint(t, b.id, { value: 'keep.svc-b.example.jp', ports: [443] });
  await makeEndpoint(t, b.id, { value: 'ports.svc-b.example.jp', ports: [443] });
  await makeEndpoint(t, b.id, { value: 'gone.svc-b.example.jp', ports: [443] });
  const cService = await makeService(t);
  await makeRegistration(t, cService.id);
  await publish(t, cService.id, audit);
  c = await describeService(cService.id);
  rows = [
    // row 2: C by provider and service name: its first destination
    [c.provider.name, '', c.name, '', '', 'meet.svc-c.example.jp', '443', '', '', 'Web会議'],
    // row 3: B by corporate number (full-width), equal to the registry
    [b.provider.name, fullWidth(b.provider.corporateNumber), b.name, '', 'ドメイン', 'keep.svc-b.example.jp', '443', '2024/1/1', '', ''],
    // row 4: B by id: a second port (full-width, 、-separated)
    ['', '', '', b.id, 'fqdn', 'PORTS.svc-b.example.jp', '４４３、８４４３', '', '', ''],
    // row 5: B, an address block for a fixed period (era dates), kind in Japanese
    [b.provider.name, '', b.name, '', 'IPアドレス', '150.95.10.0/24', '', '令和7年4月1日', 'R8.3.31', ''],
    // row 6: A by id: a wildcard the endpoints API takes but a decision fails (a public suffix)
    ['', '', '', a.service.id, '', '*.co.jp', '443', '', '', ''],
  ];
});
afterAll(() => t.close());

const expectedDiff = (): Report['destinations'] => [
  {
    row: 2,
    action: 'create',
    serviceId: c.id,
    kind: 'fqdn',
    destination: 'meet.svc-c.example.jp',
    endpointId: expect.any(String) as unknown as string,
    changes: [
      { field: 'destination', old: null, new: 'meet.svc-c.example.jp' },
      { field: 'ports', old: null, new: '443' },
      { field: 'effectiveOn', old: null, new: TODAY },
    ],
    errors: [],
  },
  {
    row: 3,
    action: 'unchanged',
    serviceId: b.id,
    kind: 'fqdn',
    destination: 'keep.svc-b.example.jp',
    endpointId: expect.any(String) as unknown as string,
    changes: [],
    errors: [],
  },
  {
    row: 4,
    action: 'update',
    serviceId: b.id,
    kind: 'fqdn',
    destination: 'ports.svc-b.example.jp',
    endpointId: expect.any(String) as unknown as string,
    changes: [{ field: 'ports', old: '443', new: '443;8443' }],
    errors: [],
  },
  {
    row: 5,
    action: 'create',
    serviceId: b.id,
    kind: 'cidr',
    destination: '150.95.10.0/24',
    endpointId: expect.any(String) as unknown as string,
    changes: [
      { field: 'destination', old: null, new: '150.95.10.0/24' },
      { field: 'effectiveOn', old: null, new: '2025-04-01' },
      { field: 'endedOn', old: null, new: '2026-03-31' },
    ],
    errors: [],
  },
  {
    row: 6,
    action: 'create',
    serviceId: a.service.id,
    kind: 'fqdn',
    destination: '*.co.jp',
    endpointId: expect.any(String) as unknown as string,
    changes: [
      { field: 'destination', old: null, new: '*.co.jp' },
      { field: 'ports', old: null, new: '443' },
      { field: 'effectiveOn', old: null, new: TODAY },
    ],
    errors: [],
  },
];

describe('dry run: the exact diff in every accepted file kind, writing nothing', () => {
  let first: Report;

  it('UTF-8 CSV (detected by its 宛先 column): rows, the missing destinations of a full list, the decisions that flip', async () => {
    expect(await decisionOf(c.id)).toBe('indeterminate'); // no destination declared yet
    expect(await decisionOf(a.service.id)).toBe('eligible');
    const before = { endpoints: await count('endpoints'), events: await count('audit_events'), revision: await revision() };
    first = (await importFile(t, utf8(rows), { fullList: 'true' }).expect(200)).body as Report;
    expect(first).toMatchObject({ layout: 'destinations', format: 'csv-utf8', applied: false, id: null, rows: [], missing: [] });
    expect(first.errors).toEqual([]);
    expect(first.counts).toEqual({ rows: 5, create: 3, update: 1, unchanged: 1, error: 0, missing: 2, ended: 0 });
    expect(first.destinations).toEqual(expectedDiff());
    expect(first.missingDestinations.map((m) => [m.destination, m.ended]).sort()).toEqual(
      [
        [aEndpoint, false],
        ['gone.svc-b.example.jp', false],
      ].sort(),
    );
    expect([...first.decisionChanges].sort((x, y) => (x.serviceId < y.serviceId ? -1 : 1))).toEqual(
      [
        { serviceId: a.service.id, profile: expect.objectContaining({ key: 'tokutei-tsushin' }), from: 'eligible', to: 'ineligible' },
        { serviceId: c.id, profile: expect.objectContaining({ key: 'tokutei-tsushin' }), from: 'indeterminate', to: 'eligible' },
      ].sort((x, y) => (x.serviceId < y.serviceId ? -1 : 1)),
    );
    expect({ endpoints: await count('endpoints'), events: await count('audit_events'), revision: await revision() }).toEqual(before);
    expect(await count('imports')).toBe(0);
  });

  it.each([
    ['Shift_JIS CSV', () => Promise.resolve(shiftJis(rows)), 'text/csv', 'csv-shift_jis'],
    ['UTF-8 CSV with BOM', () => Promise.resolve(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(rows)])), 'text/csv', 'csv-utf8-bom'],
    ['xlsx', () => xlsx(rows), XLSX, 'xlsx'],
  ])('%s gives the same diff', async (_name, bytes, type, format) => {
    const report = (await importFile(t, await bytes(), { fullList: 'true' }, type).expect(200)).body as Report & { fileDigest: string };
    expect(report.format).toBe(format);
    const strip = (r: Report) => ({
      ...r,
      format: null,
      fileDigest: null,
      destinations: r.destinations.map((d) => ({ ...d, endpointId: null })),
    });
    expect(strip(report)).toEqual(strip(first));
    expect(report.destinations).toEqual(expectedDiff());
  });
});

describe('apply: all rows or none, through the audited writer, idempotent', () => {
  it('a destination the endpoints API refuses, or an unknown service, applies nothing and names the row and column', async () => {
    // the endpoints API refuses the value itself…
    const api = await t.http
      .post(`/v1/services/${b.id}/endpoints`)
      .set(t.admin)
      .send({ kind: 'cidr', value: '150.95.10.1/24' })
      .expect(400);
    expect(api.body.code).toBe('INVALID_ENDPOINT');
    // …and so does the import, on row 7 column F; row 8 names a service nobody registered (column C)
    const bad = [
      ...rows,
      ['', '', '', b.id, 'cidr', '150.95.10.1/24', '', '', '', ''],
      [b.provider.name, '', '存在しないサービス', '', '', 'x.example.jp', '', '', '', ''],
    ];
    const before = { endpoints: await count('endpoints'), events: await count('audit_events'), revision: await revision() };
    const res = await importFile(t, utf8(bad), { dryRun: 'false' }).expect(400);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.errors).toEqual([
      { pointer: '/rows/7/F', detail: expect.stringContaining('INVALID_ENDPOINT') },
      { pointer: '/rows/8/C', detail: expect.stringContaining('UNKNOWN_SERVICE') },
    ]);
    expect(res.body.detail).toContain('row 7, column F 宛先');
    expect({ endpoints: await count('endpoints'), events: await count('audit_events'), revision: await revision() }).toEqual(before);
    // the dry run of the same file lists both, and every good row still planned
    const dry = (await importFile(t, utf8(bad)).expect(200)).body as Report;
    expect(dry.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [7, 'F', 'INVALID_ENDPOINT'],
      [8, 'C', 'UNKNOWN_SERVICE'],
    ]);
    expect(dry.counts).toMatchObject({ rows: 7, error: 2 });
  });

  it('applies the file in one transaction: dated declarations, one audit event each, registry_changes naming the services; decisions see them', async () => {
    const rev = BigInt(await revision());
    const applied = (await importFile(t, utf8(rows), { dryRun: 'false' }).expect(200)).body as Report;
    expect(applied).toMatchObject({ applied: true, counts: expect.objectContaining({ create: 3, update: 1, unchanged: 1, error: 0 }) });
    expect(applied.id).toEqual(expect.any(String));

    expect(await endpointsOf(c.id)).toEqual([
      { value: 'meet.svc-c.example.jp', ports: [443], effectiveOn: TODAY, endedOn: null, purpose: 'Web会議' },
    ]);
    // the ports change keeps the past: the old declaration ends today, the new one starts today
    expect((await endpointsOf(b.id)).filter((e) => e.value !== 'keep.svc-b.example.jp' && e.value !== 'gone.svc-b.example.jp')).toEqual([
      { value: '150.95.10.0/24', ports: [], effectiveOn: '2025-04-01', endedOn: '2026-03-31', purpose: null },
      { value: 'ports.svc-b.example.jp', ports: [443], effectiveOn: '2024-01-01', endedOn: TODAY, purpose: null },
      { value: 'ports.svc-b.example.jp', ports: [443, 8443], effectiveOn: TODAY, endedOn: null, purpose: null },
    ]);

    // one revision, naming exactly the three services the import touched
    expect(BigInt(await revision())).toBe(rev + 1n);
    const [change] = await t.sql<{ service_ids: string[]; subject_types: string[] }>(
      'SELECT service_ids, subject_types FROM registry_changes ORDER BY revision DESC LIMIT 1',
    );
    expect([...change.service_ids].sort()).toEqual([a.service.id, b.id, c.id].sort());
    expect(change.subject_types).toEqual(['endpoint', 'import']);
    const events = await t.sql<{ action: string; n: string }>(
      `SELECT action, count(*) AS n FROM audit_events WHERE seq > (SELECT max(seq) - 6 FROM audit_events) GROUP BY action ORDER BY action`,
    );
    expect(events.map((e) => [e.action, Number(e.n)])).toEqual([
      ['endpoint.created', 4],
      ['endpoint.ended', 1],
      ['import.applied', 1],
    ]);

    // decisions (read through the incremental facts reload) see the imported destinations
    expect(await decisionOf(c.id)).toBe('eligible');
    expect(await decisionOf(a.service.id)).toBe('ineligible');
    const allowlist = (await t.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf: TODAY }).expect(200)).body;
    const values = (allowlist.entries as { value: string }[]).map((e) => e.value);
    expect(values).toContain('meet.svc-c.example.jp');
    expect(values).not.toContain('*.co.jp');
    // an earlier date keeps its answer: C had no destination then
    expect((await t.http.get(`/v1/services/${c.id}/eligibility`).query({ asOf: '2025-11-30' }).expect(200)).body.decision).toBe(
      'indeterminate',
    );

    // the same file again: every row unchanged, nothing written, the revision stays
    const endpoints = await count('endpoints');
    const again = (await importFile(t, utf8(rows), { dryRun: 'false' }).expect(200)).body as Report;
    expect(again.counts).toEqual({ rows: 5, create: 0, update: 0, unchanged: 5, error: 0, missing: 0, ended: 0 });
    expect(again.decisionChanges).toEqual([]);
    expect(await count('endpoints')).toBe(endpoints);
    expect(await revision()).toBe((rev + 1n).toString());
    const list = (await t.http.get('/v1/imports').set(t.admin).expect(200)).body;
    expect(list.items[0]).toMatchObject({ id: again.id, layout: 'destinations', counts: expect.objectContaining({ unchanged: 5 }) });
  });

  it('a full list ends the destinations it leaves out only when asked, from the date given', async () => {
    const dry = (await importFile(t, utf8(rows), { fullList: 'true' }).expect(200)).body as Report;
    expect(dry.missingDestinations.map((m) => m.ended)).toEqual([false, false]);
    const res = (await importFile(t, utf8(rows), { fullList: 'true', endMissingOn: '2025-12-15', dryRun: 'false' }).expect(200))
      .body as Report;
    expect(res.counts).toMatchObject({ missing: 2, ended: 2 });
    expect((await endpointsOf(b.id)).find((e) => e.value === 'gone.svc-b.example.jp')).toMatchObject({ endedOn: '2025-12-15' });
    expect((await endpointsOf(a.service.id)).find((e) => e.value === aEndpoint)).toMatchObject({ endedOn: '2025-12-15' });
  });
});

describe('export → import round-trips with an empty diff', () => {
  it.each([
    ['csv', 'text/csv'],
    ['csv-shift_jis', 'text/csv'],
    ['xlsx', XLSX],
  ])('%s', async (format, type) => {
    const exported = await t.http
      .get('/v1/catalog/export')
      .query({ layout: 'destinations', format })
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toContain(`destinations.${format === 'xlsx' ? 'xlsx' : 'csv'}`);
    const report = (await importFile(t, exported.body as Buffer, { fullList: 'true' }, type).expect(200)).body as Report;
    expect(report.layout).toBe('destinations');
    expect(report.errors).toEqual([]);
    expect(report.counts).toMatchObject({ create: 0, update: 0, error: 0, missing: 0 });
    // every destination in force or ahead, ended ones (the ports change's old declaration, the ended missing ones until 12-15) included
    expect(report.counts.unchanged).toBe(await count(`endpoints WHERE ended_on IS NULL OR ended_on > '${TODAY}'`));
  });
});

describe('the sample file of docs/IMPORT.md', () => {
  it('destinations.csv applies after ismap.csv (its services) without errors', async () => {
    await importFile(t, readFileSync('data/import-samples/ismap.csv'), { dryRun: 'false' }).expect(200);
    const report = (await importFile(t, readFileSync('data/import-samples/destinations.csv'), { dryRun: 'false' }).expect(200))
      .body as Report;
    expect(report.errors).toEqual([]);
    expect(report.layout).toBe('destinations');
    expect(report.counts).toMatchObject({ rows: 4, create: 4, error: 0 });
    expect(report.destinations.map((d) => [d.kind, d.destination])).toEqual([
      ['fqdn', 'meet.sample-cloud.example.jp'],
      ['fqdn', '*.media.sample-cloud.example.jp'],
      ['cidr', '150.95.10.0/24'],
      ['fqdn', 'chat.sample-godo.example.jp'],
    ]);
  });
});
