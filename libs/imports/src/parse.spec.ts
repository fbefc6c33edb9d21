import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { parseRegistrationList } from './parse';
import { readTable } from './table';
import { writeRegistrationList } from './write';

const CORP = '7000012050002';
const row = {
  scheme: 'ISMAP',
  registrationNumber: 'C22-0001-1',
  serviceName: 'サンプル会議',
  providerName: '株式会社サンプル',
  corporateNumber: CORP,
  category: null,
  registeredOn: '2023-04-01',
  auditPeriodEnd: '2025-03-31',
  validUntil: null,
  lastConfirmedOn: null,
  status: 'registered',
  scope: ['会議', 'チャット'],
  notes: null,
};

const ISMAP_CSV = [
  '制度,登録番号,サービス名称,事業者名,法人番号,登録日,監査対象期間末日,有効期限,状態,対象範囲,備考,独自列',
  'ISMAP,Ｃ２２－０００１－１,サンプル会議,株式会社サンプル,７０００ ０１２０ ５０００２,令和5年4月1日,R7.3.31,,登録,会議；チャット,,x',
].join('\r\n');

describe('reading registration lists', () => {
  it.each([
    ['UTF-8', Buffer.from(ISMAP_CSV, 'utf8'), 'csv-utf8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ISMAP_CSV, 'utf8')]), 'csv-utf8-bom'],
    ['Shift_JIS', iconv.encode(ISMAP_CSV, 'cp932'), 'csv-shift_jis'],
  ])('reads %s CSV with Japanese headers, full-width digits and era dates', async (_name, bytes, format) => {
    const parsed = parseRegistrationList(await readTable(bytes));
    expect(parsed.format).toBe(format);
    expect(parsed.errors).toEqual([]);
    expect(parsed.layout).toBe('ismap');
    expect(parsed.ignoredColumns).toEqual(['独自列']);
    expect(parsed.rows).toEqual([{ ...row, row: 2 }]);
  });

  it('reads English headers and the LGWAN-ASP layout', async () => {
    const csv =
      'Registration number,Service name,Provider name,Category,Registration date,Last confirmed on\nA-1,Svc,Prov,web_conferencing,2024/4/1,2025/4/1\n';
    const parsed = parseRegistrationList(await readTable(Buffer.from(csv)));
    expect(parsed.layout).toBe('lgwan_asp');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      scheme: 'LGWAN_ASP',
      registrationNumber: 'A-1',
      lastConfirmedOn: '2025-04-01',
      status: 'registered',
    });
  });

  it.each(['csv', 'csv-shift_jis', 'xlsx'] as const)('reads back what it writes (%s)', async (format) => {
    const bytes = await writeRegistrationList(
      'ismap',
      [row, { ...row, registrationNumber: 'C22-0002-1', scheme: 'ISMAP_LIU', status: 'renewal_pending' }],
      format,
    );
    const parsed = parseRegistrationList(await readTable(bytes));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map(({ row: _r, ...r }) => r)).toEqual([
      row,
      { ...row, registrationNumber: 'C22-0002-1', scheme: 'ISMAP_LIU', status: 'renewal_pending' },
    ]);
  });

  it('names the row, column and header of every bad cell', async () => {
    const csv = [
      '登録番号,サービス名称,事業者名,法人番号,登録日,監査対象期間末日,状態',
      'C-1,S,P,,2023-04-01,2025-03-31,登録',
      'C-2,S,P,1234567890123,平成31年5月1日,2025-03-31,うわさ',
      'C-3,,P,,2023-04-01,,登録',
    ].join('\n');
    const parsed = parseRegistrationList(await readTable(Buffer.from(csv)));
    expect(parsed.rows.map((r) => r.registrationNumber)).toEqual(['C-1']);
    expect(parsed.errors.map(({ row, column, header, code }) => ({ row, column, header, code }))).toEqual([
      { row: 3, column: 'D', header: '法人番号', code: 'INVALID_CORPORATE_NUMBER' },
      { row: 3, column: 'E', header: '登録日', code: 'INVALID_DATE' },
      { row: 3, column: 'G', header: '状態', code: 'INVALID_STATUS' },
      { row: 4, column: 'B', header: 'サービス名称', code: 'REQUIRED' },
    ]);
  });

  it('refuses a file without a required column, naming it', async () => {
    const parsed = parseRegistrationList(await readTable(Buffer.from('登録番号,サービス名称\nC-1,S\n')));
    expect(parsed.errors.map((e) => [e.row, e.code, e.header])).toEqual([
      [1, 'MISSING_COLUMN', '事業者名'],
      [1, 'MISSING_COLUMN', '登録日'],
    ]);
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS text', async () => {
    await expect(readTable(Buffer.from([0x82, 0xff, 0xff, 0x82]))).rejects.toThrow('neither UTF-8 nor Shift_JIS');
  });
});
