import { describe, expect, it } from '@jest/globals';
import { type AuditEntry, changesOf, serviceOfEntry } from './registry-writer';

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const entry = (subjectType: string, subjectId: string, before: unknown, after: unknown, serviceId?: string): AuditEntry => ({
  action: `${subjectType}.x`,
  subjectType,
  subjectId,
  before,
  after,
  ...(serviceId ? { serviceId } : {}),
});

describe('serviceOfEntry', () => {
  it.each([
    ['a service is its own subject', entry('service', S1, null, { id: S1 }), S1],
    ['a registration names its service in after', entry('registration', 'r1', null, { serviceId: S1 }), S1],
    ['a deleted endpoint names it in before', entry('endpoint', 'e1', { serviceId: S2 }, null), S2],
    ['after wins over before', entry('assessment', 'a1', { serviceId: S2 }, { serviceId: S1 }), S1],
    ['an explicit serviceId wins', entry('usage', 'u1', null, { serviceId: S2 }, S1), S1],
    ['a provider names none', entry('provider', 'p1', null, { name: 'x' }), null],
    ['a non-string serviceId is ignored', entry('endpoint', 'e1', null, { serviceId: 42 }), null],
    ['a profile names none', entry('profile', 'tokutei-tsushin@R6.10', null, { key: 'tokutei-tsushin' }), null],
  ])('%s', (_name, e, expected) => {
    expect(serviceOfEntry(e)).toBe(expected);
  });
});

describe('changesOf', () => {
  it('collects distinct services, subject types, and the types written without a service, sorted', () => {
    expect(
      changesOf([
        entry('service', S2, null, {}),
        entry('registration', 'r', null, { serviceId: S1 }),
        entry('endpoint', 'e', null, { serviceId: S1 }),
        entry('provider', 'p', null, {}),
        entry('profile', 'k@e', null, {}),
        entry('provider', 'q', null, {}),
      ]),
    ).toEqual({
      serviceIds: [S1, S2],
      subjectTypes: ['endpoint', 'profile', 'provider', 'registration', 'service'],
      unscopedTypes: ['profile', 'provider'],
    });
  });

  it('names the further services an entry touches (a registration and the services its scope covers)', () => {
    const S3 = '33333333-3333-4333-8333-333333333333';
    expect(changesOf([{ ...entry('registration', 'r', null, { serviceId: S2 }), alsoServiceIds: [S3, S1, S2] }]).serviceIds).toEqual([
      S1,
      S2,
      S3,
    ]);
  });

  it('records nothing for no entries', () => {
    expect(changesOf([])).toEqual({ serviceIds: [], subjectTypes: [], unscopedTypes: [] });
  });
});
