import { describe, expect, it } from '@jest/globals';
import { signBody } from './signature';

describe('signBody', () => {
  it('is sha256= and the hex HMAC-SHA256 of the body (RFC 4231 test case 2)', () => {
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('signs the exact bytes: a different serialisation gives a different signature', () => {
    expect(signBody('0123456789abcdef', '{"a":1}')).not.toBe(signBody('0123456789abcdef', '{"a": 1}'));
  });
});
