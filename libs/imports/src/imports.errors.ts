import { type ErrorCodes, errorClass, type FieldError } from '@app/shared';
import type { RowError } from './parse';

export const IMPORTS_ERRORS = {
  /** The file could not be read as CSV (UTF-8 / Shift_JIS) or .xlsx. */
  IMPORT_UNREADABLE: 'invalid',
  /** Some rows or headers are wrong: nothing was applied; `errors` names each row and column. */
  IMPORT_INVALID: 'invalid',
  /** No file in the request. */
  IMPORT_FILE_MISSING: 'invalid',
} as const satisfies ErrorCodes;

export class ImportsError extends errorClass(IMPORTS_ERRORS) {}

export const importUnreadable = (reason: string) => new ImportsError('IMPORT_UNREADABLE', `The file cannot be read: ${reason}`);
export const importFileMissing = () =>
  new ImportsError('IMPORT_FILE_MISSING', 'Send the file as the request body (text/csv or .xlsx) or as the multipart field "file"');

/** A pointer per bad cell: `/rows/{row}/{column}` (spreadsheet row number and column letter). */
export const importInvalid = (errors: RowError[]) =>
  new ImportsError(
    'IMPORT_INVALID',
    `${errors.length} problem(s) in the file; nothing was applied (first: row ${errors[0].row}${errors[0].column ? `, column ${errors[0].column}` : ''} ${errors[0].header ?? ''}: ${errors[0].message})`,
    errors.map((e): FieldError => ({
      pointer: `/rows/${e.row}${e.column ? `/${e.column}` : ''}`,
      detail: `row ${e.row}${e.column ? `, column ${e.column}` : ''}${e.header ? ` (${e.header})` : ''}: ${e.code}: ${e.message}`,
    })),
  );
