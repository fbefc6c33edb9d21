// Issue 12, over HTTP on real PostgreSQL: importing the official lists with a dry-run diff, applied
// all or nothing through the audited writer, idempotent, recorded; exports that import back unchanged.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { corporateNumberCheckDigit } from '@app/shared';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { importFile, makeProvider, makeRegistration, makeService } from './support/factories';
import { auditor, eligibleService } from './support/scenarios';

const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));
let t: TestApp;

const HEADER = [
  '制度',
  '登録番号',
  'サービス名称',
  '事業者名',
  '法人番号',
  '登録日',
  '監査対象期間末日',
  '有効期限',
  '状態',
  '対象範囲',
  '備考',
];
const corp = (n: number) => {
  const rest = String(100_000_000_000 + n).slice(-12);
  return `${corporateNumberCheckDigit(rest)}${rest}`;
};
const fullWidth = (s: string) => s.replace(/[0-9A-Z-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** The three ways the lists write dates: ISO, era in kanji, abbreviated era (all the same day). */
const dateForms = ['2023-04-01', '令和5年4月1日', 'R5.4.1'];
const periodForms = ['2025-03-31', '令和7年3月31日', 'R7.3.31'];

interface Existing {
  scheme: string;
  number: string;
  service: string;
  provider: string;
  corporateNumber: string;
  registeredOn: string;
  auditPeriodEnd: string;
  status: string;
}

/** 1,000 generated ISMAP-layout rows (997 new, spread over 50 providers) plus the given existing ones. */
function generatedRows(existing: Existing[]): string[][] {
  const rows: string[][] = [];
  for (let i = 1; i <= 1000 - existing.length; i++) {
    const number = `C23-${String(i).padStart(4, '0')}-1`;
    rows.push([
      i % 10 === 0 ? 'ISMAP-LIU' : 'ISMAP',
      i % 7 === 0 ? fullWidth(number) : number,
      `生成サービス${i}`,
      `生成事業者${i % 50}`,
      i % 5 === 0 ? fullWidth(corp(i % 50)) : corp(i % 50),
      dateForms[i % 3],
      periodForms[i % 3],
      '',
      i % 11 === 0 ? '更新申請中' : '登録',
      '',
      '',
    ]);
  }
  for (const e of existing) {
    rows.push([e.scheme, e.number, e.service, e.provider, e.corporateNumber, e.registeredOn, e.auditPeriodEnd, '', e.status, '', '']);
  }
  return rows;
}

const csvText = (rows: string[][]) => [HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
const utf8 = (rows: string[][]) => Buffer.from(csvText(rows), 'utf8');
const shiftJis = (rows: string[][]) => iconv.encode(csvText(rows), 'cp932');
async function xlsx(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('ISMAP');
  for (const r of [HEADER, ...rows]) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

type Report = {
  id: string | null;
  applied: boolean;
  format: string;
  counts: Record<string, number>;
  rows: { row: number; action: string; registrationNumber: string; changes: unknown[]; errors: unknown[]; registrationId: string | null }[];
  errors: { row: number; column: string | null; header: string | null; code: string }[];
  missing: { registrationId: string; ended: boolean }[];
  decisionChanges: { serviceId: string; from: string; to: string }[];
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const count = async (table: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
const revision = async () => (await t.sql<{ revision: string }>('SELECT revision FROM registry_state'))[0].revision;

let eligible: Awaited<ReturnType<typeof eligibleService>>;
let existingRows: Existing[];
let missingId: string;
let rows: string[][];

beforeAll(async () => {
  t = await createTestApp({ clock });
  const audit = await auditor(t);
  eligible = await eligibleService(t, audit);
  const describeRegistration = async (serviceId: string, registration: Record<string, unknown>, status: string) => {
    const service = (await t.http.get(`/v1/services/${serviceId}`).expect(200)).body;
    const provider = (await t.http.get(`/v1/providers/${service.providerId}`).expect(200)).body;
    return {
      scheme: 'ISMAP',
      number: registration.registrationNumber as string,
      service: service.name,
      provider: provider.name,
      corporateNumber: provider.corporateNumber,
      registeredOn: '2025-05-01',
      auditPeriodEnd: '2025-03-31',
      status,
    };
  };
  const unchangedService = await makeService(t);
  const unchanged = await makeRegistration(t, unchangedService.id);
  const missing = await makeRegistration(t, (await makeService(t, { providerId: (await makeProvider(t)).id })).id);
  missingId = missing.id;
  existingRows = [
    await describeRegistration(unchangedService.id, unchanged, '登録'),
    // the official list now shows the eligible service's registration revoked
    await describeRegistration(eligible.service.id, eligible.registration, '取消'),
  ];
  rows = generatedRows(existingRows);
});
afterAll(() => t.close());

describe('dry run: the exact diff, in every accepted encoding, writing nothing', () => {
  let first: Report;

  it('a 1,000-row UTF-8 CSV: 998 creations, one update field by field, one unchanged, the flip it causes and the missing registration', async () => {
    const before = { services: await count('services'), registrations: await count('scheme_registrations'), revision: await revision() };
    const res = await importFile(t, utf8(rows), { fullList: 'true' }).expect(200);
    first = res.body as Report;
    expect(first.format).toBe('csv-utf8');
    expect(first.applied).toBe(false);
    expect(first.counts).toEqual({ rows: 1000, create: 998, update: 1, unchanged: 1, error: 0, missing: 1, ended: 0 });
    const expected = rows.map((r, i) => {
      const n = i + 1;
      if (n === 999) return { row: 1000, action: 'unchanged', registrationNumber: r[1], changes: [] };
      if (n === 1000) {
        return { row: 1001, action: 'update', registrationNumber: r[1], changes: [{ field: 'status', old: 'registered', new: 'revoked' }] };
      }
      return {
        row: n + 1,
        action: 'create',
        registrationNumber: r[1].normalize('NFKC'),
        changes: [
          { field: 'registeredOn', old: null, new: '2023-04-01' },
          { field: 'status', old: null, new: n % 11 === 0 ? 'renewal_pending' : 'registered' },
          { field: 'auditPeriodEnd', old: null, new: '2025-03-31' },
        ],
      };
    });
    expect(first.rows.map(({ row, action, registrationNumber, changes }) => ({ row, action, registrationNumber, changes }))).toEqual(
      expected,
    );
    // 50 providers are created once each (the first row that names them); every new row gets its own service
    expect(first.rows.filter((r) => (r as unknown as { creates: { provider: boolean } }).creates.provider)).toHaveLength(50);
    expect(first.decisionChanges).toEqual([
      { serviceId: eligible.service.id, profile: expect.objectContaining({ key: 'tokutei-tsushin' }), from: 'eligible', to: 'ineligible' },
    ]);
    expect(first.missing).toEqual([expect.objectContaining({ registrationId: missingId, ended: false })]);
    expect(first.errors).toEqual([]);
    // nothing was written
    expect({ services: await count('services'), registrations: await count('scheme_registrations'), revision: await revision() }).toEqual(
      before,
    );
    expect(await count('imports')).toBe(0);
  });

  it.each([
    ['Shift_JIS CSV', () => Promise.resolve(shiftJis(rows)), 'text/csv', 'csv-shift_jis'],
    ['UTF-8 CSV with BOM', () => Promise.resolve(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(rows)])), 'text/csv', 'csv-utf8-bom'],
    ['xlsx', () => xlsx(rows), XLSX, 'xlsx'],
  ])('the same list as %s gives the same diff', async (_name, bytes, type, format) => {
    const res = await importFile(t, await bytes(), { fullList: 'true' }, type).expect(200);
    const report = res.body as Report;
    expect(report.format).toBe(format);
    const strip = (r: Report) => ({
      ...r,
      format: null,
      fileDigest: null,
      rows: r.rows.map((x) => ({ ...x, registrationId: null, serviceId: null })),
    });
    expect(strip(report)).toEqual(strip(first));
  });

  it('accepts a multipart upload too', async () => {
    const res = await t.http.post('/v1/imports').set(t.admin).attach('file', shiftJis(rows), 'ismap.csv').expect(200);
    expect((res.body as Report).counts.create).toBe(998);
    expect(res.body.fileName).toBe('ismap.csv');
  });

  it('keys a multipart retry on the file, not on the boundary: same file → the replay, another file → 422', async () => {
    const key = `multipart-${Date.now()}`;
    const send = (bytes: Buffer) => t.http.post('/v1/imports').set(t.admin).set('Idempotency-Key', key).attach('file', bytes, 'ismap.csv');
    const first = await send(shiftJis(rows)).expect(200);
    const again = await send(shiftJis(rows)).expect(200); // a new request, a new boundary
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
    const other = rows.map((r) => [...r]);
    other[0][2] = `${other[0][2]}（改）`;
    const reused = await send(shiftJis(other)).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers a malformed multipart body with a 400 problem', async () => {
    const res = await t.http
      .post('/v1/imports')
      .set(t.admin)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send(Buffer.from('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nunterminated'));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('apply: all rows or none, idempotent, recorded', () => {
  it('one bad row applies nothing and names the row and the column', async () => {
    const bad = rows.map((r) => [...r]);
    bad[499][6] = '平成31年5月1日'; // row 501 (the header is row 1), column G: not a 平成 date
    const before = { services: await count('services'), events: await count('audit_events'), revision: await revision() };
    const res = await importFile(t, utf8(bad), { dryRun: 'false' }).expect(400);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.errors).toEqual([{ pointer: '/rows/501/G', detail: expect.stringContaining('INVALID_DATE') }]);
    expect(res.body.detail).toContain('row 501, column G 監査対象期間末日');
    expect({ services: await count('services'), events: await count('audit_events'), revision: await revision() }).toEqual(before);
  });

  it('applies the Shift_JIS file in one transaction, then the same file again changes nothing', async () => {
    const res = await importFile(t, shiftJis(rows), { dryRun: 'false', fullList: 'true' }).expect(200);
    const applied = res.body as Report;
    expect(applied.applied).toBe(true);
    expect(applied.counts).toMatchObject({ create: 998, update: 1, unchanged: 1, error: 0 });
    const created = applied.rows.find((r) => r.row === 2)!;
    const registration = (await t.http.get(`/v1/registrations/${created.registrationId}`).expect(200)).body;
    expect(registration).toMatchObject({
      registrationNumber: 'C23-0001-1',
      scheme: 'ISMAP',
      registeredOn: '2023-04-01',
      auditPeriodEnd: '2025-03-31',
    });
    const revoked = (await t.http.get(`/v1/registrations/${eligible.registration.id}`).expect(200)).body;
    expect(revoked.status).toBe('revoked');
    const decision = (await t.http.get(`/v1/services/${eligible.service.id}/eligibility`).expect(200)).body;
    expect(decision.decision).toBe('ineligible');

    const rev = await revision();
    const services = await count('services');
    const again = (await importFile(t, shiftJis(rows), { dryRun: 'false', fullList: 'true' }).expect(200)).body as Report;
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 1000, error: 0 });
    expect(again.decisionChanges).toEqual([]);
    expect(await revision()).toBe(rev);
    expect(await count('services')).toBe(services);

    const list = (await t.http.get('/v1/imports').set(t.admin).expect(200)).body;
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({
      id: again.id,
      layout: 'ismap',
      format: 'csv-shift_jis',
      counts: expect.objectContaining({ unchanged: 1000 }),
    });
    expect(list.items[0].fileDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(list.items[1]).toMatchObject({ id: applied.id, counts: expect.objectContaining({ create: 998 }) });
    await t.http.get('/v1/imports').expect(401);
  });

  it('ends a registration missing from a full list only when asked, from the date given', async () => {
    const dry = (await importFile(t, utf8(rows), { fullList: 'true' }).expect(200)).body as Report;
    expect(dry.missing).toEqual([expect.objectContaining({ registrationId: missingId, ended: false })]);
    const res = (await importFile(t, utf8(rows), { fullList: 'true', endMissingOn: '2025-12-15', dryRun: 'false' }).expect(200))
      .body as Report;
    expect(res.counts).toMatchObject({ missing: 1, ended: 1 });
    const ended = (await t.http.get(`/v1/registrations/${missingId}`).expect(200)).body;
    expect(ended.history.at(-1)).toMatchObject({ status: 'withdrawn', effectiveOn: '2025-12-15' });
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
      .query({ layout: 'ismap', format })
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(exported.status).toBe(200);
    const report = (await importFile(t, exported.body as Buffer, { fullList: 'true' }, type).expect(200)).body as Report;
    expect(report.errors).toEqual([]);
    expect(report.counts).toMatchObject({ create: 0, update: 0, error: 0, missing: 0 });
    expect(report.counts.unchanged).toBeGreaterThanOrEqual(1001);
  });
});

describe('the sample files of docs/IMPORT.md', () => {
  it('LGWAN-ASP: categories by name, last confirmations, a suspended listing', async () => {
    const bytes = readFileSync('data/import-samples/lgwan-asp.csv');
    const report = (await importFile(t, bytes, { dryRun: 'false' }).expect(200)).body as Report;
    expect(report).toMatchObject({ layout: 'lgwan_asp', counts: expect.objectContaining({ create: 3, error: 0 }) });
    const first = report.rows.find((r) => r.registrationNumber === 'A-0101')!;
    const registration = (await t.http.get(`/v1/registrations/${first.registrationId}`).expect(200)).body;
    expect(registration).toMatchObject({
      scheme: 'LGWAN_ASP',
      registeredOn: '2021-04-01',
      lastConfirmedOn: '2025-04-01',
      status: 'registered',
    });
    const service = (await t.http.get(`/v1/services/${registration.serviceId}`).expect(200)).body;
    expect(service.category).toBe('business_application');
    const suspended = report.rows.find((r) => r.registrationNumber === 'A-0050')!;
    expect((await t.http.get(`/v1/registrations/${suspended.registrationId}`).expect(200)).body.status).toBe('suspended');
  });

  it.each(['ismap.csv', 'ismap-shift_jis.csv', 'ismap.xlsx'])(
    '%s dry-runs without errors (era dates, full-width numbers, an Excel date cell)',
    async (name) => {
      const type = name.endsWith('.xlsx') ? XLSX : 'text/csv';
      const report = (await importFile(t, readFileSync(`data/import-samples/${name}`), {}, type).expect(200)).body as Report;
      expect(report.errors).toEqual([]);
      expect(report.rows.map((r) => r.registrationNumber)).toEqual(['C22-0001-1', 'C22-0002-1', 'L23-0001-1', 'C21-0009-1']);
      expect(report.counts).toMatchObject({ create: 4, error: 0 });
    },
  );
});
