import { describe, expect, it } from '@jest/globals';
import { parseJapaneseDate } from './dates';

describe('parseJapaneseDate', () => {
  it.each([
    ['2025-03-31', '2025-03-31'],
    ['2025/3/31', '2025-03-31'],
    ['2025.3.31', '2025-03-31'],
    ['2025年3月31日', '2025-03-31'],
    ['２０２５／０３／３１', '2025-03-31'],
    ['令和7年3月31日', '2025-03-31'],
    ['令和７年３月３１日', '2025-03-31'],
    ['R7.3.31', '2025-03-31'],
    ['r07/03/31', '2025-03-31'],
    ['Ｒ７．３．３１', '2025-03-31'],
    ['令和元年5月1日', '2019-05-01'],
    ['R1.5.1', '2019-05-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['H31.4.30', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和64年1月7日', '1989-01-07'],
    ['S64.1.7', '1989-01-07'],
    ['大正15年12月24日', '1926-12-24'],
    ['昭和元年12月25日', '1926-12-25'],
    ['明治45年7月29日', '1912-07-29'],
    ['令和6年2月29日', '2024-02-29'],
    [' 2024-02-29 ', '2024-02-29'],
    ['0001-01-01', '0001-01-01'],
    ['9999-12-31', '9999-12-31'],
  ])('%s → %s', (text, iso) => {
    expect(parseJapaneseDate(text)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['平成31年5月1日', 'outside the 平成 era'],
    ['H31.5.1', 'outside the 平成 era'],
    ['令和元年4月30日', 'outside the 令和 era'],
    ['平成元年1月7日', 'outside the 平成 era'],
    ['昭和64年1月8日', 'outside the 昭和 era'],
    ['令和0年1月1日', 'era years start at 1'],
    ['令和5年2月29日', 'not a calendar date'],
    ['2025-02-29', 'not a calendar date'],
    ['2025-13-01', 'not a calendar date'],
    ['0000-01-01', 'not a calendar date'],
    ['2025-3', 'is not a date'],
    ['X7.3.31', 'is not a date'],
    ['昨日', 'is not a date'],
  ])('%s is refused (%s)', (text, reason) => {
    const parsed = parseJapaneseDate(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });
});
