import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importLocalGov, LocalGovImportError } from './localgov-import';

const dir = join(process.cwd(), 'data/localgov');
const prefCsv = readFileSync(join(dir, 'prefjp-utf8.csv'), 'utf8');
const cityCsv = readFileSync(join(dir, 'localgovjp-utf8.csv'), 'utf8');

describe('importLocalGov on the shipped open data', () => {
  const rows = importLocalGov(prefCsv, cityCsv);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length;

  it('loads 47 prefectures, 1,741 municipalities and 175 wards', () => {
    expect(count((r) => r.kind === 'prefecture')).toBe(47);
    expect(count((r) => r.kind !== 'prefecture' && r.kind !== 'ward')).toBe(1741);
    expect(count((r) => r.kind === 'ward')).toBe(175);
  });

  it('restores the leading zero of prefecture codes', () => {
    expect(byCode.get('010006')).toMatchObject({ name: '北海道', kind: 'prefecture', nameEn: 'Hokkaido' });
  });

  it('links designated-city wards to their city', () => {
    expect(byCode.get('011002')).toMatchObject({ name: '札幌市', kind: 'designated_city', prefectureCode: '010006' });
    expect(byCode.get('011011')).toMatchObject({ name: '札幌市中央区', kind: 'ward', parentCode: '011002' });
    expect(count((r) => r.kind === 'designated_city')).toBe(20);
  });

  it('tells Tokyo special wards, towns and villages apart', () => {
    expect(byCode.get('131016')).toMatchObject({ name: '千代田区', kind: 'special_ward' });
    expect(count((r) => r.kind === 'special_ward')).toBe(23);
    expect(count((r) => r.kind === 'village')).toBeGreaterThan(100);
  });

  it('rejects a file with a bad check digit, naming the line', () => {
    const broken = cityCsv.replace(',011002\n', ',011003\n');
    expect(() => importLocalGov(prefCsv, broken)).toThrow(LocalGovImportError);
    expect(() => importLocalGov(prefCsv, broken)).toThrow(/line 2: code "011003"/);
  });
});
