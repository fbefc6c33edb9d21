import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { destinationGrid, inferKind, isDestinationsHeader, parseDestinationList } from './destinations';
import { readTable, type Table } from './table';
import { writeGrid } from './write';

const CORP = '7000012050002';
const SERVICE_ID = '2f1c6a5e-8a4b-4c1e-9f3a-0d2b7c9e1a11';
const table = (...rows: string[][]): Table => ({ format: 'csv-utf8', rows });
const HEADER = ['事業者名', '法人番号', 'サービス名称', '種別', '宛先', 'ポート', '開始日', '終了日', '備考'];
const one = (cells: Partial<Record<string, string>>) => HEADER.map((h) => cells[h] ?? '');

const CSV = [
  '事業者名,法人番号,サービス名称,種別,宛先,ポート,開始日,終了日,備考,独自列',
  '株式会社サンプル,７０００ ０１２０ ５０００２,サンプル会議,ドメイン,ＭＥＥＴ．Example．JP,４４３、８４４３,令和7年4月1日,,会議,x',
  '株式会社サンプル,,サンプル会議,,203.0.113.0/24,"443, 443",R7.4.1,2026/3/31,,',
].join('\r\n');

describe('reading destinations lists', () => {
  it.each([
    ['UTF-8', Buffer.from(CSV, 'utf8'), 'csv-utf8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]), 'csv-utf8-bom'],
    ['Shift_JIS', iconv.encode(CSV, 'cp932'), 'csv-shift_jis'],
  ])('reads %s CSV: full-width text folded, ja kind words, ports split on 、 and de-duplicated, era dates', async (_n, bytes, format) => {
    const parsed = parseDestinationList(await readTable(bytes));
    expect(parsed.format).toBe(format);
    expect(parsed.errors).toEqual([]);
    expect(parsed.ignoredColumns).toEqual(['独自列']);
    expect(parsed.rows).toEqual([
      {
        row: 2,
        serviceId: null,
        providerName: '株式会社サンプル',
        corporateNumber: CORP,
        serviceName: 'サンプル会議',
        kind: 'fqdn',
        value: 'meet.example.jp',
        ports: [443, 8443],
        effectiveOn: '2025-04-01',
        endedOn: null,
        notes: '会議',
      },
      {
        row: 3,
        serviceId: null,
        providerName: '株式会社サンプル',
        corporateNumber: null,
        serviceName: 'サンプル会議',
        kind: 'cidr',
        value: '203.0.113.0/24',
        ports: [443],
        effectiveOn: '2025-04-01',
        endedOn: '2026-03-31',
        notes: null,
      },
    ]);
  });

  it('reads English headers in any order, and a service id instead of names', () => {
    const parsed = parseDestinationList(table(['destination', 'serviceId', 'ports'], ['2001:DB8::/32', SERVICE_ID, '']));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      expect.objectContaining({ row: 2, serviceId: SERVICE_ID, providerName: null, kind: 'cidr', value: '2001:db8::/32', ports: [] }),
    ]);
  });

  it.each([
    ['meet.example.jp', 'fqdn'],
    ['*.example.jp', 'fqdn'],
    ['203.0.113.10', 'cidr'],
    ['203.0.113.0/24', 'cidr'],
    ['2001:db8::/32', 'cidr'],
    ['2001:db8::1', 'cidr'],
    ['not an address/8', 'fqdn'],
  ])('infers the kind of %s: %s', (value, kind) => {
    expect(inferKind(value)).toBe(kind);
  });

  it.each([
    ['宛先', true],
    ['ｄｅｓｔｉｎａｔｉｏｎ', true],
    ['接続先', true],
    ['登録番号', false],
  ])('is detected by the destination column (%s → %s)', (header, detected) => {
    expect(isDestinationsHeader(['事業者名', header])).toBe(detected);
  });

  // each refused cell is named by row, column and header, with the code; the rest of the file is still read
  it.each([
    ['a value the endpoints API refuses (host bits set)', { 宛先: '203.0.113.1/24' }, 'E', '宛先', 'INVALID_ENDPOINT'],
    ['an FQDN with a space', { 宛先: 'meet example.jp' }, 'E', '宛先', 'INVALID_ENDPOINT'],
    ['an IP address written as an FQDN', { 種別: 'fqdn', 宛先: '203.0.113.1' }, 'E', '宛先', 'INVALID_ENDPOINT'],
    ['a second wildcard', { 宛先: '*.*.example.jp' }, 'E', '宛先', 'INVALID_ENDPOINT'],
    ['an empty destination', { 宛先: '' }, 'E', '宛先', 'REQUIRED'],
    ['an unknown kind', { 種別: 'URL', 宛先: 'meet.example.jp' }, 'D', '種別', 'INVALID_KIND'],
    ['a port above 65535', { 宛先: 'meet.example.jp', ポート: '443;70000' }, 'F', 'ポート', 'INVALID_PORT'],
    ['port 0', { 宛先: 'meet.example.jp', ポート: '0' }, 'F', 'ポート', 'INVALID_PORT'],
    ['a port word', { 宛先: 'meet.example.jp', ポート: 'https' }, 'F', 'ポート', 'INVALID_PORT'],
    ['an era date outside its era', { 宛先: 'meet.example.jp', 開始日: '平成31年5月1日' }, 'G', '開始日', 'INVALID_DATE'],
    ['an end before the start', { 宛先: 'meet.example.jp', 開始日: '2025-04-01', 終了日: '2025-03-31' }, 'H', '終了日', 'END_BEFORE_START'],
    ['a note longer than the API takes', { 宛先: 'meet.example.jp', 備考: 'x'.repeat(501) }, 'I', '備考', 'TOO_LONG'],
    ['a bad corporate number', { 宛先: 'meet.example.jp', 法人番号: '1234567890123' }, 'B', '法人番号', 'INVALID_CORPORATE_NUMBER'],
    ['no service name', { サービス名称: '', 宛先: 'meet.example.jp' }, 'C', 'サービス名称', 'REQUIRED'],
  ])('refuses %s', (_name, cells, column, header, code) => {
    const good = one({ 事業者名: 'P', サービス名称: 'S', 宛先: 'ok.example.jp' });
    const parsed = parseDestinationList(table(HEADER, good, one({ 事業者名: 'P', サービス名称: 'S', ...cells }), good));
    expect(parsed.errors).toEqual([expect.objectContaining({ row: 3, column, header, code })]);
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 4]);
  });

  it('lists every problem of a row, the destination check included', () => {
    const parsed = parseDestinationList(
      table(HEADER, one({ 事業者名: 'P', サービス名称: 'S', 宛先: '203.0.113.1/24', ポート: 'x', 開始日: '2025-02-30' })),
    );
    expect(parsed.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'F', 'INVALID_PORT'],
      [2, 'G', 'INVALID_DATE'],
      [2, 'E', 'INVALID_ENDPOINT'],
    ]);
    expect(parsed.rows).toEqual([]);
  });

  it('needs the destination column, and the names unless there is a service id column', () => {
    expect(parseDestinationList(table(['サービス名称', 'ポート'], ['S', '443'])).errors.map((e) => [e.code, e.header])).toEqual([
      ['MISSING_COLUMN', '事業者名'],
      ['MISSING_COLUMN', '宛先'],
    ]);
    expect(parseDestinationList(table(['サービスID', '宛先'], ['x', 'a.example.jp'])).errors).toEqual([
      expect.objectContaining({ row: 2, column: 'A', code: 'INVALID_SERVICE_ID' }),
    ]);
  });

  it('writes what it reads: an export grid parses back to the same rows in every format', async () => {
    const exported = {
      providerName: '株式会社サンプル',
      corporateNumber: CORP,
      serviceName: 'サンプル会議',
      serviceId: SERVICE_ID,
      kind: 'fqdn' as const,
      value: '*.meet.example.jp',
      ports: [443, 8443],
      effectiveOn: '2025-04-01',
      endedOn: '2026-04-01',
      notes: '会議, 録画',
    };
    for (const format of ['csv', 'csv-shift_jis', 'xlsx'] as const) {
      const parsed = parseDestinationList(await readTable(await writeGrid(destinationGrid([exported]), format, 'destinations')));
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows).toEqual([
        {
          row: 2,
          serviceId: SERVICE_ID,
          providerName: exported.providerName,
          corporateNumber: CORP,
          serviceName: exported.serviceName,
          kind: 'fqdn',
          value: exported.value,
          ports: [443, 8443],
          effectiveOn: '2025-04-01',
          endedOn: '2026-04-01',
          notes: exported.notes,
        },
      ]);
    }
  });
});
