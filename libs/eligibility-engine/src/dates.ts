/**
 * Calendar dates as ISO `YYYY-MM-DD` strings.
 *
 * All arithmetic is done on a day number (days since 1970-01-01, proleptic Gregorian, no time
 * zone) computed with integer arithmetic, so nothing here depends on the host clock or zone.
 * For valid ISO dates, string comparison equals chronological comparison.
 */

/** A calendar date `YYYY-MM-DD` (years 0001–9999). */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
/** Asia/Tokyo is UTC+9 all year (Japan has no daylight saving time). */
const TOKYO_OFFSET_MS = 9 * 3_600_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses a strict `YYYY-MM-DD` into [year, month, day], or null. Hand-rolled rather than a regex:
 * it is on the engine's hot path.
 */
function parse(value: string): [number, number, number] | null {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return null;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? [y, m, d] : null;
}

/** Strict check: shape `YYYY-MM-DD` and a day that exists (rejects 2025-02-30, 2025-13-01). */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parse(value) !== null;
}

/** Throws a RangeError naming `what` unless `value` is a valid ISO date. */
export function assertIsoDate(value: unknown, what = 'date'): asserts value is IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`${what} must be an ISO date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

function split(d: IsoDate): [number, number, number] {
  const parts = typeof d === 'string' ? parse(d) : null;
  if (parts === null) throw new RangeError(`date must be an ISO date YYYY-MM-DD, got ${JSON.stringify(d)}`);
  return parts;
}

function format(y: number, m: number, d: number): IsoDate {
  if (y < 1 || y > 9999) throw new RangeError(`date out of range (year ${y})`);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

// Days from civil / civil from days: H. Hinnant's algorithms (exact for the proleptic Gregorian calendar).
function daysFromCivil(year: number, m: number, d: number): number {
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/**
 * Conversions are memoised: a registry holds few distinct dates and bulk decisions convert the
 * same ones tens of thousands of times. Bounded so a stream of odd dates cannot grow it forever.
 */
const MEMO_LIMIT = 50_000;
const dayNumbers = new Map<string, number>();
const isoDates = new Map<number, IsoDate>();

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(d: IsoDate): number {
  const known = dayNumbers.get(d);
  if (known !== undefined) return known;
  const [y, m, day] = split(d);
  return remember(dayNumbers, d, daysFromCivil(y, m, day));
}

export function fromDayNumber(n: number): IsoDate {
  const known = isoDates.get(n);
  if (known !== undefined) return known;
  if (!Number.isInteger(n)) throw new RangeError(`day number must be an integer, got ${n}`);
  const [y, m, d] = civilFromDays(n);
  return remember(isoDates, n, format(y, m, d));
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(d) + n);
}

/** The first and last dates the registry accepts. */
export const MIN_DATE: IsoDate = '0001-01-01';
export const MAX_DATE: IsoDate = '9999-12-31';
const MIN_DAY = daysFromCivil(1, 1, 1);
const MAX_DAY = daysFromCivil(9999, 12, 31);

/**
 * `addDays` held inside 0001-01-01 … 9999-12-31: a result past either end is that end. For
 * validity arithmetic ("valid for N days", "the day after the audit period"), where a date near
 * the end of the calendar must give the last date, never an error.
 */
export function addDaysCapped(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(Math.min(MAX_DAY, Math.max(MIN_DAY, toDayNumber(d) + n)));
}

/** `b − a` in days (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** −1, 0 or 1. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  split(a);
  split(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Earliest of the non-null dates, or null when none is given. */
export function minDate(...dates: ReadonlyArray<IsoDate | null | undefined>): IsoDate | null {
  let best: IsoDate | null = null;
  for (const d of dates) if (d != null && (best === null || d < best)) best = d;
  return best;
}

/** Latest of the non-null dates, or null when none is given. */
export function maxDate(...dates: ReadonlyArray<IsoDate | null | undefined>): IsoDate | null {
  let best: IsoDate | null = null;
  for (const d of dates) if (d != null && (best === null || d > best)) best = d;
  return best;
}

export function lastDayOfMonth(d: IsoDate): IsoDate {
  const [y, m] = split(d);
  return format(y, m, daysInMonth(y, m));
}

/**
 * The same day of the month `months` later (may be negative); where the target month is
 * shorter, the last day of that month (2025-01-31 + 1 month = 2025-02-28).
 */
export function addMonthsClamped(d: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const [y, m, day] = split(d);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return format(ty, tm, Math.min(day, daysInMonth(ty, tm)));
}

/**
 * Last day of a period of `months` months whose first day is `start`, counted as the Civil
 * Code counts periods (民法 art. 143(2)):
 *
 * - the period ends on the day BEFORE the day corresponding to `start` in the month `months`
 *   later (start 2025-04-01, 16 months → corresponding day 2026-08-01 → ends 2026-07-31);
 * - if that month has no corresponding day, the period ends on the LAST day of that month —
 *   not the day before it (start 2025-10-31, 16 months → 2027-02-31 does not exist → ends
 *   2027-02-28; start 2026-10-30 → 2028-02-30 does not exist → ends 2028-02-29, a leap year).
 *
 * Note the asymmetry at month ends: start 2026-10-29 → 2028-02-29 exists → ends 2028-02-28,
 * while start 2026-10-30 and 2026-10-31 both end 2028-02-29.
 * `start` itself is the first day (the caller decides whether the initial day counts, art. 140).
 * A period that would end after 9999-12-31 is capped at 9999-12-31.
 */
export function civilPeriodLastDay(start: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be a positive integer, got ${months}`);
  const [y, m, day] = split(start);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  if (ty > 9999) return MAX_DATE; // a period running past the calendar ends on its last day
  const dim = daysInMonth(ty, tm);
  if (day > dim) return format(ty, tm, dim);
  return addDays(format(ty, tm, day), -1);
}

/**
 * Today's date in Asia/Tokyo for the instant `now` (the caller owns the clock).
 * Accepts a Date or anything with `getTime()`.
 */
export function todayInTokyo(now: Pick<Date, 'getTime'>): IsoDate {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('todayInTokyo: invalid instant');
  return fromDayNumber(Math.floor((ms + TOKYO_OFFSET_MS) / MS_PER_DAY));
}
