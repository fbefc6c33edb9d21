// Decisions in people's language: `message` texts chosen by Accept-Language (ja/en), one ETag per
// language, Vary; and the services list as an Excel-ready CSV.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { getText, makeProvider, makeService } from './support/factories';
import { auditor, eligibleService } from './support/scenarios';

const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));
let t: TestApp;
let serviceId: string;
// the assessment ends 2026-05-31: within 90 days of this date, so EXPIRING_SOON warns
const AS_OF = '2026-03-15';

beforeAll(async () => {
  t = await createTestApp({ clock });
  ({
    service: { id: serviceId },
  } = await eligibleService(t, await auditor(t)));
});
afterAll(() => t.close());

type Decision = {
  decision: string;
  requirements: { id: string; reason: string; message: string }[];
  warnings: { code: string; requirementId?: string; message: string }[];
  obligations: { id: string; title: string; message: string }[];
};

const decision = (language?: string, etag?: string) => {
  const req = t.http.get(`/v1/services/${serviceId}/eligibility`).query({ asOf: AS_OF });
  if (language !== undefined) req.set('Accept-Language', language);
  if (etag !== undefined) req.set('If-None-Match', etag);
  return req;
};

const text = (path: string, query: Record<string, string>, language: string) => getText(t, path, query, { 'Accept-Language': language });

const varyOf = (res: { headers: Record<string, string> }) => (res.headers.vary ?? '').split(/\s*,\s*/).map((v) => v.toLowerCase());

describe('GET /v1/services/{id}/eligibility in two languages', () => {
  it('answers in Japanese for ja, with dates and requirement titles filled in', async () => {
    const res = await decision('ja-JP,ja;q=0.9,en;q=0.8').expect(200);
    expect(res.headers['content-language']).toBe('ja');
    expect(varyOf(res)).toContain('accept-language');
    const body = res.body as Decision;
    expect(body.decision).toBe('eligible');
    const ismap = body.requirements.find((r) => r.id === 'ISMAP_REGISTERED')!;
    expect(ismap.message).toBe('登録が有効です。有効期限：2026年7月31日。');
    expect(body.requirements.find((r) => r.id === 'MFA')!.message).toBe(
      '監査人が要件を満たしていると確認しました。有効期限：2026年5月31日。',
    );
    const expiring = body.warnings.find((w) => w.code === 'EXPIRING_SOON')!;
    expect(expiring.message).toMatch(/^根拠の有効期限が近づいています。.*対象の要件：.+。期限：2026年5月31日。$/);
    const profile = (await t.http.get('/v1/profiles/tokutei-tsushin').query({ asOf: AS_OF }).expect(200)).body as {
      obligations: { id: string; title: string; titleEn: string }[];
    };
    expect(body.obligations.map((o) => o.message)).toEqual(profile.obligations.map((o) => o.title));
  });

  it('answers in English by default, for en, and for a language it does not speak', async () => {
    for (const language of [undefined, 'en', 'en-GB', 'fr', '*', 'ja;q=0']) {
      const res = await decision(language).expect(200);
      expect({ language, contentLanguage: res.headers['content-language'] }).toEqual({ language, contentLanguage: 'en' });
      const body = res.body as Decision;
      expect(body.requirements.find((r) => r.id === 'ISMAP_REGISTERED')!.message).toBe(
        'The registration is in effect. Valid until 2026-07-31.',
      );
      expect(body.warnings.find((w) => w.code === 'EXPIRING_SOON')!.message).toMatch(/ Ends: 2026-05-31\.$/);
    }
    const profile = (await t.http.get('/v1/profiles/tokutei-tsushin').query({ asOf: AS_OF }).expect(200)).body as {
      obligations: { titleEn: string }[];
    };
    expect(((await decision('en').expect(200)).body as Decision).obligations.map((o) => o.message)).toEqual(
      profile.obligations.map((o) => o.titleEn),
    );
  });

  it('weighs q-values: the language with the higher q wins', async () => {
    await decision('en;q=0.3, ja;q=0.8').expect(200).expect('Content-Language', 'ja');
    await decision('ja;q=0.5, en').expect(200).expect('Content-Language', 'en');
  });

  it('gives each language its own ETag, the same bytes every time, and 304 per language', async () => {
    const ja = await decision('ja').buffer(true).expect(200);
    const jaAgain = await decision('ja-JP').buffer(true).expect(200);
    const en = await decision('en').buffer(true).expect(200);
    expect(jaAgain.text).toBe(ja.text);
    expect(jaAgain.headers.etag).toBe(ja.headers.etag);
    expect(en.headers.etag).not.toBe(ja.headers.etag);
    expect(en.text).not.toBe(ja.text);

    const notModified = await decision('ja', ja.headers.etag).expect(304);
    expect(notModified.headers.etag).toBe(ja.headers.etag);
    expect(notModified.headers['content-language']).toBe('ja');
    expect(varyOf(notModified)).toContain('accept-language');
    await decision('en', en.headers.etag).expect(304);
    // the Japanese validator does not match the English representation
    const switched = await decision('en', ja.headers.etag).expect(200);
    expect(switched.headers.etag).toBe(en.headers.etag);
    expect(switched.headers['content-language']).toBe('en');
  });

  it('keeps codes language-neutral: only the messages differ', async () => {
    const strip = (d: Decision) => JSON.stringify(d, (k, v: unknown) => (k === 'message' ? undefined : v));
    const ja = (await decision('ja').expect(200)).body as Decision;
    const en = (await decision('en').expect(200)).body as Decision;
    expect(strip(ja)).toBe(strip(en));
  });
});

describe('bulk decisions in two languages', () => {
  it('carries messages on every item of the JSON page, with per-language ETags and Vary', async () => {
    const ja = await t.http.get('/v1/eligibility').query({ asOf: AS_OF }).set('Accept-Language', 'ja').expect(200);
    const en = await t.http.get('/v1/eligibility').query({ asOf: AS_OF }).set('Accept-Language', 'en').expect(200);
    expect(ja.headers['content-language']).toBe('ja');
    expect(varyOf(ja)).toContain('accept-language');
    expect(ja.headers.etag).not.toBe(en.headers.etag);
    const mine = (ja.body.items as (Decision & { serviceId: string })[]).find((d) => d.serviceId === serviceId)!;
    expect(mine.requirements.every((r) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(r.message))).toBe(true);
    expect(mine.warnings.every((w) => w.message.length > 0)).toBe(true);
    await t.http
      .get('/v1/eligibility')
      .query({ asOf: AS_OF })
      .set('Accept-Language', 'ja')
      .set('If-None-Match', ja.headers.etag)
      .expect(304)
      .expect('Content-Language', 'ja');
  });

  it('adds a message column to the decisions CSV in the chosen language', async () => {
    const ja = await text('/v1/eligibility', { asOf: AS_OF, format: 'csv' }, 'ja');
    const en = await text('/v1/eligibility', { asOf: AS_OF, format: 'csv' }, 'en');
    expect(ja.res.headers['content-language']).toBe('ja');
    const header = ja.body.slice(1).split('\r\n')[0];
    expect(header).toBe('serviceId,profile,edition,asOf,decision,validUntil,notSatisfied,warnings,message');
    const jaRow = ja.body.split('\r\n').find((l) => l.startsWith(serviceId))!;
    const enRow = en.body.split('\r\n').find((l) => l.startsWith(serviceId))!;
    // five attestations end that day: one sentence names them all
    expect(jaRow).toMatch(
      /,EXPIRING_SOON( EXPIRING_SOON){4},"?利用可。根拠の有効期限が近づいています。[^。]+。対象の要件：[^。]+、[^。]+。期限：2026年5月31日。"?$/,
    );
    expect(enRow).toMatch(
      /,EXPIRING_SOON( EXPIRING_SOON){4},"?Eligible\. Evidence behind this decision ends soon\. [^.]+\. Requirement: .+\. Ends: 2026-05-31\."?$/,
    );
    expect(ja.res.headers.etag).not.toBe(en.res.headers.etag);
  });
});

describe('language-neutral representations', () => {
  it('leaves the allowlist alone: one ETag for every language, no Vary on Accept-Language', async () => {
    const ja = await t.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf: AS_OF }).set('Accept-Language', 'ja').expect(200);
    const en = await t.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf: AS_OF }).set('Accept-Language', 'en').expect(200);
    expect(ja.headers.etag).toBe(en.headers.etag);
    expect(ja.headers['content-language']).toBeUndefined();
    expect(varyOf(ja)).not.toContain('accept-language');
  });

  it('signs receipts over the decision without messages, whatever the language asked', async () => {
    const res = await t.http
      .get(`/v1/services/${serviceId}/eligibility/receipt`)
      .query({ asOf: AS_OF })
      .set(t.admin)
      .set('Accept-Language', 'ja')
      .expect(200);
    const statement = JSON.parse(Buffer.from(res.body.payload as string, 'base64').toString('utf8')) as {
      predicate: { decision: Decision };
    };
    expect(JSON.stringify(statement.predicate.decision)).not.toContain('"message"');
    expect(res.headers['content-language']).toBeUndefined();
  });
});

describe('GET /v1/services?format=csv', () => {
  it('gives every matching service in one Excel-ready file: BOM, CRLF, header, ISO dates, formulas escaped', async () => {
    const provider = await makeProvider(t);
    const names = ['=HYPERLINK("http://x")', 'あおば会議, "本庁"', '@しずく', '+ミナト', '-ゆうひ', 'さくら共有'];
    const made: { id: string }[] = [];
    for (const name of names) made.push(await makeService(t, { providerId: provider.id, name, nameEn: `Svc ${made.length}` }));
    const { res, body } = await text('/v1/services', { providerId: provider.id, format: 'csv', limit: '2' }, 'ja');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="services-2025-12-01.csv"');
    expect(
      body.startsWith(
        '\uFEFFid,name,nameEn,providerId,category,serviceModel,lifecycleStatus,retiredOn,description,version,createdAt,updatedAt\r\n',
      ),
    ).toBe(true);
    expect(body.endsWith('\r\n')).toBe(true);
    const lines = body.slice(1).split('\r\n').slice(1, -1);
    // all of them (no paging), in the JSON list's order
    const json = (await t.http.get('/v1/services').query({ providerId: provider.id, limit: 500 }).expect(200)).body as {
      items: { id: string; name: string; createdAt: string }[];
    };
    expect(lines).toHaveLength(names.length);
    expect(lines.map((l) => l.slice(0, 36))).toEqual(json.items.map((s) => s.id));
    const row = (name: string) => lines[json.items.findIndex((s) => s.name === name)];
    expect(row('=HYPERLINK("http://x")')).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(row('@しずく')).toContain(",'@しずく,");
    expect(row('+ミナト')).toContain(",'+ミナト,");
    expect(row('-ゆうひ')).toContain(",'-ゆうひ,");
    expect(row('あおば会議, "本庁"')).toContain(',"あおば会議, ""本庁""",');
    const sakura = json.items.find((s) => s.name === 'さくら共有')!;
    expect(row('さくら共有')).toMatch(
      new RegExp(
        `^${sakura.id},さくら共有,Svc 5,${provider.id},web_conferencing,,active,,,1,${sakura.createdAt},\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z$`,
      ),
    );
  });

  it('applies the JSON filters', async () => {
    const provider = await makeProvider(t);
    await makeService(t, { providerId: provider.id, name: 'フィルタ会議', category: 'web_conferencing' });
    await makeService(t, { providerId: provider.id, name: 'フィルタ共有', category: 'file_sharing' });
    const { body } = await text('/v1/services', { providerId: provider.id, category: 'file_sharing', format: 'csv' }, 'en');
    const lines = body.slice(1).split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(',フィルタ共有,');
    const none = await text('/v1/services', { q: 'ないはずの名前', format: 'csv' }, 'en');
    expect(none.body.slice(1).split('\r\n')).toEqual([
      'id,name,nameEn,providerId,category,serviceModel,lifecycleStatus,retiredOn,description,version,createdAt,updatedAt',
      '',
    ]);
  });

  it('refuses an unknown format with a problem', async () => {
    const res = await t.http.get('/v1/services').query({ format: 'xlsx' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
