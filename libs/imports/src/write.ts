import { stringify } from 'csv-stringify/sync';
import { excel } from './excel';
import iconv from 'iconv-lite';
import { LAYOUT_COLUMNS, type LayoutKey, STATUS_LABEL_JA } from './layouts';
import type { ImportRow } from './parse';

export type ExportFormat = 'csv' | 'csv-shift_jis' | 'xlsx';

/** The cells of one row in a layout, with the Japanese headers (what the import reads back unchanged). */
export function layoutGrid(layout: LayoutKey, rows: Omit<ImportRow, 'row'>[]): string[][] {
  const specs = LAYOUT_COLUMNS[layout];
  const header = specs.map((s) => s.ja[0]);
  const body = rows.map((r) =>
    specs.map((s) => {
      const v = r[s.field];
      if (s.field === 'status') return STATUS_LABEL_JA[r.status] ?? r.status;
      if (s.field === 'scheme') return r.scheme === 'ISMAP_LIU' ? 'ISMAP-LIU' : r.scheme;
      if (Array.isArray(v)) return v.join('; ');
      return v ?? '';
    }),
  );
  return [header, ...body];
}

/** A registration list file: UTF-8 CSV with a BOM (Excel opens it), Shift_JIS CSV, or .xlsx. */
export async function writeRegistrationList(layout: LayoutKey, rows: Omit<ImportRow, 'row'>[], format: ExportFormat): Promise<Buffer> {
  return writeGrid(layoutGrid(layout, rows), format, layout);
}

/** A grid of text cells as a file: UTF-8 CSV with a BOM, Shift_JIS CSV, or .xlsx (one worksheet named `sheetName`). */
export async function writeGrid(grid: string[][], format: ExportFormat, sheetName: string): Promise<Buffer> {
  if (format === 'xlsx') {
    const { Workbook } = await excel();
    const book = new Workbook();
    const sheet = book.addWorksheet(sheetName);
    // every cell as text, so registration numbers and dates are not reinterpreted by Excel
    for (const cells of grid) sheet.addRow(cells).eachCell((c) => (c.numFmt = '@'));
    return Buffer.from(await book.xlsx.writeBuffer());
  }
  const text = stringify(grid, { record_delimiter: '\r\n' });
  return format === 'csv' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) : iconv.encode(text, 'cp932');
}
