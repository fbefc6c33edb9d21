import { stringify } from 'csv-stringify/sync';
import { PlainText } from './versioned';

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

/** A CSV download named `filename`, for a handler to return (VersionedInterceptor sends it). */
export function csvFile(filename: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): PlainText {
  return new PlainText(toCsv(header, rows), 'text/csv; charset=utf-8', filename);
}
