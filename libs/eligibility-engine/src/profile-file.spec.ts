import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from './engine';
import { parseProfileFile } from './profile-file';
import type { ServiceFacts } from './types';

const load = (name: string): unknown => JSON.parse(readFileSync(join(process.cwd(), 'data', 'criteria', name), 'utf8'));

const GUIDELINE = '総務省「地方公共団体における情報セキュリティポリシーに関するガイドライン（令和6年10月版）」';

describe('criteria seed files', () => {
  it('tokutei-tsushin R6.10 has the requirements and obligations of domain.md', () => {
    const p = parseProfileFile(load('tokutei-tsushin.R6.10.json'));
    expect([p.key, p.edition, p.effectiveFrom, p.effectiveUntil, p.maxEvidenceAgeDays]).toEqual([
      'tokutei-tsushin',
      'R6.10',
      '2024-10-01',
      null,
      null,
    ]);
    expect(p.requirements.map((r) => [r.id, r.kind, r.mandatory])).toEqual([
      ['ISMAP_REGISTERED', 'scheme', true],
      ['SERVICE_CATEGORY_ALLOWED', 'category', true],
      ['DEST_ALLOWLIST', 'endpoints', true],
      ['NO_SHARED_CDN', 'endpoints', false],
      ['TLS12_PLUS', 'attestation', true],
      ['TENANT_RESTRICTION', 'attestation', true],
      ['MFA', 'attestation', true],
      ['AUDIT_LOG', 'attestation', true],
      ['DATA_LOCATION_DISCLOSED', 'attestation', true],
      ['GOV_LAW_JURISDICTION', 'attestation', false],
    ]);
    const params = Object.fromEntries(p.requirements.map((r) => [r.id, r.params]));
    expect(params['ISMAP_REGISTERED']).toEqual({ schemes: ['ISMAP', 'ISMAP_LIU'] });
    expect(params['SERVICE_CATEGORY_ALLOWED']).toEqual({ allowedCategories: ['web_conferencing', 'file_sharing', 'groupware', 'chat'] });
    expect(params['DEST_ALLOWLIST']).toEqual({ check: 'allowlist', maxIpv4Prefix: 16, maxIpv6Prefix: 32 });
    expect(params['NO_SHARED_CDN']?.check).toBe('no_shared_cdn');
    expect(params['NO_SHARED_CDN']?.sharedCdnDomains).toContain('cloudfront.net');
    expect(p.obligations.map((o) => o.id)).toEqual(['FILE_IMPORT_CONTROL', 'ENDPOINT_EDR', 'OUTBOUND_ONLY', 'LBO_RISK_ASSESSMENT']);
    for (const s of [p.source, ...p.requirements.map((r) => r.source), ...p.obligations.map((o) => o.source)]) {
      expect(s).toContain(GUIDELINE);
      expect(s).toContain('(section unverified)');
    }
    expect(p.requirements.find((r) => r.id === 'NO_SHARED_CDN')?.source).toMatch(/unverified/);
  });

  it('lgwan-asp R6.10 has one scheme requirement and no obligations', () => {
    const p = parseProfileFile(load('lgwan-asp.R6.10.json'));
    expect([p.key, p.edition, p.effectiveFrom, p.effectiveUntil]).toEqual(['lgwan-asp', 'R6.10', '2024-10-01', null]);
    expect(p.requirements.map((r) => [r.id, r.kind, r.mandatory, r.params])).toEqual([
      ['LGWAN_ASP_REGISTERED', 'scheme', true, { schemes: ['LGWAN_ASP'] }],
    ]);
    expect(p.obligations).toEqual([]);
    expect(p.requirements[0].source).toContain(GUIDELINE);
  });

  it('the tokutei-tsushin file drives a full eligible decision with its four obligations', () => {
    const p = parseProfileFile(load('tokutei-tsushin.R6.10.json'));
    const facts: ServiceFacts = {
      service: { id: 'svc', category: 'groupware' },
      registrations: [
        {
          id: 'reg',
          scheme: 'ISMAP_LIU',
          rule: { kind: 'audit_period_months', months: 16 },
          registeredOn: '2025-05-01',
          history: [
            {
              status: 'registered',
              effectiveOn: '2025-05-01',
              auditPeriodEnd: '2025-03-31',
              validUntil: null,
              renewalFiledOn: null,
              lastConfirmedOn: null,
            },
          ],
        },
      ],
      endpoints: [{ id: 'ep', kind: 'fqdn', value: '*.tenant.example.jp' }],
      assessments: [
        {
          id: 'asm',
          profileKey: 'tokutei-tsushin',
          edition: 'R6.10',
          performedOn: '2025-06-01',
          validUntil: '2026-05-31',
          createdSeq: 1,
          revoked: null,
          supersededFrom: null,
          findings: p.requirements.filter((r) => r.kind === 'attestation').map((r) => ({ requirementId: r.id, outcome: 'met' as const })),
        },
      ],
    };
    const d = decide(p, facts, '2025-09-01', { expiringSoonDays: 90 });
    expect(d.decision).toBe('eligible');
    expect(d.validUntil).toBe('2026-05-31');
    expect(d.obligations.map((o) => o.id)).toEqual(['FILE_IMPORT_CONTROL', 'ENDPOINT_EDR', 'OUTBOUND_ONLY', 'LBO_RISK_ASSESSMENT']);
    expect(d.warnings).toEqual([]);
  });
});

describe('parseProfileFile rejects bad input, naming the field', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type J = any;
  const good = (): J => load('tokutei-tsushin.R6.10.json');
  it.each([
    ['not an object', () => [], /\(root\) must be an object/],
    ['unknown top-level field', (j: J) => ({ ...j, extra: 1 }), /extra is not a known field/],
    ['bad key', (j: J) => ({ ...j, key: 'Tokutei' }), /key must match/],
    ['missing title', (j: J) => ({ ...j, title: '' }), /title must be a non-empty string/],
    ['bad effectiveFrom', (j: J) => ({ ...j, effectiveFrom: '2024-02-30' }), /effectiveFrom must be an ISO date/],
    ['effectiveUntil before effectiveFrom', (j: J) => ({ ...j, effectiveUntil: '2024-09-30' }), /effectiveUntil must not be before/],
    ['negative maxEvidenceAgeDays', (j: J) => ({ ...j, maxEvidenceAgeDays: -1 }), /maxEvidenceAgeDays/],
    ['no requirements', (j: J) => ({ ...j, requirements: [] }), /requirements must be a non-empty array/],
    ['bad requirement id', (j: J) => ({ ...j, requirements: [{ ...j.requirements[0], id: 'ismap' }] }), /requirements\[0\]\.id must match/],
    [
      'duplicate requirement id',
      (j: J) => ({ ...j, requirements: [j.requirements[0], j.requirements[0]] }),
      /requirements\[1\]\.id repeats ISMAP_REGISTERED/,
    ],
    ['bad kind', (j: J) => ({ ...j, requirements: [{ ...j.requirements[0], kind: 'magic' }] }), /requirements\[0\]\.kind must be one of/],
    [
      'mandatory not boolean',
      (j: J) => ({ ...j, requirements: [{ ...j.requirements[0], mandatory: 'yes' }] }),
      /requirements\[0\]\.mandatory must be a boolean/,
    ],
    [
      'empty schemes',
      (j: J) => ({ ...j, requirements: [{ ...j.requirements[0], params: { schemes: [] } }] }),
      /requirements\[0\]\.params\.schemes must be a non-empty array/,
    ],
    [
      'unknown param',
      (j: J) => ({ ...j, requirements: [{ ...j.requirements[0], params: { schemes: ['ISMAP'], x: 1 } }] }),
      /requirements\[0\]\.params\.x is not a known field/,
    ],
    [
      'bad check',
      (j: J) => ({ ...j, requirements: [{ ...j.requirements[2], params: { check: 'dns' } }] }),
      /requirements\[0\]\.params\.check must be one of/,
    ],
    [
      'bad prefix',
      (j: J) => ({ ...j, requirements: [{ ...j.requirements[2], params: { check: 'allowlist', maxIpv4Prefix: 33 } }] }),
      /params\.maxIpv4Prefix must be an integer 0–32/,
    ],
    [
      'CDN list missing',
      (j: J) => ({ ...j, requirements: [{ ...j.requirements[3], params: { check: 'no_shared_cdn' } }] }),
      /params\.sharedCdnDomains must be a non-empty array/,
    ],
    [
      'bad CDN domain',
      (j: J) => ({
        ...j,
        requirements: [{ ...j.requirements[3], params: { check: 'no_shared_cdn', sharedCdnDomains: ['CloudFront.net'] } }],
      }),
      /sharedCdnDomains\[0\] must be a lower-case domain/,
    ],
    [
      'attestation with params',
      (j: J) => ({ ...j, requirements: [{ ...j.requirements[4], params: { schemes: ['X'] } }] }),
      /requirements\[0\]\.params\.schemes is not a known field/,
    ],
    [
      'missing requirement source',
      (j: J) => ({ ...j, requirements: [{ ...j.requirements[4], source: undefined }] }),
      /requirements\[0\]\.source must be a non-empty string/,
    ],
    [
      '101 CDN domains',
      (j: J) => ({
        ...j,
        requirements: [
          {
            ...j.requirements[3],
            params: { check: 'no_shared_cdn', sharedCdnDomains: Array.from({ length: 101 }, (_, i) => `cdn${i}.example`) },
          },
        ],
      }),
      /sharedCdnDomains must have at most 100 entries of at most 253 characters/,
    ],
    ['obligations not an array', (j: J) => ({ ...j, obligations: {} }), /obligations must be an array/],
    [
      'obligation without titleEn',
      (j: J) => ({ ...j, obligations: [{ ...j.obligations[0], titleEn: 3 }] }),
      /obligations\[0\]\.titleEn must be a non-empty string/,
    ],
  ])('%s', (_name, mutate, message) => {
    expect(() => parseProfileFile(mutate(good()))).toThrow(message);
  });

  it('returns a copy that does not share arrays with the input', () => {
    const j = good();
    const p = parseProfileFile(j);
    expect(p.requirements).not.toBe(j['requirements']);
    expect(p.requirements[0].params.schemes).not.toBe(j['requirements'][0].params.schemes);
  });
});
