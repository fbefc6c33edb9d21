/**
 * Folds text for Japanese partial matching: NFKC (full-width ↔ half-width, ｶﾅ → カナ), lower case,
 * katakana → hiragana, so `さっぽろ`, `サッポロ` and `ｻｯﾎﾟﾛ` find the same rows.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

export function searchText(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .map(foldForSearch)
    .join('\u0001');
}

/** A LIKE pattern matching `q` anywhere, with LIKE's wildcards escaped. */
export function containsPattern(q: string): string {
  return `%${foldForSearch(q.trim()).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
