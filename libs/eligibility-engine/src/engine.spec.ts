import { describe, expect, it } from '@jest/globals';
import { decide, decideMany, selectEdition } from './engine';
import type { RegistrationFacts, RegistrationState } from './registration';
import type {
  AssessmentFacts,
  Decision,
  EndpointFacts,
  EngineOptions,
  ProfileEdition,
  RequirementParams,
  RequirementSpec,
  ServiceFacts,
} from './types';

// ------------------------------------------------------------------ fixtures

const OPTS: EngineOptions = { expiringSoonDays: 90 };
const SRC = 'test';

function spec(id: string, kind: RequirementSpec['kind'], mandatory: boolean, params: RequirementParams = {}): RequirementSpec {
  return { id, kind, mandatory, title: `${id} (ja)`, titleEn: id, source: SRC, params };
}

const PROFILE: ProfileEdition = {
  key: 'tokutei-tsushin',
  edition: 'R6.10',
  effectiveFrom: '2024-10-01',
  effectiveUntil: null,
  maxEvidenceAgeDays: null,
  requirements: [
    spec('ISMAP_REGISTERED', 'scheme', true, { schemes: ['ISMAP', 'ISMAP_LIU'] }),
    spec('SERVICE_CATEGORY_ALLOWED', 'category', true, { allowedCategories: ['web_conferencing', 'file_sharing', 'groupware', 'chat'] }),
    spec('DEST_ALLOWLIST', 'endpoints', true, { check: 'allowlist', maxIpv4Prefix: 16, maxIpv6Prefix: 32 }),
    spec('NO_SHARED_CDN', 'endpoints', false, { check: 'no_shared_cdn', sharedCdnDomains: ['cloudfront.net', 'akamaized.net'] }),
    spec('TLS12_PLUS', 'attestation', true),
    spec('MFA', 'attestation', true),
    spec('GOV_LAW_JURISDICTION', 'attestation', false),
  ],
  obligations: [
    { id: 'FILE_IMPORT_CONTROL', title: 'ファイルの無害化', titleEn: 'File import control', source: SRC },
    { id: 'OUTBOUND_ONLY', title: '発信のみ', titleEn: 'Outbound only', source: SRC },
  ],
};

const LGWAN_PROFILE: ProfileEdition = {
  key: 'lgwan-asp',
  edition: 'R6.10',
  effectiveFrom: '2024-10-01',
  effectiveUntil: null,
  maxEvidenceAgeDays: null,
  requirements: [spec('LGWAN_ASP_REGISTERED', 'scheme', true, { schemes: ['LGWAN_ASP'] })],
  obligations: [],
};

function state(status: RegistrationState['status'], effectiveOn: string, extra: Partial<RegistrationState> = {}): RegistrationState {
  return { status, effectiveOn, auditPeriodEnd: null, validUntil: null, renewalFiledOn: null, lastConfirmedOn: null, ...extra };
}

/** An ISMAP-rule registration; by default registered 2025-05-01, audit period ending 2025-03-31 → valid through 2026-07-31. */
function ismap(id: string, history?: RegistrationState[], scheme = 'ISMAP'): RegistrationFacts {
  const h = history ?? [state('registered', '2025-05-01', { auditPeriodEnd: '2025-03-31' })];
  return { id, scheme, rule: { kind: 'audit_period_months', months: 16 }, registeredOn: h[0].effectiveOn, history: h };
}

function assessment(id: string, extra: Partial<AssessmentFacts> = {}): AssessmentFacts {
  return {
    id,
    profileKey: 'tokutei-tsushin',
    edition: 'R6.10',
    performedOn: '2025-06-01',
    validUntil: '2026-05-31',
    createdSeq: 1,
    revoked: null,
    supersededFrom: null,
    findings: [
      { requirementId: 'TLS12_PLUS', outcome: 'met' },
      { requirementId: 'MFA', outcome: 'met' },
      { requirementId: 'GOV_LAW_JURISDICTION', outcome: 'met' },
    ],
    ...extra,
  };
}

const AS_OF = '2025-09-01';

function base(): ServiceFacts {
  return {
    service: { id: 'svc-1', category: 'web_conferencing' },
    registrations: [ismap('reg-ismap')],
    endpoints: [
      { id: 'ep-2', kind: 'cidr', value: '150.95.0.0/24' },
      { id: 'ep-1', kind: 'fqdn', value: 'app.example.co.jp' },
    ],
    assessments: [assessment('asm-1')],
  };
}

function facts(patch: Partial<ServiceFacts> = {}): ServiceFacts {
  return { ...base(), ...patch };
}

const resultOf = (d: Decision, id: string) => d.requirements.find((r) => r.id === id)!;
const warningsFor = (d: Decision, id: string) => d.warnings.filter((w) => w.requirementId === id);

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

// ------------------------------------------------------------------ the whole decision

describe('decide: a complete eligible decision', () => {
  it('has exactly the design.md shape', () => {
    expect(decide(PROFILE, facts(), AS_OF, OPTS)).toEqual({
      serviceId: 'svc-1',
      profile: { key: 'tokutei-tsushin', edition: 'R6.10' },
      asOf: '2025-09-01',
      decision: 'eligible',
      validUntil: '2026-05-31',
      requirements: [
        {
          id: 'ISMAP_REGISTERED',
          mandatory: true,
          outcome: 'satisfied',
          reason: 'REGISTRATION_IN_EFFECT',
          basis: [{ type: 'registration', id: 'reg-ismap' }],
          validUntil: '2026-07-31',
        },
        {
          id: 'SERVICE_CATEGORY_ALLOWED',
          mandatory: true,
          outcome: 'satisfied',
          reason: 'CATEGORY_ALLOWED',
          basis: [{ type: 'service', id: 'svc-1' }],
          validUntil: null,
        },
        {
          id: 'DEST_ALLOWLIST',
          mandatory: true,
          outcome: 'satisfied',
          reason: 'DESTINATIONS_SPECIFIC',
          basis: [
            { type: 'endpoint', id: 'ep-1' },
            { type: 'endpoint', id: 'ep-2' },
          ],
          validUntil: null,
        },
        {
          id: 'NO_SHARED_CDN',
          mandatory: false,
          outcome: 'satisfied',
          reason: 'NO_SHARED_CDN',
          basis: [
            { type: 'endpoint', id: 'ep-1' },
            { type: 'endpoint', id: 'ep-2' },
          ],
          validUntil: null,
        },
        {
          id: 'TLS12_PLUS',
          mandatory: true,
          outcome: 'satisfied',
          reason: 'FINDING_MET',
          basis: [{ type: 'assessment', id: 'asm-1' }],
          validUntil: '2026-05-31',
        },
        {
          id: 'MFA',
          mandatory: true,
          outcome: 'satisfied',
          reason: 'FINDING_MET',
          basis: [{ type: 'assessment', id: 'asm-1' }],
          validUntil: '2026-05-31',
        },
        {
          id: 'GOV_LAW_JURISDICTION',
          mandatory: false,
          outcome: 'satisfied',
          reason: 'FINDING_MET',
          basis: [{ type: 'assessment', id: 'asm-1' }],
          validUntil: '2026-05-31',
        },
      ],
      obligations: [
        { id: 'FILE_IMPORT_CONTROL', title: 'ファイルの無害化' },
        { id: 'OUTBOUND_ONLY', title: '発信のみ' },
      ],
      warnings: [],
    });
  });

  it('keys appear in the design.md order', () => {
    const d = decide(PROFILE, facts(), AS_OF, OPTS);
    expect(Object.keys(d)).toEqual(['serviceId', 'profile', 'asOf', 'decision', 'validUntil', 'requirements', 'obligations', 'warnings']);
    expect(Object.keys(d.requirements[0])).toEqual(['id', 'mandatory', 'outcome', 'reason', 'basis', 'validUntil']);
  });
});

// ------------------------------------------------------------------ scheme

describe('scheme requirement (ISMAP_REGISTERED)', () => {
  const renewalPending = (filedOn: string) =>
    ismap('reg-ismap', [
      state('registered', '2025-05-01', { auditPeriodEnd: '2025-03-31' }),
      state('renewal_pending', filedOn, { auditPeriodEnd: '2025-03-31', renewalFiledOn: filedOn }),
    ]);
  const terminal = (status: RegistrationState['status'], on: string, id = 'reg-ismap', scheme = 'ISMAP') =>
    ismap(
      id,
      [state('registered', '2025-05-01', { auditPeriodEnd: '2025-03-31' }), state(status, on, { auditPeriodEnd: '2025-03-31' })],
      scheme,
    );
  const liu = (auditPeriodEnd: string, id = 'reg-liu', registeredOn = '2025-08-01') =>
    ismap(id, [state('registered', registeredOn, { auditPeriodEnd })], 'ISMAP_LIU');

  it.each([
    {
      name: 'no registration at all',
      regs: [],
      asOf: AS_OF,
      outcome: 'failed',
      reason: 'REGISTRATION_ABSENT',
      basis: [],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'only a registration of another scheme',
      regs: [{ ...ismap('reg-lg'), scheme: 'LGWAN_ASP' }],
      asOf: AS_OF,
      outcome: 'failed',
      reason: 'REGISTRATION_ABSENT',
      basis: [],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'in effect',
      regs: [ismap('reg-ismap')],
      asOf: AS_OF,
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      basis: ['reg-ismap'],
      validUntil: '2026-07-31',
      warnings: [],
    },
    {
      name: 'last valid day',
      regs: [ismap('reg-ismap')],
      asOf: '2026-07-31',
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      basis: ['reg-ismap'],
      validUntil: '2026-07-31',
      warnings: ['EXPIRING_SOON'],
    },
    {
      name: 'day after validity',
      regs: [ismap('reg-ismap')],
      asOf: '2026-08-01',
      outcome: 'failed',
      reason: 'REGISTRATION_EXPIRED',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'day before registeredOn',
      regs: [ismap('reg-ismap')],
      asOf: '2025-04-30',
      outcome: 'failed',
      reason: 'REGISTRATION_NOT_YET_EFFECTIVE',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'renewal filed on the last valid day → grace, no end',
      regs: [renewalPending('2026-07-31')],
      asOf: '2026-08-01',
      outcome: 'satisfied',
      reason: 'REGISTRATION_RENEWAL_PENDING',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: ['RENEWAL_PENDING'],
    },
    {
      name: 'renewal filed the day after validity → expired',
      regs: [renewalPending('2026-08-01')],
      asOf: '2026-08-01',
      outcome: 'failed',
      reason: 'REGISTRATION_EXPIRED',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'status expired',
      regs: [terminal('expired', '2025-08-01')],
      asOf: AS_OF,
      outcome: 'failed',
      reason: 'REGISTRATION_EXPIRED',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'revoked',
      regs: [terminal('revoked', '2025-08-01')],
      asOf: AS_OF,
      outcome: 'failed',
      reason: 'REGISTRATION_REVOKED',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'withdrawn',
      regs: [terminal('withdrawn', '2025-08-01')],
      asOf: AS_OF,
      outcome: 'failed',
      reason: 'REGISTRATION_WITHDRAWN',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'suspended',
      regs: [terminal('suspended', '2025-08-01')],
      asOf: AS_OF,
      outcome: 'failed',
      reason: 'REGISTRATION_SUSPENDED',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
    {
      // a known future end: the revocation recorded ahead cuts validUntil at the day before it
      name: 'revoked, day before it takes effect',
      regs: [terminal('revoked', '2025-09-02')],
      asOf: AS_OF,
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      basis: ['reg-ismap'],
      validUntil: '2025-09-01',
      warnings: ['EXPIRING_SOON'],
    },
    {
      name: 'validity cannot be computed → missing',
      regs: [ismap('reg-ismap', [state('registered', '2025-05-01')])],
      asOf: AS_OF,
      outcome: 'missing',
      reason: 'REGISTRATION_VALIDITY_UNKNOWN',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'two in effect: the later end wins',
      regs: [ismap('reg-ismap'), liu('2025-06-30')],
      asOf: AS_OF,
      outcome: 'satisfied',
      reason: 'REGISTRATION_IN_EFFECT',
      basis: ['reg-liu'],
      validUntil: '2026-10-31',
      warnings: [],
    },
    {
      name: 'grace (no end) is preferred to a known end',
      regs: [renewalPending('2026-07-01'), liu('2025-06-30')],
      asOf: '2026-08-15',
      outcome: 'satisfied',
      reason: 'REGISTRATION_RENEWAL_PENDING',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: ['RENEWAL_PENDING'],
    },
    {
      name: 'none in effect: the most recent condition decides (expired 2026-08-01 vs revoked 2026-03-01)',
      regs: [ismap('reg-ismap'), terminal('revoked', '2026-03-01', 'reg-liu', 'ISMAP_LIU')],
      asOf: '2026-09-01',
      outcome: 'failed',
      reason: 'REGISTRATION_EXPIRED',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'none in effect: the most recent condition decides (revoked 2026-08-15 vs expired 2026-08-01)',
      regs: [ismap('reg-ismap'), terminal('revoked', '2026-08-15', 'reg-liu', 'ISMAP_LIU')],
      asOf: '2026-09-01',
      outcome: 'failed',
      reason: 'REGISTRATION_REVOKED',
      basis: ['reg-liu'],
      validUntil: null,
      warnings: [],
    },
    {
      name: 'an existing lapse outranks a registration not yet effective',
      regs: [ismap('reg-ismap'), liu('2026-06-30', 'reg-liu', '2026-10-01')],
      asOf: '2026-09-01',
      outcome: 'failed',
      reason: 'REGISTRATION_EXPIRED',
      basis: ['reg-ismap'],
      validUntil: null,
      warnings: [],
    },
  ])('$name', ({ regs, asOf, outcome, reason, basis, validUntil, warnings }) => {
    const d = decide(PROFILE, facts({ registrations: regs }), asOf, OPTS);
    expect(resultOf(d, 'ISMAP_REGISTERED')).toEqual({
      id: 'ISMAP_REGISTERED',
      mandatory: true,
      outcome,
      reason,
      basis: basis.map((id) => ({ type: 'registration', id })),
      validUntil,
    });
    expect(warningsFor(d, 'ISMAP_REGISTERED').map((w) => w.code)).toEqual(warnings);
  });
});

describe('scheme requirement with a confirmation rule (LGWAN_ASP_REGISTERED)', () => {
  const lgwan = (lastConfirmedOn: string | null): RegistrationFacts => ({
    id: 'reg-lg',
    scheme: 'LGWAN_ASP',
    rule: { kind: 'confirmation', staleAfterDays: 365 },
    registeredOn: '2020-04-01',
    history: [state('registered', '2020-04-01', { lastConfirmedOn })],
  });
  it.each([
    { name: 're-confirmed 365 days ago', last: '2024-09-01', opts: OPTS, warnings: [] },
    { name: 're-confirmed 366 days ago → stale', last: '2024-08-31', opts: OPTS, warnings: ['STALE_CONFIRMATION'] },
    { name: 'never re-confirmed → stale', last: null, opts: OPTS, warnings: ['STALE_CONFIRMATION'] },
    { name: 'option staleConfirmationDays 30: day 30', last: '2025-08-02', opts: { ...OPTS, staleConfirmationDays: 30 }, warnings: [] },
    {
      name: 'option staleConfirmationDays 30: day 31',
      last: '2025-08-01',
      opts: { ...OPTS, staleConfirmationDays: 30 },
      warnings: ['STALE_CONFIRMATION'],
    },
  ])('$name', ({ last, opts, warnings }) => {
    const d = decide(LGWAN_PROFILE, facts({ registrations: [lgwan(last)] }), AS_OF, opts);
    expect(d.decision).toBe('eligible');
    expect(d.validUntil).toBeNull(); // nothing contributes an end
    expect(d.requirements[0]).toMatchObject({ outcome: 'satisfied', reason: 'REGISTRATION_IN_EFFECT', validUntil: null });
    expect(d.warnings).toEqual(warnings.map((code) => ({ code, requirementId: 'LGWAN_ASP_REGISTERED' })));
    expect(d.obligations).toEqual([]);
  });
});

// ------------------------------------------------------------------ category

describe('category requirement', () => {
  it.each([
    ['web_conferencing', 'satisfied', 'CATEGORY_ALLOWED'],
    ['file_sharing', 'satisfied', 'CATEGORY_ALLOWED'],
    ['groupware', 'satisfied', 'CATEGORY_ALLOWED'],
    ['chat', 'satisfied', 'CATEGORY_ALLOWED'],
    ['e_learning', 'failed', 'CATEGORY_NOT_ALLOWED'],
    ['business_application', 'failed', 'CATEGORY_NOT_ALLOWED'],
    ['other', 'failed', 'CATEGORY_NOT_ALLOWED'],
  ])('%s → %s %s', (category, outcome, reason) => {
    const d = decide(PROFILE, facts({ service: { id: 'svc-1', category } }), AS_OF, OPTS);
    expect(resultOf(d, 'SERVICE_CATEGORY_ALLOWED')).toEqual({
      id: 'SERVICE_CATEGORY_ALLOWED',
      mandatory: true,
      outcome,
      reason,
      basis: [{ type: 'service', id: 'svc-1' }],
      validUntil: null,
    });
  });
});

// ------------------------------------------------------------------ endpoints

describe('endpoints requirements', () => {
  const ep = (id: string, kind: 'fqdn' | 'cidr', value: string): EndpointFacts => ({ id, kind, value });
  it.each([
    { name: 'no destinations', eps: [], allow: ['missing', 'NO_DESTINATIONS', []], cdn: ['missing', 'NO_DESTINATIONS', []] },
    {
      name: 'specific destinations (basis sorted by id)',
      eps: [ep('e3', 'cidr', '2400:4050::/32'), ep('e1', 'fqdn', '*.tenant.example.com'), ep('e2', 'cidr', '150.95.0.0/16')],
      allow: ['satisfied', 'DESTINATIONS_SPECIFIC', ['e1', 'e2', 'e3']],
      cdn: ['satisfied', 'NO_SHARED_CDN', ['e1', 'e2', 'e3']],
    },
    {
      name: 'wildcard on a public suffix',
      eps: [ep('e1', 'fqdn', 'app.example.com'), ep('e2', 'fqdn', '*.co.jp')],
      allow: ['failed', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD', ['e2']],
      cdn: ['satisfied', 'NO_SHARED_CDN', ['e1', 'e2']],
    },
    {
      name: 'IPv4 wider than /16',
      eps: [ep('e1', 'cidr', '10.0.0.0/8')],
      allow: ['failed', 'ENDPOINT_TOO_BROAD', ['e1']],
      cdn: ['satisfied', 'NO_SHARED_CDN', ['e1']],
    },
    {
      name: 'IPv6 wider than /32',
      eps: [ep('e1', 'cidr', '2001:db8::/31')],
      allow: ['failed', 'ENDPOINT_TOO_BROAD', ['e1']],
      cdn: ['satisfied', 'NO_SHARED_CDN', ['e1']],
    },
    {
      name: 'invalid destination (ignored by the CDN check)',
      eps: [ep('e1', 'fqdn', 'bad_name.example.com')],
      allow: ['failed', 'ENDPOINT_INVALID', ['e1']],
      cdn: ['satisfied', 'NO_SHARED_CDN', ['e1']],
    },
    {
      name: 'several offenders: reason from the first by value, basis all offenders by id',
      eps: [ep('e9', 'cidr', '10.0.0.0/8'), ep('e5', 'fqdn', '*.com'), ep('e1', 'fqdn', 'ok.example.com')],
      allow: ['failed', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD', ['e5', 'e9']],
      cdn: ['satisfied', 'NO_SHARED_CDN', ['e1', 'e5', 'e9']],
    },
    {
      name: 'shared CDN destinations',
      eps: [ep('e2', 'fqdn', 'd111.cloudfront.net'), ep('e1', 'fqdn', 'app.example.com'), ep('e3', 'fqdn', '*.x.akamaized.net')],
      allow: ['satisfied', 'DESTINATIONS_SPECIFIC', ['e1', 'e2', 'e3']],
      cdn: ['failed', 'SHARED_CDN_DESTINATION', ['e2', 'e3']],
    },
    {
      name: 'a CDN wildcard is a public-suffix wildcard (whole PSL, private section included)',
      eps: [ep('e1', 'fqdn', '*.cloudfront.net')],
      allow: ['failed', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD', ['e1']],
      cdn: ['failed', 'SHARED_CDN_DESTINATION', ['e1']],
    },
  ] as const)('$name', ({ eps, allow, cdn }) => {
    const d = decide(PROFILE, facts({ endpoints: eps as unknown as EndpointFacts[] }), AS_OF, OPTS);
    const expectResult = (id: string, mandatory: boolean, [outcome, reason, ids]: readonly [string, string, readonly string[]]) =>
      expect(resultOf(d, id)).toEqual({
        id,
        mandatory,
        outcome,
        reason,
        basis: ids.map((i) => ({ type: 'endpoint', id: i })),
        validUntil: null,
      });
    expectResult('DEST_ALLOWLIST', true, allow);
    expectResult('NO_SHARED_CDN', false, cdn);
    expect(warningsFor(d, 'NO_SHARED_CDN').map((w) => w.code)).toEqual(cdn[0] === 'satisfied' ? [] : ['RECOMMENDED_NOT_MET']);
  });
});

// ------------------------------------------------------------------ attestation

describe('attestation requirement (TLS12_PLUS)', () => {
  const tls = (outcome: 'met' | 'not_met' | 'not_applicable') => [{ requirementId: 'TLS12_PLUS', outcome }];
  const aged = { ...PROFILE, maxEvidenceAgeDays: 365 };
  it.each([
    // assessment asm-1 by default: performedOn 2025-06-01, validUntil 2026-05-31
    {
      name: 'asOf = performedOn',
      asmts: [assessment('asm-1')],
      asOf: '2025-06-01',
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2026-05-31'],
    },
    { name: 'day before performedOn', asmts: [assessment('asm-1')], asOf: '2025-05-31', expected: ['missing', 'NO_FINDING', [], null] },
    {
      name: 'last valid day',
      asmts: [assessment('asm-1')],
      asOf: '2026-05-31',
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2026-05-31'],
    },
    {
      name: 'day after validity',
      asmts: [assessment('asm-1')],
      asOf: '2026-06-01',
      expected: ['expired', 'ASSESSMENT_EXPIRED', ['asm-1'], '2026-05-31'],
    },
    {
      name: 'not met',
      asmts: [assessment('asm-1', { findings: tls('not_met') })],
      asOf: AS_OF,
      expected: ['failed', 'FINDING_NOT_MET', ['asm-1'], '2026-05-31'],
    },
    {
      name: 'not applicable',
      asmts: [assessment('asm-1', { findings: tls('not_applicable') })],
      asOf: AS_OF,
      expected: ['not_applicable', 'FINDING_NOT_APPLICABLE', ['asm-1'], '2026-05-31'],
    },
    { name: 'no assessment', asmts: [], asOf: AS_OF, expected: ['missing', 'NO_FINDING', [], null] },
    {
      name: 'assessment without this finding',
      asmts: [assessment('asm-1', { findings: [] })],
      asOf: AS_OF,
      expected: ['missing', 'NO_FINDING', [], null],
    },
    {
      name: 'revoked from the start',
      asmts: [assessment('asm-1', { revoked: { effectiveOn: null } })],
      asOf: AS_OF,
      expected: ['missing', 'NO_FINDING', [], null],
    },
    {
      name: 'revoked from 2025-10-01: day before',
      asmts: [assessment('asm-1', { revoked: { effectiveOn: '2025-10-01' } })],
      asOf: '2025-09-30',
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2025-09-30'],
    },
    {
      name: 'revoked from 2025-10-01: that day',
      asmts: [assessment('asm-1', { revoked: { effectiveOn: '2025-10-01' } })],
      asOf: '2025-10-01',
      expected: ['missing', 'NO_FINDING', [], null],
    },
    {
      name: "superseded: day before the successor's performedOn",
      asmts: [
        assessment('asm-1', { supersededFrom: '2025-12-01' }),
        assessment('asm-2', { performedOn: '2025-12-01', validUntil: '2026-11-30', createdSeq: 2, findings: tls('not_met') }),
      ],
      asOf: '2025-11-30',
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2025-11-30'],
    },
    {
      name: "superseded: the successor's performedOn",
      asmts: [
        assessment('asm-1', { supersededFrom: '2025-12-01' }),
        assessment('asm-2', { performedOn: '2025-12-01', validUntil: '2026-11-30', createdSeq: 2, findings: tls('not_met') }),
      ],
      asOf: '2025-12-01',
      expected: ['failed', 'FINDING_NOT_MET', ['asm-2'], '2026-11-30'],
    },
    {
      name: 'superseded by a successor without the finding → no finding',
      asmts: [
        assessment('asm-1', { supersededFrom: '2025-12-01' }),
        assessment('asm-2', { performedOn: '2025-12-01', createdSeq: 2, findings: [] }),
      ],
      asOf: '2025-12-01',
      expected: ['missing', 'NO_FINDING', [], null],
    },
    {
      name: 'the newest by performedOn wins',
      asmts: [
        assessment('asm-1', { performedOn: '2025-07-01', findings: tls('not_met') }),
        assessment('asm-2', { performedOn: '2025-06-01', createdSeq: 9 }),
      ],
      asOf: AS_OF,
      expected: ['failed', 'FINDING_NOT_MET', ['asm-1'], '2026-05-31'],
    },
    {
      name: 'same performedOn: the higher createdSeq wins',
      asmts: [assessment('asm-1', { createdSeq: 2, findings: tls('not_applicable') }), assessment('asm-2', { createdSeq: 1 })],
      asOf: AS_OF,
      expected: ['not_applicable', 'FINDING_NOT_APPLICABLE', ['asm-1'], '2026-05-31'],
    },
    {
      name: 'a newer assessment without the finding does not hide an older one',
      asmts: [assessment('asm-1'), assessment('asm-2', { performedOn: '2025-08-01', findings: [] })],
      asOf: AS_OF,
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2026-05-31'],
    },
    {
      // second edition of the rules: the newest assessment decides; when it lapses the requirement is expired
      name: 'an older finding never comes back after a newer one lapses',
      asmts: [
        assessment('asm-1', { performedOn: '2025-08-01', validUntil: '2025-08-31' }),
        assessment('asm-2', { performedOn: '2025-06-01' }),
      ],
      asOf: AS_OF,
      expected: ['expired', 'ASSESSMENT_EXPIRED', ['asm-1'], '2025-08-31'],
    },
    // the assessor registry: accredited on performedOn (2025-06-01), boundaries inclusive
    {
      name: 'accreditation starts on performedOn',
      asmts: [assessment('asm-1', { accreditations: [{ from: '2025-06-01', until: null }] })],
      asOf: AS_OF,
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2026-05-31'],
    },
    {
      name: 'accreditation ends on performedOn',
      asmts: [assessment('asm-1', { accreditations: [{ from: '2020-01-01', until: '2025-06-01' }] })],
      asOf: AS_OF,
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2026-05-31'],
    },
    {
      name: 'accreditation ended the day before performedOn',
      asmts: [assessment('asm-1', { accreditations: [{ from: '2020-01-01', until: '2025-05-31' }] })],
      asOf: AS_OF,
      expected: ['missing', 'ASSESSOR_NOT_ACCREDITED', ['asm-1'], null],
    },
    {
      name: 'accreditation starts the day after performedOn',
      asmts: [assessment('asm-1', { accreditations: [{ from: '2025-06-02', until: null }] })],
      asOf: AS_OF,
      expected: ['missing', 'ASSESSOR_NOT_ACCREDITED', ['asm-1'], null],
    },
    {
      name: 'organisation not registered (no periods)',
      asmts: [assessment('asm-1', { accreditations: [] })],
      asOf: AS_OF,
      expected: ['missing', 'ASSESSOR_NOT_ACCREDITED', ['asm-1'], null],
    },
    {
      name: 'a newer unaccredited assessment leaves the older accredited one deciding',
      asmts: [
        assessment('asm-1', { accreditations: [{ from: '2020-01-01', until: null }] }),
        assessment('asm-2', { performedOn: '2025-07-01', findings: tls('not_met'), accreditations: [] }),
      ],
      asOf: AS_OF,
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2026-05-31'],
    },
    {
      name: 'another edition of the same profile key counts',
      asmts: [assessment('asm-1', { edition: 'R5.03' })],
      asOf: AS_OF,
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2026-05-31'],
    },
    {
      name: 'another profile key does not count',
      asmts: [assessment('asm-1', { profileKey: 'lgwan-asp' })],
      asOf: AS_OF,
      expected: ['missing', 'NO_FINDING', [], null],
    },
    {
      name: 'max evidence age 365: day 365',
      profile: aged,
      asmts: [assessment('asm-1', { validUntil: '2027-05-31' })],
      asOf: '2026-06-01',
      expected: ['satisfied', 'FINDING_MET', ['asm-1'], '2026-06-01'],
    },
    {
      name: 'max evidence age 365: day 366',
      profile: aged,
      asmts: [assessment('asm-1', { validUntil: '2027-05-31' })],
      asOf: '2026-06-02',
      expected: ['expired', 'EVIDENCE_TOO_OLD', ['asm-1'], '2026-06-01'],
    },
    {
      name: 'max evidence age: validity ended first → ASSESSMENT_EXPIRED',
      profile: aged,
      asmts: [assessment('asm-1', { validUntil: '2025-12-31' })],
      asOf: '2027-01-01',
      expected: ['expired', 'ASSESSMENT_EXPIRED', ['asm-1'], '2025-12-31'],
    },
    {
      name: 'max evidence age: the newest lapsed assessment is the basis',
      profile: aged,
      asmts: [
        assessment('asm-1', { validUntil: '2025-12-31' }),
        assessment('asm-2', { performedOn: '2025-07-01', validUntil: '2027-06-30' }),
      ],
      asOf: '2026-07-02',
      expected: ['expired', 'EVIDENCE_TOO_OLD', ['asm-2'], '2026-07-01'],
    },
  ])('$name', ({ asmts, asOf, expected: [outcome, reason, ids, validUntil], ...rest }) => {
    const profile = 'profile' in rest ? (rest.profile as ProfileEdition) : PROFILE;
    const d = decide(profile, facts({ assessments: asmts }), asOf, OPTS);
    expect(resultOf(d, 'TLS12_PLUS')).toEqual({
      id: 'TLS12_PLUS',
      mandatory: true,
      outcome,
      reason,
      basis: (ids as string[]).map((id) => ({ type: 'assessment', id })),
      validUntil,
    });
  });
});

// ------------------------------------------------------------------ decision outcome

describe('decision outcome, validUntil and obligations', () => {
  const without = (id: string) => [assessment('asm-1', { findings: assessment('x').findings.filter((f) => f.requirementId !== id) })];
  const withOutcome = (id: string, outcome: 'met' | 'not_met' | 'not_applicable') => [
    assessment('asm-1', { findings: assessment('x').findings.map((f) => (f.requirementId === id ? { ...f, outcome } : f)) }),
  ];
  it.each([
    { name: 'everything satisfied', patch: {}, asOf: AS_OF, decision: 'eligible', validUntil: '2026-05-31' },
    {
      name: 'mandatory failed (category)',
      patch: { service: { id: 'svc-1', category: 'other' } },
      asOf: AS_OF,
      decision: 'ineligible',
      validUntil: null,
    },
    { name: 'mandatory failed (registration absent)', patch: { registrations: [] }, asOf: AS_OF, decision: 'ineligible', validUntil: null },
    {
      name: 'mandatory failed (finding not met)',
      patch: { assessments: withOutcome('MFA', 'not_met') },
      asOf: AS_OF,
      decision: 'ineligible',
      validUntil: null,
    },
    { name: 'failed beats missing', patch: { registrations: [], endpoints: [] }, asOf: AS_OF, decision: 'ineligible', validUntil: null },
    {
      name: 'mandatory missing (no finding)',
      patch: { assessments: without('MFA') },
      asOf: AS_OF,
      decision: 'indeterminate',
      validUntil: null,
    },
    { name: 'mandatory missing (no destinations)', patch: { endpoints: [] }, asOf: AS_OF, decision: 'indeterminate', validUntil: null },
    {
      name: 'mandatory expired (assessment)',
      patch: {
        registrations: [
          ismap('reg-ismap', [state('registered', '2025-05-01', { auditPeriodEnd: '2025-03-31', validUntil: '2027-01-01' })]),
        ],
      },
      asOf: '2026-06-01',
      decision: 'indeterminate',
      validUntil: null,
    },
    {
      name: 'recommended not met stays eligible',
      patch: { assessments: withOutcome('GOV_LAW_JURISDICTION', 'not_met') },
      asOf: AS_OF,
      decision: 'eligible',
      validUntil: '2026-05-31',
    },
    {
      name: 'mandatory not applicable stays eligible',
      patch: { assessments: withOutcome('MFA', 'not_applicable') },
      asOf: AS_OF,
      decision: 'eligible',
      validUntil: '2026-05-31',
    },
    {
      name: 'validUntil = earliest mandatory end (registration earlier than assessment)',
      patch: {
        registrations: [
          ismap('reg-ismap', [state('registered', '2025-05-01', { auditPeriodEnd: '2025-03-31', validUntil: '2026-01-15' })]),
        ],
      },
      asOf: AS_OF,
      decision: 'eligible',
      validUntil: '2026-01-15',
    },
    {
      name: 'a non-mandatory end does not count',
      patch: {
        assessments: [
          assessment('asm-1', { findings: without('GOV_LAW_JURISDICTION')[0].findings }),
          assessment('asm-2', {
            performedOn: '2025-07-01',
            validUntil: '2025-10-01',
            findings: [{ requirementId: 'GOV_LAW_JURISDICTION', outcome: 'met' as const }],
          }),
        ],
      },
      asOf: AS_OF,
      decision: 'eligible',
      validUntil: '2026-05-31',
    },
    {
      name: 'grace contributes no end',
      patch: {
        registrations: [
          ismap('reg-ismap', [
            state('registered', '2025-05-01', { auditPeriodEnd: '2025-03-31', renewalFiledOn: '2025-06-01', validUntil: '2025-08-31' }),
          ]),
        ],
      },
      asOf: AS_OF,
      decision: 'eligible',
      validUntil: '2026-05-31',
    },
  ])('$name → $decision', ({ patch, asOf, decision, validUntil }) => {
    const d = decide(PROFILE, facts(patch), asOf, OPTS);
    expect(d.decision).toBe(decision);
    expect(d.validUntil).toBe(validUntil);
    expect(d.obligations).toEqual(
      decision === 'eligible'
        ? [
            { id: 'FILE_IMPORT_CONTROL', title: 'ファイルの無害化' },
            { id: 'OUTBOUND_ONLY', title: '発信のみ' },
          ]
        : [],
    );
  });
});

// ------------------------------------------------------------------ warnings

describe('warnings', () => {
  // asm-1 ends 2026-05-31: 90 days after 2026-03-02, 91 after 2026-03-01.
  // The registration ends 2026-07-31 (90 days after 2026-05-02).
  const ASM = [
    ['MFA', '2026-05-31'],
    ['TLS12_PLUS', '2026-05-31'],
  ];
  it.each([
    { asOf: '2026-03-01', days: 90, expected: [] },
    { asOf: '2026-03-02', days: 90, expected: ASM },
    { asOf: '2026-05-01', days: 90, expected: ASM },
    { asOf: '2026-05-02', days: 90, expected: [['ISMAP_REGISTERED', '2026-07-31'], ...ASM] },
    { asOf: '2026-05-31', days: 90, expected: [['ISMAP_REGISTERED', '2026-07-31'], ...ASM] },
    { asOf: '2026-05-01', days: 30, expected: ASM },
    { asOf: '2026-04-30', days: 30, expected: [] },
    { asOf: '2026-05-31', days: 0, expected: ASM },
  ])('EXPIRING_SOON on $asOf with a $days-day window', ({ asOf, days, expected }) => {
    const d = decide(PROFILE, facts(), asOf, { expiringSoonDays: days });
    expect(d.decision).toBe('eligible');
    expect(d.warnings).toEqual(expected.map(([requirementId, validUntil]) => ({ code: 'EXPIRING_SOON', requirementId, validUntil })));
  });

  it('EXPIRING_SOON covers the registration too, and holds on non-eligible decisions', () => {
    const d = decide(PROFILE, facts({ service: { id: 'svc-1', category: 'other' } }), '2026-05-15', OPTS);
    expect(d.decision).toBe('ineligible');
    expect(d.warnings).toEqual([
      { code: 'EXPIRING_SOON', requirementId: 'ISMAP_REGISTERED', validUntil: '2026-07-31' },
      { code: 'EXPIRING_SOON', requirementId: 'MFA', validUntil: '2026-05-31' },
      { code: 'EXPIRING_SOON', requirementId: 'TLS12_PLUS', validUntil: '2026-05-31' },
    ]);
  });

  it('are sorted by (requirementId, code), a warning without requirementId first', () => {
    const profile = { ...PROFILE, effectiveFrom: '2026-04-01' };
    const d = decide(
      profile,
      facts({
        registrations: [
          ismap('reg-ismap', [
            state('registered', '2025-05-01', { auditPeriodEnd: '2025-03-31', validUntil: '2026-01-31' }),
            state('renewal_pending', '2026-01-10', {
              auditPeriodEnd: '2025-03-31',
              validUntil: '2026-01-31',
              renewalFiledOn: '2026-01-10',
            }),
          ]),
        ],
        endpoints: [{ id: 'e1', kind: 'fqdn', value: 'd1.cloudfront.net' }],
        assessments: [
          assessment('asm-1', { findings: assessment('x').findings.filter((f) => f.requirementId !== 'GOV_LAW_JURISDICTION') }),
        ],
      }),
      '2026-03-15',
      OPTS,
    );
    expect(d.decision).toBe('eligible');
    expect(d.warnings).toEqual([
      { code: 'PROFILE_NOT_IN_EFFECT' },
      { code: 'RECOMMENDED_NOT_MET', requirementId: 'GOV_LAW_JURISDICTION' },
      { code: 'RENEWAL_PENDING', requirementId: 'ISMAP_REGISTERED' },
      { code: 'EXPIRING_SOON', requirementId: 'MFA', validUntil: '2026-05-31' },
      { code: 'RECOMMENDED_NOT_MET', requirementId: 'NO_SHARED_CDN' },
      { code: 'EXPIRING_SOON', requirementId: 'TLS12_PLUS', validUntil: '2026-05-31' },
    ]);
  });

  it.each([
    ['failed', { endpoints: [{ id: 'e1', kind: 'fqdn' as const, value: 'a.cloudfront.net' }] }, 'NO_SHARED_CDN'],
    [
      'expired',
      {
        assessments: [
          assessment('asm-1'),
          assessment('asm-2', {
            performedOn: '2025-01-01',
            validUntil: '2025-06-30',
            findings: [{ requirementId: 'GOV_LAW_JURISDICTION', outcome: 'met' as const }],
          }),
        ].map((a) => (a.id === 'asm-1' ? { ...a, findings: a.findings.filter((f) => f.requirementId !== 'GOV_LAW_JURISDICTION') } : a)),
      },
      'GOV_LAW_JURISDICTION',
    ],
    [
      'missing',
      {
        assessments: [
          assessment('asm-1', { findings: assessment('x').findings.filter((f) => f.requirementId !== 'GOV_LAW_JURISDICTION') }),
        ],
      },
      'GOV_LAW_JURISDICTION',
    ],
    [
      'not_applicable (no warning)',
      {
        assessments: [
          assessment('asm-1', {
            findings: assessment('x').findings.map((f) =>
              f.requirementId === 'GOV_LAW_JURISDICTION' ? { ...f, outcome: 'not_applicable' as const } : f,
            ),
          }),
        ],
      },
      null,
    ],
  ])('RECOMMENDED_NOT_MET for a recommended requirement %s', (_label, patch, requirementId) => {
    const d = decide(PROFILE, facts(patch), AS_OF, OPTS);
    expect(d.decision).toBe('eligible');
    expect(d.warnings).toEqual(requirementId ? [{ code: 'RECOMMENDED_NOT_MET', requirementId }] : []);
  });

  it.each([
    ['2024-09-30', true],
    ['2024-10-01', false],
    ['2025-03-31', false],
    ['2025-04-01', true],
  ])('PROFILE_NOT_IN_EFFECT for an edition effective 2024-10-01..2025-03-31 on %s → %p', (asOf, warn) => {
    const d = decide({ ...PROFILE, effectiveUntil: '2025-03-31' }, facts({ registrations: [], assessments: [] }), asOf, OPTS);
    expect(d.warnings.some((w) => w.code === 'PROFILE_NOT_IN_EFFECT')).toBe(warn);
  });
});

// ------------------------------------------------------------------ determinism and performance

describe('determinism', () => {
  const scenarios: [string, ServiceFacts, string][] = [
    ['eligible', facts(), AS_OF],
    ['expired everything', facts(), '2026-09-01'],
    [
      'many records',
      facts({
        registrations: [ismap('r-b'), ismap('r-a'), ismap('r-c', undefined, 'ISMAP_LIU')],
        endpoints: [
          { id: 'e3', kind: 'cidr', value: '10.0.0.0/8' },
          { id: 'e1', kind: 'fqdn', value: '*.com' },
          { id: 'e2', kind: 'fqdn', value: 'x.cloudfront.net' },
        ],
        assessments: [assessment('a-2'), assessment('a-1'), assessment('a-3', { createdSeq: 1, findings: [] })],
      }),
      AS_OF,
    ],
  ];

  it.each(scenarios)('%s: identical input gives byte-identical JSON, whatever the input order', (_n, f, asOf) => {
    const once = JSON.stringify(decide(PROFILE, f, asOf, OPTS));
    expect(JSON.stringify(decide(PROFILE, structuredClone(f), asOf, OPTS))).toBe(once);
    const reversed: ServiceFacts = {
      ...f,
      registrations: [...f.registrations].reverse(),
      endpoints: [...f.endpoints].reverse(),
      assessments: [...f.assessments].reverse(),
    };
    expect(JSON.stringify(decide(PROFILE, reversed, asOf, OPTS))).toBe(once);
  });

  it('does not mutate its inputs', () => {
    const f = deepFreeze(facts());
    const p = deepFreeze(structuredClone(PROFILE));
    expect(() => decide(p, f, AS_OF, OPTS)).not.toThrow();
  });

  it('defaults options to a 90-day window', () => {
    expect(decide(PROFILE, facts(), '2026-03-02')).toEqual(decide(PROFILE, facts(), '2026-03-02', OPTS));
  });

  it.each([['2025-02-30'], ['2025/09/01'], ['']])('rejects asOf %p', (asOf) => {
    expect(() => decide(PROFILE, facts(), asOf, OPTS)).toThrow(/asOf/);
  });

  it('rejects a negative EXPIRING_SOON window', () => {
    expect(() => decide(PROFILE, facts(), AS_OF, { expiringSoonDays: -1 })).toThrow(/expiringSoonDays/);
  });
});

describe('decideMany', () => {
  it('equals decide for each service, in input order', () => {
    const list = [
      facts(),
      facts({ service: { id: 'svc-2', category: 'other' } }),
      facts({ service: { id: 'svc-3', category: 'chat' }, endpoints: [] }),
    ];
    expect(decideMany(PROFILE, list, AS_OF, OPTS)).toEqual(list.map((f) => decide(PROFILE, f, AS_OF, OPTS)));
  });

  // How fast is measured by `npm run bench` (engine decide() × 10,000), never asserted in a test.
  it('decides 10,000 services in one batch exactly as one by one', () => {
    const list: ServiceFacts[] = [];
    for (let i = 0; i < 10_000; i++) {
      const f = facts({ service: { id: `svc-${i}`, category: i % 7 === 0 ? 'other' : 'web_conferencing' } });
      f.endpoints = [
        { id: `e-${i}-1`, kind: 'fqdn', value: `*.t${i}.example.co.jp` },
        { id: `e-${i}-2`, kind: 'fqdn', value: `app${i}.example.com` },
        { id: `e-${i}-3`, kind: 'cidr', value: `150.${i % 256}.0.0/16` },
      ];
      list.push(f);
    }
    const out = decideMany(PROFILE, list, AS_OF, OPTS);
    expect(out).toHaveLength(10_000);
    expect(out.filter((d) => d.decision === 'eligible')).toHaveLength(10_000 - Math.ceil(10_000 / 7));
    expect(out.map((d) => d.serviceId)).toEqual(list.map((f) => f.service.id));
    for (const i of [0, 1, 7, 4_999, 9_999]) expect(out[i]).toEqual(decide(PROFILE, list[i], AS_OF, OPTS));
  });
});

describe('selectEdition', () => {
  const ed = (edition: string, effectiveFrom: string, effectiveUntil: string | null): ProfileEdition => ({
    ...PROFILE,
    edition,
    effectiveFrom,
    effectiveUntil,
  });
  const editions = [ed('R6.10', '2024-10-01', null), ed('R5.03', '2023-03-28', '2024-09-30'), ed('R7.03', '2025-04-01', null)];
  it.each([
    ['2023-03-27', null],
    ['2023-03-28', 'R5.03'],
    ['2024-09-30', 'R5.03'],
    ['2024-10-01', 'R6.10'],
    ['2025-03-31', 'R6.10'],
    ['2025-04-01', 'R7.03'], // R6.10 is open-ended too: the latest effectiveFrom wins
    ['2030-01-01', 'R7.03'],
  ])('on %s → %s', (asOf, edition) => {
    expect(selectEdition(editions, asOf)?.edition ?? null).toBe(edition);
  });
  it('returns null for no editions', () => {
    expect(selectEdition([], AS_OF)).toBeNull();
  });
});
