import { describe, expect, it } from '@jest/globals';
import { credentialStatus, parseDateTime } from './credential-status';

const at = (iso: string) => new Date(iso);
const EXPIRES = at('2026-04-01T00:00:00.000+09:00');

describe('credentialStatus', () => {
  it.each([
    ['no expiry, not revoked', null, null, '2099-01-01T00:00:00Z', 'active'],
    ['a millisecond before expiry', EXPIRES, null, '2026-03-31T14:59:59.999Z', 'active'],
    ['at the expiry instant', EXPIRES, null, '2026-03-31T15:00:00.000Z', 'expired'],
    ['after expiry', EXPIRES, null, '2026-04-02T00:00:00Z', 'expired'],
    ['revoked before expiry', EXPIRES, at('2026-01-01T00:00:00Z'), '2026-02-01T00:00:00Z', 'revoked'],
    ['revoked and expired', EXPIRES, at('2026-01-01T00:00:00Z'), '2027-01-01T00:00:00Z', 'revoked'],
  ] as const)('%s → %s', (_, expiresAt, revokedAt, now, expected) => {
    expect(credentialStatus({ expiresAt, revokedAt }, at(now))).toBe(expected);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2027-03-31T23:59:59+09:00', '2027-03-31T14:59:59.000Z'],
    ['2027-03-31T14:59:59.5Z', '2027-03-31T14:59:59.500Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['9999-12-31T23:59:59-12:00', '+010000-01-01T11:59:59.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2027-02-29T00:00:00Z',
    '2027-04-31T00:00:00Z',
    '2027-13-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '2027-01-01T24:00:00Z',
    '2027-01-01T00:00:00',
    '2027-01-01',
    '2027-01-01T00:00:00+24:00',
  ])('refuses %s', (text) => {
    expect(parseDateTime(text)).toBeNull();
  });
});
