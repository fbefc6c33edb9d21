import { describe, expect, it } from '@jest/globals';
import { uuidV5 } from './oscal';

describe('uuidV5', () => {
  it('matches the RFC 9562 test vector (www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('is stable and distinct per name', () => {
    expect(uuidV5('finding:a:MFA')).toBe(uuidV5('finding:a:MFA'));
    expect(uuidV5('finding:a:MFA')).not.toBe(uuidV5('finding:a:TLS12_PLUS'));
  });
});
