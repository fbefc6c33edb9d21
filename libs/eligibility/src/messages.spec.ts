import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Decision,
  type DecisionWarning,
  type ProfileEdition,
  OBLIGATION_REASONS,
  REASON_CODES,
  type RequirementResult,
  SERVICE_RETIREMENT_RESULT_ID,
  WARNING_CODES,
} from '@app/eligibility-engine';
import { LANGUAGES } from '@app/shared';
import { DecisionMessages, fill, formatDate } from './messages';
import { DECISION_TEXTS, OBLIGATION_STATUS_TEXTS, OUTCOME_TEXTS, PHRASES, REASON_TEXTS, type Text, WARNING_TEXTS } from './reasons';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const ENGINE = join(process.cwd(), 'libs', 'eligibility-engine', 'src');
const CRITERIA = join(process.cwd(), 'data', 'criteria');

/** Every UPPER_SNAKE string literal in the engine's (non-test) source: the codes it can give. */
const engineLiterals = (): string[] => {
  const found = new Set<string>();
  for (const file of readdirSync(ENGINE).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'))) {
    const code = readFileSync(join(ENGINE, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // not in comments
    for (const m of code.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)) found.add(m[1]);
  }
  return [...found].sort();
};

const expectBothLanguages = (text: Text | undefined, code: string) => {
  expect({ code, has: text !== undefined }).toEqual({ code, has: true });
  for (const language of LANGUAGES) expect({ code, language, text: text![language].trim() }).not.toMatchObject({ text: '' });
  expect({ code, ja: JAPANESE.test(text!.ja) }).toEqual({ code, ja: true });
  expect({ code, en: JAPANESE.test(text!.en) }).toEqual({ code, en: false });
};

describe('the reasons catalogue covers the engine', () => {
  it.each(REASON_CODES.map((c) => [c]))('reason %s has ja and en text', (code) => expectBothLanguages(REASON_TEXTS[code], code));
  it.each(WARNING_CODES.map((c) => [c]))('warning %s has ja and en text', (code) => expectBothLanguages(WARNING_TEXTS[code], code));
  it.each(OBLIGATION_REASONS.map((c) => [c]))('obligation status reason %s has ja and en text', (code) =>
    expectBothLanguages(OBLIGATION_STATUS_TEXTS[code], code),
  );
  it.each(Object.keys(OUTCOME_TEXTS).map((c) => [c]))('outcome %s has ja and en text', (code) =>
    expectBothLanguages(OUTCOME_TEXTS[code as keyof typeof OUTCOME_TEXTS], code),
  );
  it.each(Object.keys(DECISION_TEXTS).map((c) => [c]))('decision %s has ja and en text', (code) =>
    expectBothLanguages(DECISION_TEXTS[code as keyof typeof DECISION_TEXTS], code),
  );

  it('has a text for every code literal in the engine source (a new code without text fails here)', () => {
    const texts: Record<string, Text> = { ...REASON_TEXTS, ...WARNING_TEXTS, ...OBLIGATION_STATUS_TEXTS };
    const missing = engineLiterals().filter((code) => code !== SERVICE_RETIREMENT_RESULT_ID && !texts[code]);
    expect(missing).toEqual([]);
    expect(engineLiterals().length).toBeGreaterThanOrEqual(REASON_CODES.length + WARNING_CODES.length);
  });

  it('has no text for a code the engine does not know', () => {
    expect(Object.keys(REASON_TEXTS).sort()).toEqual([...REASON_CODES].sort());
    expect(Object.keys(WARNING_TEXTS).sort()).toEqual([...WARNING_CODES].sort());
  });

  it('has ja and en titles for every requirement and obligation of the shipped profiles', () => {
    for (const file of readdirSync(CRITERIA).filter((f) => f.endsWith('.json'))) {
      const profile = JSON.parse(readFileSync(join(CRITERIA, file), 'utf8')) as ProfileEdition;
      for (const item of [...profile.requirements, ...profile.obligations])
        expectBothLanguages({ ja: item.title, en: item.titleEn }, item.id);
    }
  });
});

describe('formatDate and fill', () => {
  it.each([
    ['2026-07-31', 'ja', '2026年7月31日'],
    ['2026-01-01', 'ja', '2026年1月1日'],
    ['0001-01-01', 'ja', '1年1月1日'],
    ['9999-12-31', 'ja', '9999年12月31日'],
    ['2026-07-31', 'en', '2026-07-31'],
  ] as const)('%s in %s is %s', (date, language, text) => expect(formatDate(date, language)).toBe(text));

  it('fills every placeholder and refuses a missing one', () => {
    expect(fill(PHRASES.validUntil.ja, { date: 'X' })).toBe('有効期限：X。');
    expect(() => fill(PHRASES.requirement.en, { date: 'X' })).toThrow('{title}');
  });
});

const PROFILE: Pick<ProfileEdition, 'requirements' | 'obligations'> = {
  requirements: [
    { id: 'ISMAP_REGISTERED', kind: 'scheme', mandatory: true, title: 'ISMAPに登録', titleEn: 'ISMAP registered', source: '', params: {} },
    {
      id: 'MFA',
      kind: 'attestation',
      mandatory: true,
      title: '多要素認証',
      titleEn: 'Multi-factor authentication',
      source: '',
      params: {},
    },
  ],
  obligations: [{ id: 'ENDPOINT_EDR', title: '端末にEDRを導入', titleEn: 'EDR on terminals', source: '' }],
};

const result = (over: Partial<RequirementResult>): RequirementResult => ({
  id: 'ISMAP_REGISTERED',
  mandatory: true,
  outcome: 'satisfied',
  reason: 'REGISTRATION_IN_EFFECT',
  basis: [],
  validUntil: null,
  ...over,
});

describe('DecisionMessages', () => {
  const ja = new DecisionMessages(PROFILE, 'ja');
  const en = new DecisionMessages(PROFILE, 'en');

  it.each([
    [result({}), '登録が有効です。', 'The registration is in effect.'],
    [
      result({ validUntil: '2026-07-31' }),
      '登録が有効です。有効期限：2026年7月31日。',
      'The registration is in effect. Valid until 2026-07-31.',
    ],
    [
      result({ outcome: 'expired', reason: 'ASSESSMENT_EXPIRED', validUntil: '2025-11-30' }),
      '評価の有効期限が切れています。新しい評価が必要です。根拠は2025年11月30日まで有効でした。',
      'The assessment behind this result has expired. A new assessment is needed. The evidence counted until 2025-11-30.',
    ],
    [
      result({ outcome: 'failed', reason: 'REGISTRATION_ABSENT' }),
      REASON_TEXTS.REGISTRATION_ABSENT.ja,
      REASON_TEXTS.REGISTRATION_ABSENT.en,
    ],
    [
      result({
        validUntil: '2026-07-31',
        basis: [{ type: 'registration', id: 'r', coverage: { registeredServiceId: 's', effectiveOn: '2025-06-01', endedOn: null } }],
      }),
      '登録が有効です。同じ事業者の別サービスの登録で、このサービスは2025年6月1日から登録の対象範囲に含まれます。有効期限：2026年7月31日。',
      'The registration is in effect. The registration is recorded for another service of the provider; its scope covers this service from 2025-06-01. Valid until 2026-07-31.',
    ],
  ])('requirement %j', (r, jaText, enText) => {
    expect(ja.requirement(r)).toBe(jaText);
    expect(en.requirement(r)).toBe(enText);
  });

  it.each([
    [{ code: 'RENEWAL_PENDING' }, WARNING_TEXTS.RENEWAL_PENDING.ja, WARNING_TEXTS.RENEWAL_PENDING.en],
    [
      { code: 'EXPIRING_SOON', requirementId: 'MFA', validUntil: '2026-02-28' },
      `${WARNING_TEXTS.EXPIRING_SOON.ja}対象の要件：多要素認証。期限：2026年2月28日。`,
      `${WARNING_TEXTS.EXPIRING_SOON.en} Requirement: Multi-factor authentication. Ends: 2026-02-28.`,
    ],
    [
      { code: 'EXPIRING_SOON', validUntil: '2026-02-28' },
      `${WARNING_TEXTS.EXPIRING_SOON.ja}期限：2026年2月28日。`,
      `${WARNING_TEXTS.EXPIRING_SOON.en} Ends: 2026-02-28.`,
    ],
    [
      { code: 'RECOMMENDED_NOT_MET', requirementId: 'UNKNOWN_REQ' },
      `${WARNING_TEXTS.RECOMMENDED_NOT_MET.ja}対象の要件：UNKNOWN_REQ。`,
      `${WARNING_TEXTS.RECOMMENDED_NOT_MET.en} Requirement: UNKNOWN_REQ.`,
    ],
  ] as [DecisionWarning, string, string][])('warning %j', (w, jaText, enText) => {
    expect(ja.warning(w)).toBe(jaText);
    expect(en.warning(w)).toBe(enText);
  });

  const decision: Decision = {
    serviceId: '00000000-0000-4000-8000-000000000001',
    profile: { key: 'tokutei-tsushin', edition: 'R6.10' },
    asOf: '2025-12-01',
    decision: 'ineligible',
    validUntil: null,
    requirements: [
      result({ id: SERVICE_RETIREMENT_RESULT_ID, outcome: 'failed', reason: 'SERVICE_RETIRED' }),
      result({ validUntil: '2026-07-31' }),
      result({ id: 'MFA', outcome: 'missing', reason: 'NO_FINDING' }),
    ],
    obligations: [{ id: 'ENDPOINT_EDR', title: '端末にEDRを導入' }],
    warnings: [{ code: 'RENEWAL_PENDING', requirementId: 'ISMAP_REGISTERED' }],
  };
  const expiring: Decision = {
    ...decision,
    decision: 'eligible',
    requirements: [],
    warnings: [
      { code: 'EXPIRING_SOON', requirementId: 'ISMAP_REGISTERED', validUntil: '2026-02-28' },
      { code: 'EXPIRING_SOON', requirementId: 'MFA', validUntil: '2026-02-28' },
      { code: 'EXPIRING_SOON', validUntil: '2026-03-01' },
    ],
  };

  it('adds messages without touching the engine decision, in a fixed key order', () => {
    const frozen = JSON.stringify(decision);
    const localized = en.localize(decision);
    expect(JSON.stringify(decision)).toBe(frozen);
    expect(Object.keys(localized.requirements[0])).toEqual(['id', 'mandatory', 'outcome', 'reason', 'message', 'basis', 'validUntil']);
    expect(localized.obligations).toEqual([{ id: 'ENDPOINT_EDR', title: '端末にEDRを導入', message: 'EDR on terminals' }]);
    expect(ja.localize(decision).obligations[0].message).toBe('端末にEDRを導入');
    expect(JSON.stringify(en.localize(decision))).toBe(JSON.stringify(localized));
  });

  it('localizes a decision once: the same copy for the same decision, texts remembered', () => {
    const messages = new DecisionMessages(PROFILE, 'ja');
    expect(messages.localize(decision)).toBe(messages.localize(decision));
    expect(messages.localize({ ...decision })).not.toBe(messages.localize(decision));
    expect(messages.localize({ ...decision })).toEqual(messages.localize(decision));
  });

  it('summarises a decision for the CSV, naming requirements (the service-level one too)', () => {
    expect(ja.summary(decision)).toBe(
      `利用不可。【サービスの提供継続】${REASON_TEXTS.SERVICE_RETIRED.ja}【多要素認証】${REASON_TEXTS.NO_FINDING.ja}` +
        `${WARNING_TEXTS.RENEWAL_PENDING.ja}対象の要件：ISMAPに登録。`,
    );
    expect(en.summary(decision)).toBe(
      `Not eligible. [The service is still offered] ${REASON_TEXTS.SERVICE_RETIRED.en} [Multi-factor authentication] ` +
        `${REASON_TEXTS.NO_FINDING.en} ${WARNING_TEXTS.RENEWAL_PENDING.en} Requirement: ISMAP registered.`,
    );
  });

  it('says a warning once per code and date in the summary, naming every requirement it concerns', () => {
    expect(ja.summary(expiring)).toBe(
      `利用可。${WARNING_TEXTS.EXPIRING_SOON.ja}対象の要件：ISMAPに登録、多要素認証。期限：2026年2月28日。` +
        `${WARNING_TEXTS.EXPIRING_SOON.ja}期限：2026年3月1日。`,
    );
    expect(en.summary(expiring)).toBe(
      `Eligible. ${WARNING_TEXTS.EXPIRING_SOON.en} Requirement: ISMAP registered, Multi-factor authentication. Ends: 2026-02-28. ` +
        `${WARNING_TEXTS.EXPIRING_SOON.en} Ends: 2026-03-01.`,
    );
    // the JSON keeps one message per warning
    expect(en.localize(expiring).warnings.map((w) => w.message)).toEqual([
      `${WARNING_TEXTS.EXPIRING_SOON.en} Requirement: ISMAP registered. Ends: 2026-02-28.`,
      `${WARNING_TEXTS.EXPIRING_SOON.en} Requirement: Multi-factor authentication. Ends: 2026-02-28.`,
      `${WARNING_TEXTS.EXPIRING_SOON.en} Ends: 2026-03-01.`,
    ]);
  });
});
