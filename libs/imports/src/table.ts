import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { excel } from './excel';
import iconv from 'iconv-lite';
import { dateFromSpreadsheet } from './dates';

/** How the file's bytes were read. */
export type FileFormat = 'csv-utf8' | 'csv-utf8-bom' | 'csv-shift_jis' | 'xlsx';

/** A file read as a grid of text cells; `rows[0]` is the header row (spreadsheet row 1). */
export interface Table {
  format: FileFormat;
  rows: string[][];
}

export class TableReadError extends Error {}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** An .xlsx file is a ZIP archive: it starts with the local file header signature. */
const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

/**
 * Text of a CSV file: UTF-8 with or without a BOM, else Shift_JIS (Windows-31J, as Excel in Japan
 * saves "CSV"). Bytes that are not valid UTF-8 are taken as Shift_JIS; text that is neither is refused.
 */
export function decodeCsv(bytes: Buffer): { text: string; format: FileFormat } {
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) return { text: bytes.subarray(3).toString('utf8'), format: 'csv-utf8-bom' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), format: 'csv-utf8' };
  } catch {
    const text = iconv.decode(bytes, 'cp932');
    if (text.includes('\ufffd')) throw new TableReadError('the file is neither UTF-8 nor Shift_JIS text');
    return { text, format: 'csv-shift_jis' };
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateFromSpreadsheet(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

/** Reads the first worksheet of an .xlsx file; every cell as text (dates as ISO, numbers as written). */
async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const { Workbook } = await excel();
  const book = new Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new TableReadError(`not a readable .xlsx workbook (${(e as Error).message})`);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new TableReadError('the workbook has no worksheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows[number - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** Reads a CSV (any of the accepted encodings) or .xlsx file into rows of text cells. */
export async function readTable(bytes: Buffer): Promise<Table> {
  if (bytes.length === 0) throw new TableReadError('the file is empty');
  if (isZip(bytes)) return { format: 'xlsx', rows: await readXlsx(bytes) };
  const { text, format } = decodeCsv(bytes);
  try {
    const rows: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: false });
    return { format, rows };
  } catch (e) {
    throw new TableReadError(`not a readable CSV file (${(e as Error).message})`);
  }
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
