import { describe, expect, it } from '@jest/globals';
import { negotiateLanguage } from './language';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['*', 'en'],
    ['ja', 'ja'],
    ['JA', 'ja'],
    ['ja-JP', 'ja'],
    ['ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 'ja'],
    ['en-US,en;q=0.9,ja;q=0.8', 'en'],
    ['ja;q=0.5, en', 'en'],
    ['en;q=0.1, ja;q=0.2', 'ja'],
    ['ja;q=0', 'en'],
    ['ja;q=0, en;q=0', 'en'],
    ['fr', 'en'],
    ['fr, ja;q=0.3', 'ja'],
    ['*;q=0.1, ja', 'ja'],
    [['ja', 'en'], 'ja'],
  ] as const)('Accept-Language %j → %s', (header, expected) => {
    expect(negotiateLanguage(header as string | string[] | undefined)).toBe(expected);
  });
});
