import { isValidCorporateNumber } from '@app/shared';
import { parseJapaneseDate } from './dates';
import {
  type ColumnSpec,
  DEFAULT_SCHEME,
  detectLayout,
  foldHeader,
  LAYOUT_COLUMNS,
  LAYOUT_SCHEMES,
  type LayoutKey,
  type RowField,
  SCHEME_WORDS,
  STATUS_WORDS,
} from './layouts';
import { columnLetter, type FileFormat, type Table } from './table';

/** One row of a registration list, normalised (NFKC text, ISO dates, registry status and scheme keys). */
export interface ImportRow {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  scheme: string;
  registrationNumber: string;
  serviceName: string;
  providerName: string;
  corporateNumber: string | null;
  category: string | null;
  registeredOn: string;
  auditPeriodEnd: string | null;
  validUntil: string | null;
  lastConfirmedOn: string | null;
  status: string;
  scope: string[];
  notes: string | null;
}

/** Where a field was found: its column letter and the header written there. */
export interface ColumnRef {
  column: string;
  header: string;
}

/** A problem located to the cell: row number (header = 1), column letter and header, a stable code. */
export interface RowError {
  row: number;
  column: string | null;
  header: string | null;
  code: string;
  message: string;
}

export interface ParsedFile {
  layout: LayoutKey;
  format: FileFormat;
  columns: Partial<Record<RowField, ColumnRef>>;
  rows: ImportRow[];
  errors: RowError[];
  /** Headers the layout does not know (ignored). */
  ignoredColumns: string[];
}

/** Cell text: NFKC (full-width digits, letters and punctuation folded), trimmed, inner whitespace collapsed. */
export const normalizeText = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();

/**
 * Row 1 of a table matched to a layout's fields (`fieldOf` a folded header; undefined: not the
 * layout's): where each field is, the headers ignored, and a DUPLICATE_COLUMN error for a field
 * named twice. Every layout reads its header with it.
 */
export function matchHeaders<F extends string>(
  header: readonly string[],
  fieldOf: (folded: string) => F | undefined,
): { errors: RowError[]; columns: Partial<Record<F, ColumnRef>>; indexOf: Map<F, number>; ignoredColumns: string[] } {
  const errors: RowError[] = [];
  const columns: Partial<Record<F, ColumnRef>> = {};
  const indexOf = new Map<F, number>();
  const ignoredColumns: string[] = [];
  header.forEach((h, i) => {
    const folded = foldHeader(h);
    if (folded === '') return;
    const field = fieldOf(folded);
    if (field === undefined) return ignoredColumns.push(normalizeText(h));
    if (indexOf.has(field)) {
      errors.push({ row: 1, column: columnLetter(i), header: h, code: 'DUPLICATE_COLUMN', message: `${h}: a second column for ${field}` });
      return;
    }
    indexOf.set(field, i);
    columns[field] = { column: columnLetter(i), header: normalizeText(h) };
  });
  return { errors, columns, indexOf, ignoredColumns };
}

/**
 * Reads a table in one of the layouts. The layout is detected from the headers unless given. Every
 * problem is collected (not only the first), each located by row and column.
 */
export function parseRegistrationList(table: Table, layoutHint?: LayoutKey): ParsedFile {
  const [header = [], ...body] = table.rows;
  const layout = layoutHint ?? detectLayout(header);
  const specs = LAYOUT_COLUMNS[layout];
  const { errors, columns, indexOf, ignoredColumns } = matchHeaders(
    header,
    (folded) => specs.find((s) => [...s.ja, ...s.en].some((name) => foldHeader(name) === folded))?.field,
  );
  for (const spec of specs) {
    if (spec.required && !indexOf.has(spec.field)) {
      errors.push({
        row: 1,
        column: null,
        header: spec.ja[0],
        code: 'MISSING_COLUMN',
        message: `the ${layout} layout needs a column ${spec.ja[0]} / ${spec.en[1] ?? spec.en[0]}`,
      });
    }
  }
  if (errors.length > 0) return { layout, format: table.format, columns, rows: [], errors, ignoredColumns };

  const rows: ImportRow[] = [];
  body.forEach((cells, i) => {
    const rowNumber = i + 2;
    if (cells.every((c) => normalizeText(c ?? '') === '')) return; // blank lines are not rows
    const rowErrors: RowError[] = [];
    const values: Partial<Record<RowField, unknown>> = {};
    for (const spec of specs) {
      const index = indexOf.get(spec.field);
      const raw = index === undefined ? '' : normalizeText(cells[index] ?? '');
      const fail = (code: string, message: string) =>
        rowErrors.push({
          row: rowNumber,
          column: index === undefined ? null : columnLetter(index),
          header: columns[spec.field]?.header ?? spec.ja[0],
          code,
          message,
        });
      const value = readCell(spec, raw, layout, fail);
      if (value !== undefined) values[spec.field] = value;
    }
    errors.push(...rowErrors);
    if (rowErrors.length > 0) return;
    rows.push({
      row: rowNumber,
      scheme: (values.scheme as string | undefined) ?? DEFAULT_SCHEME[layout],
      registrationNumber: values.registrationNumber as string,
      serviceName: values.serviceName as string,
      providerName: values.providerName as string,
      corporateNumber: (values.corporateNumber as string | undefined) ?? null,
      category: (values.category as string | undefined) ?? null,
      registeredOn: values.registeredOn as string,
      auditPeriodEnd: (values.auditPeriodEnd as string | undefined) ?? null,
      validUntil: (values.validUntil as string | undefined) ?? null,
      lastConfirmedOn: (values.lastConfirmedOn as string | undefined) ?? null,
      status: (values.status as string | undefined) ?? 'registered',
      scope: (values.scope as string[] | undefined) ?? [],
      notes: (values.notes as string | undefined) ?? null,
    });
  });
  return { layout, format: table.format, columns, rows, errors, ignoredColumns };
}

/** One cell's value, or undefined when empty (an empty required cell is an error). */
function readCell(spec: ColumnSpec, raw: string, layout: LayoutKey, fail: (code: string, message: string) => void): unknown {
  if (raw === '') {
    if (spec.required) fail('REQUIRED', `${spec.ja[0]} is empty`);
    return undefined;
  }
  switch (spec.kind) {
    case 'text':
      if (raw.length > 300 && spec.field !== 'notes') return fail('TOO_LONG', `${spec.ja[0]} is longer than 300 characters`);
      return raw;
    case 'date': {
      const parsed = parseJapaneseDate(raw);
      if (!parsed.ok) return fail('INVALID_DATE', parsed.reason);
      return parsed.value;
    }
    case 'status': {
      const status = STATUS_WORDS[foldHeader(raw)];
      if (!status)
        return fail('INVALID_STATUS', `${raw} is not a status (登録, 更新申請中, 失効, 取消, 取下げ, 停止 or the English words)`);
      return status;
    }
    case 'scheme': {
      const scheme = SCHEME_WORDS[foldHeader(raw)];
      if (!scheme || !LAYOUT_SCHEMES[layout].includes(scheme)) {
        return fail('INVALID_SCHEME', `${raw} is not a scheme of this layout (${LAYOUT_SCHEMES[layout].join(', ')})`);
      }
      return scheme;
    }
    case 'corporate_number': {
      const digits = raw.replace(/[\s-]/g, '');
      if (!/^\d{13}$/.test(digits) || !isValidCorporateNumber(digits)) {
        return fail('INVALID_CORPORATE_NUMBER', `${raw} is not a corporate number (13 digits with a valid check digit)`);
      }
      return digits;
    }
    case 'list':
      return raw
        .split(/[;；、,，\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
  }
}
