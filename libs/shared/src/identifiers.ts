/**
 * Check digits of Japanese public identifiers (see docs/domain.md, "Identifiers worth validating").
 * Pure functions; the HTTP layer turns a `false` into a 400.
 */

/** 全国地方公共団体コード: 5 digits + check digit, s = 6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5, (11 − s mod 11) mod 10. */
export function localGovCheckDigit(first5: string): number {
  const s = [...first5].reduce((sum, d, i) => sum + Number(d) * (6 - i), 0);
  return (11 - (s % 11)) % 10;
}

export function isValidLocalGovCode(code: string): boolean {
  return /^\d{6}$/.test(code) && localGovCheckDigit(code.slice(0, 5)) === Number(code[5]);
}

/** Normalises codes some files write without a leading zero (`10006` → `010006`). */
export function normalizeLocalGovCode(raw: string): string {
  const digits = raw.trim();
  return /^\d{5}$/.test(digits) ? `0${digits}` : digits;
}

/** 法人番号: 13 digits, the first is 9 − (Σ Pn·Qn mod 9) over the other 12 (Pn counted from the right; Qn = 1 odd, 2 even). */
export function corporateNumberCheckDigit(last12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const p = Number(last12[12 - n]);
    sum += p * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(value: string): boolean {
  return /^\d{13}$/.test(value) && corporateNumberCheckDigit(value.slice(1)) === Number(value[0]);
}
