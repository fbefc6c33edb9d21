import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  addMonthsClamped,
  civilPeriodLastDay,
  compareDates,
  daysBetween,
  fromDayNumber,
  isIsoDate,
  lastDayOfMonth,
  maxDate,
  minDate,
  toDayNumber,
  todayInTokyo,
} from './dates';

describe('isIsoDate', () => {
  it.each(['2025-02-28', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31', '2025-04-30', '2025-12-31'])('accepts %s', (s) => {
    expect(isIsoDate(s)).toBe(true);
  });
  it.each([
    '2025-02-29',
    '1900-02-29',
    '2025-02-30',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '0000-01-01',
    '2025-1-01',
    '25-01-01',
    '2025-01-01T00:00:00Z',
    ' 2025-01-01',
    '2025/01/01',
    '',
    20250101,
    null,
    undefined,
  ])('rejects %p', (s) => {
    expect(isIsoDate(s)).toBe(false);
  });
});

describe('addDays / daysBetween', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-01'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-01-01', 365, '2026-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2025-06-15', 0, '2025-06-15'],
    ['1970-01-01', -1, '1969-12-31'],
  ])('%s %+d → %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
    expect(daysBetween(d, expected)).toBe(n);
  });

  it('agrees with Date.UTC on every day 1899–2101 (round trip, day numbers)', () => {
    const mismatches: string[] = [];
    let d = '1899-12-25';
    let n = toDayNumber(d);
    while (d < '2101-01-05') {
      const [y, m, day] = d.split('-').map(Number) as [number, number, number];
      if (n * 86_400_000 !== Date.UTC(y, m - 1, day) || fromDayNumber(n) !== d) mismatches.push(d);
      const next = addDays(d, 1);
      if (!isIsoDate(next) || next <= d) mismatches.push(`${d} → ${next}`);
      d = next;
      n += 1;
    }
    expect(mismatches).toEqual([]);
    expect(n - toDayNumber('1899-12-25')).toBe(daysBetween('1899-12-25', '2101-01-05'));
  });

  it.each([['2025-02-30'], ['2025-13-01'], ['x']])('throws on invalid input %s', (bad) => {
    expect(() => addDays(bad, 1)).toThrow(RangeError);
    expect(() => daysBetween(bad, '2025-01-01')).toThrow(RangeError);
  });
});

describe('compareDates / minDate / maxDate / lastDayOfMonth', () => {
  it.each([
    ['2025-01-01', '2025-01-02', -1],
    ['2025-01-02', '2025-01-01', 1],
    ['2025-01-01', '2025-01-01', 0],
    ['2024-12-31', '2025-01-01', -1],
  ])('compare(%s, %s) = %d', (a, b, r) => {
    expect(compareDates(a, b)).toBe(r);
  });
  it('minDate/maxDate ignore nulls', () => {
    expect(minDate('2025-03-01', null, '2025-02-01', undefined)).toBe('2025-02-01');
    expect(maxDate('2025-03-01', null, '2025-02-01')).toBe('2025-03-01');
    expect(minDate(null, null)).toBeNull();
    expect(maxDate()).toBeNull();
  });
  it.each([
    ['2025-02-10', '2025-02-28'],
    ['2024-02-10', '2024-02-29'],
    ['2025-04-01', '2025-04-30'],
    ['2025-12-31', '2025-12-31'],
  ])('lastDayOfMonth(%s) = %s', (d, e) => {
    expect(lastDayOfMonth(d)).toBe(e);
  });
});

describe('addMonthsClamped', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-01-15', 12, '2026-01-15'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2025-05-31', 0, '2025-05-31'],
  ])('%s %+d months → %s', (d, n, e) => {
    expect(addMonthsClamped(d, n)).toBe(e);
  });
});

describe('civilPeriodLastDay (民法 art. 143)', () => {
  it.each([
    // start, months, last day
    ['2025-04-01', 16, '2026-07-31'], // corresponding day exists → the day before it
    ['2025-07-01', 16, '2026-10-31'],
    ['2025-10-31', 16, '2027-02-28'], // 2027-02-31 does not exist → last day of February
    ['2026-10-29', 16, '2028-02-28'], // 2028-02-29 exists (leap year) → the day before
    ['2026-10-30', 16, '2028-02-29'], // 2028-02-30 does not exist → last day of February 2028
    ['2026-10-31', 16, '2028-02-29'],
    ['2025-03-31', 16, '2026-07-30'], // 2026-07-31 exists → 07-30
    ['2025-01-31', 1, '2025-02-28'], // 2025-02-31 does not exist
    ['2024-01-30', 1, '2024-02-29'],
    ['2024-01-29', 1, '2024-02-28'],
    ['2024-04-01', 24, '2026-03-31'],
    ['2024-02-29', 24, '2026-02-28'], // no 2026-02-29 → last day of February
    ['2023-03-01', 12, '2024-02-29'],
    ['2025-12-31', 2, '2026-02-28'],
  ])('period from %s of %d months ends %s', (start, months, e) => {
    expect(civilPeriodLastDay(start, months)).toBe(e);
  });
  it('rejects a non-positive month count', () => {
    expect(() => civilPeriodLastDay('2025-01-01', 0)).toThrow(RangeError);
  });
});

describe('todayInTokyo (UTC+9, no DST)', () => {
  const at = (ms: number) => ({ getTime: () => ms });
  it.each([
    [Date.UTC(2025, 2, 31, 14, 59, 59, 999), '2025-03-31'],
    [Date.UTC(2025, 2, 31, 15, 0, 0, 0), '2025-04-01'],
    [Date.UTC(2024, 11, 31, 15, 0, 0, 0), '2025-01-01'],
    [Date.UTC(2024, 1, 28, 15, 0, 0, 0), '2024-02-29'],
    [Date.UTC(2025, 6, 1, 0, 0, 0, 0), '2025-07-01'],
    [Date.UTC(1969, 11, 31, 20, 0, 0, 0), '1970-01-01'],
  ])('%d → %s', (ms, e) => {
    expect(todayInTokyo(at(ms))).toBe(e);
  });
  it('rejects an invalid instant', () => {
    expect(() => todayInTokyo(at(Number.NaN))).toThrow(RangeError);
  });
});
