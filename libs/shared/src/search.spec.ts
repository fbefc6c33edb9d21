import { describe, expect, it } from '@jest/globals';
import { containsPattern, foldForSearch } from './search';

describe('foldForSearch', () => {
  it.each([
    ['サッポロ', 'さっぽろ'],
    ['ｻｯﾎﾟﾛ', 'さっぽろ'],
    ['ＡＢＣ　Ｃｌｏｕｄ', 'abc cloud'],
    ['札幌市', '札幌市'],
  ])('%s → %s', (input, folded) => {
    expect(foldForSearch(input)).toBe(folded);
  });

  it('escapes LIKE wildcards', () => {
    expect(containsPattern('100%_a\\')).toBe('%100\\%\\_a\\\\%');
  });
});
