import { describe, expect, it } from '@jest/globals';
import { isValidCorporateNumber, isValidLocalGovCode, localGovCheckDigit, normalizeLocalGovCode } from './identifiers';

describe('local government codes', () => {
  it.each([
    ['011002', true], // Sapporo
    ['010006', true], // Hokkaido
    ['130001', true], // Tokyo
    ['131016', true], // Chiyoda
    ['011003', false],
    ['01100', false],
    ['0110022', false],
    ['01100a', false],
  ])('%s valid = %s', (code, valid) => {
    expect(isValidLocalGovCode(code)).toBe(valid);
  });

  it.each([
    // r = s mod 11; r = 0 gives 1, r = 1 gives 0
    ['01100', 2],
    ['13000', 1],
    ['47000', 7],
  ])('check digit of %s is %d', (first5, digit) => {
    expect(localGovCheckDigit(first5)).toBe(digit);
  });

  it('restores a dropped leading zero', () => {
    expect(normalizeLocalGovCode('10006')).toBe('010006');
    expect(normalizeLocalGovCode('130001')).toBe('130001');
  });
});

describe('corporate numbers', () => {
  it.each([
    ['7000012050002', true], // 国税庁 (National Tax Agency), published example
    ['2021001052596', true],
    ['1000012050002', false],
    ['700001205000', false],
    ['70000120500021', false],
  ])('%s valid = %s', (value, valid) => {
    expect(isValidCorporateNumber(value)).toBe(valid);
  });
});
