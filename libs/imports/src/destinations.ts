/**
 * The destinations-per-service layout (`destinations`, docs/IMPORT.md): one row per destination of
 * an existing service. Pure: reads a table into normalised rows, each destination checked by the
 * endpoints API's own check (`checkEndpointInput` of @app/catalog), every problem located by row
 * and column.
 */
import { isIP } from 'node:net';
import { checkEndpointInput } from '@app/catalog';
import { isValidCorporateNumber } from '@app/shared';
import { parseJapaneseDate } from './dates';
import { foldHeader } from './layouts';
import { type ColumnRef, matchHeaders, normalizeText, type RowError } from './parse';
import { type FileFormat, type Table } from './table';

export const DESTINATIONS_LAYOUT = 'destinations' as const;

export type DestinationField =
  'providerName' | 'corporateNumber' | 'serviceName' | 'serviceId' | 'kind' | 'destination' | 'ports' | 'effectiveOn' | 'endedOn' | 'notes';

export interface DestinationColumnSpec {
  field: DestinationField;
  /** Header names; the first Japanese one is what exports write. */
  ja: string[];
  en: string[];
}

const col = (field: DestinationField, ja: string[], en: string[]): DestinationColumnSpec => ({ field, ja, en });

/** The columns, in the order an export writes them. */
export const DESTINATION_COLUMNS: DestinationColumnSpec[] = [
  col('providerName', ['事業者名', '申請者名', 'クラウドサービス事業者名', '事業者の名称'], ['providerName', 'provider name', 'provider']),
  col('corporateNumber', ['法人番号'], ['corporateNumber', 'corporate number']),
  col('serviceName', ['サービス名称', 'サービス名', 'クラウドサービス名称', 'サービスの名称'], ['serviceName', 'service name', 'service']),
  col('serviceId', ['サービスID'], ['serviceId', 'service id']),
  col('kind', ['種別', '宛先種別'], ['kind', 'type']),
  col('destination', ['宛先', '接続先', '通信先'], ['destination', 'value', 'endpoint']),
  col('ports', ['ポート', 'ポート番号'], ['ports', 'port']),
  col('effectiveOn', ['開始日', '適用開始日'], ['effectiveOn', 'effective on', 'start']),
  col('endedOn', ['終了日', '適用終了日'], ['endedOn', 'ended on', 'end']),
  col('notes', ['備考', '用途'], ['notes', 'remarks', 'purpose']),
];

const headerNames = (spec: DestinationColumnSpec) => [...spec.ja, ...spec.en].map(foldHeader);
const specOf = (field: DestinationField) => DESTINATION_COLUMNS.find((c) => c.field === field)!;

/** A destinations file has a 宛先 / destination column (no registration layout has one). */
export function isDestinationsHeader(headers: string[]): boolean {
  const names = headerNames(specOf('destination'));
  return headers.some((h) => names.includes(foldHeader(h)));
}

/** Words for the kind (folded like headers): the registry's keys, and what a Japanese sheet may write. */
export const KIND_WORDS: Record<string, 'fqdn' | 'cidr'> = {
  fqdn: 'fqdn',
  ドメイン: 'fqdn',
  ドメイン名: 'fqdn',
  ホスト名: 'fqdn',
  hostname: 'fqdn',
  domain: 'fqdn',
  cidr: 'cidr',
  ip: 'cidr',
  ipアドレス: 'cidr',
  ipアドレス帯: 'cidr',
  アドレス: 'cidr',
  アドレス帯: 'cidr',
  address: 'cidr',
};

/** With no kind written: an address or address block (`203.0.113.0/24`, `2001:db8::/32`) is a CIDR, anything else an FQDN. */
export const inferKind = (value: string): 'fqdn' | 'cidr' => (isIP(value.split('/')[0]) !== 0 ? 'cidr' : 'fqdn');

/** One row of a destinations list, normalised (canonical destination, sorted ports, ISO dates). */
export interface DestinationRow {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  serviceId: string | null;
  providerName: string | null;
  corporateNumber: string | null;
  serviceName: string | null;
  kind: 'fqdn' | 'cidr';
  value: string;
  ports: number[];
  /** First day of a new declaration (null: the import's effectiveOn); not compared for a declared one. */
  effectiveOn: string | null;
  /** First day it is no longer declared; null = open. */
  endedOn: string | null;
  /** Kept as the purpose of a new declaration; not compared. */
  notes: string | null;
}

export interface ParsedDestinations {
  layout: typeof DESTINATIONS_LAYOUT;
  format: FileFormat;
  columns: Partial<Record<DestinationField, ColumnRef>>;
  rows: DestinationRow[];
  errors: RowError[];
  ignoredColumns: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The endpoint DTO's fields → the column that carries them. */
const DTO_FIELD: Record<string, DestinationField> = {
  kind: 'kind',
  value: 'destination',
  ports: 'ports',
  purpose: 'notes',
  effectiveOn: 'effectiveOn',
};
const DTO_CODE: Record<string, string> = {
  kind: 'INVALID_KIND',
  value: 'INVALID_ENDPOINT',
  ports: 'INVALID_PORT',
  purpose: 'TOO_LONG',
  effectiveOn: 'INVALID_DATE',
};

/** Reads a destinations table. Every problem is collected, each located by row and column. */
export function parseDestinationList(table: Table): ParsedDestinations {
  const [header = [], ...body] = table.rows;
  const { errors, columns, indexOf, ignoredColumns } = matchHeaders(
    header,
    (folded) => DESTINATION_COLUMNS.find((s) => headerNames(s).includes(folded))?.field,
  );
  // the service is named by its id, or by provider and service name
  const required: DestinationField[] = indexOf.has('serviceId') ? ['destination'] : ['providerName', 'serviceName', 'destination'];
  for (const field of required) {
    if (!indexOf.has(field)) {
      const spec = specOf(field);
      errors.push({
        row: 1,
        column: null,
        header: spec.ja[0],
        code: 'MISSING_COLUMN',
        message: `the destinations layout needs a column ${spec.ja[0]} / ${spec.en[0]}${field === 'destination' ? '' : ' (or サービスID / serviceId)'}`,
      });
    }
  }
  const base = { layout: DESTINATIONS_LAYOUT, format: table.format, columns, ignoredColumns };
  if (errors.length > 0) return { ...base, rows: [], errors };

  const rows: DestinationRow[] = [];
  body.forEach((cells, i) => {
    const rowNumber = i + 2;
    if (cells.every((c) => normalizeText(c ?? '') === '')) return; // blank lines are not rows
    const rowErrors: RowError[] = [];
    const cell = (field: DestinationField) => {
      const index = indexOf.get(field);
      return index === undefined ? '' : normalizeText(cells[index] ?? '');
    };
    const fail = (field: DestinationField, code: string, message: string) =>
      rowErrors.push({
        row: rowNumber,
        column: columns[field]?.column ?? null,
        header: columns[field]?.header ?? specOf(field).ja[0],
        code,
        message,
      });
    const date = (field: DestinationField): string | null => {
      const raw = cell(field);
      if (raw === '') return null;
      const parsed = parseJapaneseDate(raw);
      if (parsed.ok) return parsed.value;
      fail(field, 'INVALID_DATE', parsed.reason);
      return null;
    };

    let serviceId: string | null = cell('serviceId') || null;
    if (serviceId !== null && !UUID.test(serviceId)) {
      fail('serviceId', 'INVALID_SERVICE_ID', `${serviceId} is not a service id (a UUID)`);
      serviceId = null;
    }
    const providerName = cell('providerName') || null;
    const serviceName = cell('serviceName') || null;
    if (serviceId === null && rowErrors.length === 0) {
      if (providerName === null) fail('providerName', 'REQUIRED', `${specOf('providerName').ja[0]} is empty (and there is no service id)`);
      if (serviceName === null) fail('serviceName', 'REQUIRED', `${specOf('serviceName').ja[0]} is empty (and there is no service id)`);
    }
    let corporateNumber: string | null = cell('corporateNumber').replace(/[\s-]/g, '') || null;
    if (corporateNumber !== null && (!/^\d{13}$/.test(corporateNumber) || !isValidCorporateNumber(corporateNumber))) {
      fail(
        'corporateNumber',
        'INVALID_CORPORATE_NUMBER',
        `${cell('corporateNumber')} is not a corporate number (13 digits with a valid check digit)`,
      );
      corporateNumber = null;
    }
    const value = cell('destination');
    if (value === '') fail('destination', 'REQUIRED', `${specOf('destination').ja[0]} is empty`);
    const kindText = cell('kind');
    const kind = kindText === '' ? inferKind(value) : KIND_WORDS[foldHeader(kindText)];
    if (kind === undefined) fail('kind', 'INVALID_KIND', `${kindText} is not a kind (fqdn / ドメイン or cidr / IPアドレス)`);
    const portTokens = cell('ports')
      .split(/[;、,\s]+/)
      .filter((p) => p !== '');
    const badPort = portTokens.find((p) => !/^\d{1,9}$/.test(p));
    if (badPort !== undefined) fail('ports', 'INVALID_PORT', `${badPort} is not a port number (write 443;8443)`);
    const effectiveOn = date('effectiveOn');
    const endedOn = date('endedOn');
    if (effectiveOn !== null && endedOn !== null && endedOn < effectiveOn) {
      fail('endedOn', 'END_BEFORE_START', `a destination cannot end (${endedOn}) before it takes effect (${effectiveOn})`);
    }
    const notes = cell('notes') || null;
    // exactly what POST /v1/services/{id}/endpoints accepts (run besides the other cells' checks, so a row lists every problem)
    const checked =
      value === '' || kind === undefined
        ? null
        : checkEndpointInput({
            kind,
            value,
            ports: badPort === undefined ? portTokens.map(Number) : [],
            ...(notes === null ? {} : { purpose: notes }),
            ...(effectiveOn === null ? {} : { effectiveOn }),
          });
    if (checked && !checked.ok) {
      for (const p of checked.problems) {
        const field = DTO_FIELD[p.field] ?? 'destination';
        fail(kindText === '' && field === 'kind' ? 'destination' : field, DTO_CODE[p.field] ?? 'INVALID_ENDPOINT', p.message);
      }
    }
    if (rowErrors.length === 0 && checked?.ok) {
      rows.push({
        row: rowNumber,
        serviceId,
        providerName,
        corporateNumber,
        serviceName,
        kind: checked.endpoint.kind,
        value: checked.endpoint.value,
        ports: checked.endpoint.ports,
        effectiveOn,
        endedOn,
        notes,
      });
    }
    errors.push(...rowErrors);
  });
  return { ...base, rows, errors };
}

/** A row as an export writes it (every column of the layout). */
export interface DestinationExportRow {
  providerName: string;
  corporateNumber: string | null;
  serviceName: string;
  serviceId: string;
  kind: 'fqdn' | 'cidr';
  value: string;
  ports: number[];
  effectiveOn: string;
  endedOn: string | null;
  notes: string | null;
}

/** The cells of a destinations file, with the Japanese headers (what the import reads back unchanged). */
export function destinationGrid(rows: DestinationExportRow[]): string[][] {
  const header = DESTINATION_COLUMNS.map((c) => c.ja[0]);
  const body = rows.map((r) =>
    DESTINATION_COLUMNS.map((c) => {
      if (c.field === 'destination') return r.value;
      if (c.field === 'ports') return r.ports.join(';');
      return r[c.field] ?? '';
    }),
  );
  return [header, ...body];
}
