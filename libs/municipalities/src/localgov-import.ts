import { parse } from 'csv-parse/sync';
import { isValidLocalGovCode, normalizeLocalGovCode, searchText } from '@app/shared';
import type { LocalGovKind } from './entities/municipality.entity';

export interface LocalGovRow {
  code: string;
  kind: LocalGovKind;
  name: string;
  nameKana: string;
  nameEn: string | null;
  prefectureCode: string;
  parentCode: string | null;
  url: string | null;
  searchText: string;
}

export class LocalGovImportError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `local government data rejected:\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''}`,
    );
  }
}

const read = (csv: string): Record<string, string>[] =>
  parse<Record<string, string>>(csv, { columns: true, bom: true, skip_empty_lines: true, trim: true });

/**
 * Validates and normalises the open localgovjp files (see data/localgov/README.md): 6-digit codes
 * with verified check digits, 47 prefectures, designated-city wards linked to their city, kinds
 * derived from names. Any problem rejects the whole data set.
 */
export function importLocalGov(prefCsv: string, cityCsv: string): LocalGovRow[] {
  const problems: string[] = [];
  const rows: LocalGovRow[] = [];
  const codeOf = (raw: string | undefined, where: string): string | null => {
    const code = normalizeLocalGovCode(raw ?? '');
    if (!isValidLocalGovCode(code)) {
      problems.push(`${where}: code ${JSON.stringify(raw)} is not a valid local government code`);
      return null;
    }
    return code;
  };

  const prefectureByName = new Map<string, string>();
  read(prefCsv).forEach((p, i) => {
    const code = codeOf(p.lgcode, `prefjp line ${i + 2}`);
    if (!code) return;
    if (!code.endsWith('0001') && code.slice(2, 5) !== '000') problems.push(`prefjp line ${i + 2}: ${code} is not a prefecture code`);
    prefectureByName.set(p.pref, code);
    rows.push({
      code,
      kind: 'prefecture',
      name: p.pref,
      nameKana: p.prefkana,
      nameEn: p.pref_en || null,
      prefectureCode: code,
      parentCode: null,
      url: p.url || null,
      searchText: searchText(p.pref, p.prefkana, p.pref_en),
    });
  });
  if (prefectureByName.size !== 47) problems.push(`expected 47 prefectures, found ${prefectureByName.size}`);

  const cities = read(cityCsv);
  const cityCodeByName = new Map<string, string>();
  const wards: { row: LocalGovRow; cityName: string; line: number }[] = [];
  cities.forEach((c, i) => {
    const where = `localgovjp line ${i + 2}`;
    const code = codeOf(c.lgcode, where);
    const prefectureCode = prefectureByName.get(c.pref);
    if (!prefectureCode) problems.push(`${where}: unknown prefecture ${c.pref}`);
    if (!code || !prefectureCode) return;
    if (code.slice(0, 2) !== prefectureCode.slice(0, 2)) problems.push(`${where}: ${code} is not in ${c.pref}`);
    const [cityName, wardName] = c.city.split(/\s+/);
    const row: LocalGovRow = {
      code,
      kind: wardName ? 'ward' : kindOf(cityName, prefectureCode),
      name: wardName ? `${cityName}${wardName}` : cityName,
      nameKana: c.citykana.replace(/\s+/g, ''),
      nameEn: null,
      prefectureCode,
      parentCode: null,
      url: c.url || null,
      searchText: searchText(c.city.replace(/\s+/g, ''), c.citykana.replace(/\s+/g, ''), c.pref),
    };
    if (wardName) wards.push({ row, cityName: `${c.pref}/${cityName}`, line: i + 2 });
    else cityCodeByName.set(`${c.pref}/${cityName}`, code);
    rows.push(row);
  });
  for (const { row, cityName, line } of wards) {
    const parent = cityCodeByName.get(cityName);
    if (!parent) problems.push(`localgovjp line ${line}: ward ${row.name} has no city ${cityName}`);
    row.parentCode = parent ?? null;
  }
  const designated = new Set(wards.map((w) => w.row.parentCode));
  for (const row of rows) if (designated.has(row.code)) row.kind = 'designated_city';

  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.code)) problems.push(`duplicate code ${row.code}`);
    seen.add(row.code);
  }
  if (problems.length > 0) throw new LocalGovImportError(problems);
  return rows.sort((a, b) => a.code.localeCompare(b.code));
}

function kindOf(name: string, prefectureCode: string): LocalGovKind {
  if (name.endsWith('市')) return 'city';
  if (name.endsWith('区') && prefectureCode === '130001') return 'special_ward';
  if (name.endsWith('町')) return 'town';
  if (name.endsWith('村')) return 'village';
  return 'city';
}
