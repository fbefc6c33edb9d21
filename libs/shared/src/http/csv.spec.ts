import { describe, expect, it } from '@jest/globals';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a BOM, a header and CRLF rows', () => {
    expect(toCsv(['a', 'b'], [['x', 1]])).toBe('\uFEFFa,b\r\nx,1\r\n');
  });

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+81', "'+81"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['plain', 'plain'],
  ])('escapes a formula-looking cell %j', (cell, written) => {
    expect(toCsv(['c'], [[cell]]).split('\r\n')[1]).toBe(written);
  });

  it('quotes commas, quotes and line breaks, and writes null as empty', () => {
    expect(toCsv(['c', 'd'], [['a,"b"\nc', null]])).toBe('\uFEFFc,d\r\n"a,""b""\nc",\r\n');
  });

  it('keeps Japanese text as UTF-8', () => {
    expect(Buffer.from(toCsv(['名前'], [['札幌市']]), 'utf8').toString('utf8')).toContain('札幌市');
  });
});
