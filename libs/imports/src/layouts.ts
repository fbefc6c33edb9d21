/**
 * The import layouts (documented in docs/IMPORT.md, version 1). A layout is a list of columns, each
 * recognised by its Japanese or English header names (compared after NFKC, case and space folding).
 * Column order does not matter; unknown columns are ignored (reported as warnings).
 */
export const LAYOUT_VERSION = 1;

export const LAYOUTS = ['ismap', 'lgwan_asp'] as const;
export type LayoutKey = (typeof LAYOUTS)[number];

/** Every layout an import reads: the registration layouts here, and `destinations` (destinations.ts). */
export const IMPORT_LAYOUTS = [...LAYOUTS, 'destinations'] as const;
export type ImportLayoutKey = (typeof IMPORT_LAYOUTS)[number];

export type ColumnKind = 'text' | 'date' | 'status' | 'scheme' | 'corporate_number' | 'list';

export interface ColumnSpec {
  field: RowField;
  kind: ColumnKind;
  required: boolean;
  /** Header names, the first Japanese one and the first English one are what exports write. */
  ja: string[];
  en: string[];
}

export type RowField =
  | 'scheme'
  | 'registrationNumber'
  | 'serviceName'
  | 'providerName'
  | 'corporateNumber'
  | 'category'
  | 'registeredOn'
  | 'auditPeriodEnd'
  | 'validUntil'
  | 'lastConfirmedOn'
  | 'status'
  | 'scope'
  | 'notes';

const col = (field: RowField, kind: ColumnKind, required: boolean, ja: string[], en: string[]): ColumnSpec => ({
  field,
  kind,
  required,
  ja,
  en,
});

const COMMON_HEAD = [
  col('registrationNumber', 'text', true, ['登録番号'], ['registrationNumber', 'registration number', 'registration no']),
  col(
    'serviceName',
    'text',
    true,
    ['サービス名称', 'サービス名', 'クラウドサービス名称', 'サービスの名称'],
    ['serviceName', 'service name', 'service'],
  ),
  col(
    'providerName',
    'text',
    true,
    ['事業者名', '申請者名', 'クラウドサービス事業者名', '事業者の名称'],
    ['providerName', 'provider name', 'provider'],
  ),
  col('corporateNumber', 'corporate_number', false, ['法人番号'], ['corporateNumber', 'corporate number']),
];

export const LAYOUT_COLUMNS: Record<LayoutKey, ColumnSpec[]> = {
  ismap: [
    col('scheme', 'scheme', false, ['制度'], ['scheme']),
    ...COMMON_HEAD,
    col('registeredOn', 'date', true, ['登録日', '登録年月日'], ['registeredOn', 'registration date', 'registered on']),
    col(
      'auditPeriodEnd',
      'date',
      false,
      ['監査対象期間末日', '外部監査の対象期間末日', '監査対象期間の末日'],
      ['auditPeriodEnd', 'audit period end'],
    ),
    col('validUntil', 'date', false, ['有効期限', '登録の有効期限'], ['validUntil', 'valid until']),
    col('status', 'status', false, ['状態', 'ステータス', '登録状況'], ['status']),
    col('scope', 'list', false, ['対象範囲', '対象サービス', '登録の範囲'], ['scope', 'covered services']),
    col('category', 'text', false, ['分類', 'カテゴリ', 'サービス分類'], ['category']),
    col('notes', 'text', false, ['備考'], ['notes', 'remarks']),
  ],
  lgwan_asp: [
    ...COMMON_HEAD,
    col('category', 'text', true, ['分類', 'カテゴリ', 'サービス分類'], ['category']),
    col('registeredOn', 'date', true, ['登録日', '登録年月日'], ['registeredOn', 'registration date', 'registered on']),
    col('lastConfirmedOn', 'date', true, ['最終確認日', '確認日'], ['lastConfirmedOn', 'last confirmed', 'last confirmed on']),
    col('status', 'status', false, ['状態', 'ステータス', '登録状況'], ['status']),
    col('notes', 'text', false, ['備考'], ['notes', 'remarks']),
  ],
};

/** Headers compare after NFKC, lower-casing and dropping spaces, underscores and hyphens. */
export const foldHeader = (h: string) =>
  h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-・]/g, '');

/** The layout whose headers the file uses: `lastConfirmedOn` marks LGWAN-ASP, otherwise ISMAP. */
export function detectLayout(headers: string[]): LayoutKey {
  const folded = new Set(headers.map(foldHeader));
  const lgwanOnly = LAYOUT_COLUMNS.lgwan_asp.find((c) => c.field === 'lastConfirmedOn')!;
  return [...lgwanOnly.ja, ...lgwanOnly.en].some((h) => folded.has(foldHeader(h))) ? 'lgwan_asp' : 'ismap';
}

/** The scheme a row of a layout belongs to when it has no scheme column (or the cell is empty). */
export const DEFAULT_SCHEME: Record<LayoutKey, string> = { ismap: 'ISMAP', lgwan_asp: 'LGWAN_ASP' };

/** Schemes each layout may carry. */
export const LAYOUT_SCHEMES: Record<LayoutKey, string[]> = { ismap: ['ISMAP', 'ISMAP_LIU'], lgwan_asp: ['LGWAN_ASP'] };

/** Status words of the official lists (ja/en) → registry statuses. */
export const STATUS_WORDS: Record<string, string> = {
  登録: 'registered',
  登録済: 'registered',
  登録済み: 'registered',
  有効: 'registered',
  registered: 'registered',
  更新申請中: 'renewal_pending',
  更新中: 'renewal_pending',
  renewalpending: 'renewal_pending',
  失効: 'expired',
  期限切れ: 'expired',
  expired: 'expired',
  取消: 'revoked',
  取消し: 'revoked',
  登録取消: 'revoked',
  revoked: 'revoked',
  取下げ: 'withdrawn',
  取り下げ: 'withdrawn',
  取下: 'withdrawn',
  withdrawn: 'withdrawn',
  停止: 'suspended',
  一時停止: 'suspended',
  suspended: 'suspended',
};

/** The word an export writes for a status (Japanese; the import accepts both). */
export const STATUS_LABEL_JA: Record<string, string> = {
  registered: '登録',
  renewal_pending: '更新申請中',
  expired: '失効',
  revoked: '取消',
  withdrawn: '取下げ',
  suspended: '停止',
};

export const SCHEME_WORDS: Record<string, string> = { ismap: 'ISMAP', ismapliu: 'ISMAP_LIU', lgwanasp: 'LGWAN_ASP' };
