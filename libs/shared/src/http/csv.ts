import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';

export type CsvCell = string | number | null;

/**
 * A CSV that Excel opens as it is: UTF-8 with a BOM, CRLF line ends, a header row, and cells that
 * start with `=`, `+`, `-`, `@`, tab or CR escaped with a leading `'` (formula injection).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([[...header], ...rows.map((r) => r.map((c) => c ?? ''))], {
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}

/** Sends a CSV body as a download named `filename`. */
export function sendCsv(res: Response, filename: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  res.type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  return toCsv(header, rows);
}
