/**
 * Dates as the official lists and Japanese spreadsheets write them, normalised to ISO `YYYY-MM-DD`.
 * Pure: no clock, no locale. Full-width digits and punctuation are folded first (NFKC).
 *
 * Accepted: `2025-03-31`, `2025/3/31`, `2025.3.31`, `2025年3月31日`, and era dates `令和7年3月31日`,
 * `令和元年5月1日`, `R7.3.31`, `R07/03/31`, `H31.4.30`, `平成31年4月30日` (明治 M, 大正 T, 昭和 S, 平成 H,
 * 令和 R). An era date outside its era (平成31年5月1日, 令和元年4月30日) is refused, not shifted.
 */

interface Era {
  names: string[];
  /** First day of the era (ISO). */
  start: string;
  /** Last day of the era (ISO); null for the current one. */
  end: string | null;
}

const ERAS: Era[] = [
  { names: ['明治', 'M'], start: '1868-10-23', end: '1912-07-29' },
  { names: ['大正', 'T'], start: '1912-07-30', end: '1926-12-24' },
  { names: ['昭和', 'S'], start: '1926-12-25', end: '1989-01-07' },
  { names: ['平成', 'H'], start: '1989-01-08', end: '2019-04-30' },
  { names: ['令和', 'R'], start: '2019-05-01', end: null },
];

export type DateParse = { ok: true; value: string } | { ok: false; reason: string };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A real calendar day (proleptic Gregorian, years 1..9999)? */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

const iso = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

const GREGORIAN = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/;
const ERA_DATE = /^(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/i;

/** Parses one date cell; empty text is not a date (callers decide whether the column is optional). */
export function parseJapaneseDate(text: string): DateParse {
  const s = text.normalize('NFKC').trim();
  const g = GREGORIAN.exec(s);
  if (g) {
    const [y, m, d] = [Number(g[1]), Number(g[2]), Number(g[3])];
    return isCalendarDate(y, m, d) ? { ok: true, value: iso(y, m, d) } : { ok: false, reason: `${text} is not a calendar date` };
  }
  const e = ERA_DATE.exec(s);
  if (e) {
    const era = ERAS.find((x) => x.names.includes(e[1].length === 1 ? e[1].toUpperCase() : e[1]))!;
    const year = e[2] === '元' ? 1 : Number(e[2]);
    if (year < 1) return { ok: false, reason: `${text}: era years start at 1 (元年)` };
    const [y, m, d] = [Number(era.start.slice(0, 4)) + year - 1, Number(e[3]), Number(e[4])];
    if (!isCalendarDate(y, m, d)) return { ok: false, reason: `${text} is not a calendar date` };
    const value = iso(y, m, d);
    if (value < era.start || (era.end !== null && value > era.end)) {
      return { ok: false, reason: `${text} lies outside the ${era.names[0]} era (${era.start} … ${era.end ?? 'today'})` };
    }
    return { ok: true, value };
  }
  return { ok: false, reason: `${text} is not a date (use 2025-03-31, 2025/3/31, 令和7年3月31日 or R7.3.31)` };
}

/** A date cell from a spreadsheet (exceljs gives a Date at UTC midnight for date-formatted cells). */
export function dateFromSpreadsheet(value: Date): string {
  return iso(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
}
