import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REASON_CODES, WARNING_CODES } from '@app/eligibility-engine';
import { createTestApp, FixedClock, type TestApp } from './support/app';
import { getText } from './support/factories';
import { auditor, eligibleService } from './support/scenarios';

const clock = new FixedClock(new Date('2025-12-01T03:00:00Z'));
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

const textOf = (path: string, query: Record<string, string>) => getText(t, path, query);

describe('the staff page', () => {
  it('is served at / as Japanese HTML under a strict same-origin CSP that does not upgrade to https', async () => {
    const res = await t.http.get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<html lang="ja">');
    expect(res.text).toContain('<script src="/app.js" defer></script>');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('serves its script and style from the same origin', async () => {
    await t.http
      .get('/app.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    await t.http
      .get('/style.css')
      .expect(200)
      .expect('Content-Type', /text\/css/);
  });

  it('gzips its files for clients that accept it, and only them; API answers are left as they are', async () => {
    const zipped = await t.http.get('/app.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    const plain = await t.http.get('/app.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.text).toBe(plain.text);
    const api = await t.http.get('/v1/reasons').set('Accept-Encoding', 'gzip').expect(200);
    expect(api.headers['content-encoding']).toBeUndefined();
  });
});

describe('GET /v1/reasons', () => {
  it('gives Japanese and English text for every reason, warning, outcome and obligation code', async () => {
    const { body } = await t.http.get('/v1/reasons').expect(200);
    const items = body.items as { code: string; kind: string; ja: string; en: string }[];
    const byKind = (kind: string) => new Set(items.filter((i) => i.kind === kind).map((i) => i.code));
    expect([...byKind('reason')].sort()).toEqual([...REASON_CODES].sort());
    expect([...byKind('warning')].sort()).toEqual([...WARNING_CODES].sort());
    expect(byKind('decision')).toEqual(new Set(['eligible', 'ineligible', 'indeterminate']));
    expect(byKind('outcome')).toEqual(new Set(['satisfied', 'failed', 'missing', 'expired', 'not_applicable']));
    const profiles = (await t.http.get('/v1/profiles').expect(200)).body.items as { obligations: { id: string }[] }[];
    expect(byKind('obligation')).toEqual(new Set(profiles.flatMap((p) => p.obligations.map((o) => o.id))));
    for (const item of items) {
      expect(item.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(item.en).toMatch(/^[\x20-\x7e\u2019\u201c\u201d\u7279\u5b9a\u901a\u4fe1]+$/);
    }
  });
});

describe('Excel-ready CSV exports', () => {
  let serviceId: string;
  beforeAll(async () => {
    const { service } = await eligibleService(t, await auditor(t));
    serviceId = service.id;
  });

  it('allowlist: BOM, CRLF, a header row and one row per destination', async () => {
    const { res, body } = await textOf('/v1/allowlists/tokutei-tsushin', { asOf: '2025-12-01', format: 'csv' });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="allowlist-tokutei-tsushin-2025-12-01.csv"');
    const json = (await t.http.get('/v1/allowlists/tokutei-tsushin').query({ asOf: '2025-12-01' }).expect(200)).body;
    expect(body.startsWith('\uFEFFkind,value,ports,serviceCount,services,profile,edition,asOf\r\n')).toBe(true);
    const lines = body.slice(1).split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(json.entries.length);
    expect(lines[0]).toBe(
      `${json.entries[0].kind},${json.entries[0].value},${json.entries[0].ports.join(' ')},1,${serviceId},tokutei-tsushin,R6.10,2025-12-01`,
    );
  });

  it('bulk decisions: one row per service with what is not satisfied, and the same ETag mechanism', async () => {
    const { res, body } = await textOf('/v1/eligibility', { asOf: '2025-12-01', format: 'csv' });
    const lines = body.slice(1).split('\r\n');
    expect(lines[0]).toBe('serviceId,profile,edition,asOf,decision,validUntil,notSatisfied,warnings,message');
    expect(lines).toContain(`${serviceId},tokutei-tsushin,R6.10,2025-12-01,eligible,2026-05-31,,,Eligible.`);
    const etag = res.headers.etag;
    await t.http.get('/v1/eligibility').query({ asOf: '2025-12-01', format: 'csv' }).set('If-None-Match', etag).expect(304);
    const jsonEtag = (await t.http.get('/v1/eligibility').query({ asOf: '2025-12-01' }).expect(200)).headers.etag;
    expect(jsonEtag).not.toBe(etag);
  });

  it('expiring reviews: the whole window in one file', async () => {
    const { body } = await textOf('/v1/reviews/expiring', { asOf: '2026-05-02', within: '90', format: 'csv' });
    const lines = body.slice(1).split('\r\n').slice(0, -1);
    expect(lines[0]).toBe('kind,id,serviceId,validUntil,daysLeft,asOf');
    const json = (await t.http.get('/v1/reviews/expiring').query({ asOf: '2026-05-02', within: 90, limit: 500 }).expect(200)).body;
    expect(lines.slice(1)).toEqual(
      json.items.map(
        (i: { kind: string; id: string; serviceId: string; validUntil: string; daysLeft: number }) =>
          `${i.kind},${i.id},${i.serviceId},${i.validUntil},${i.daysLeft},2026-05-02`,
      ),
    );
    expect(lines.length).toBeGreaterThan(1);
  });

  it('refuses an unknown format with a problem', async () => {
    const res = await t.http.get('/v1/eligibility').query({ format: 'xlsx' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
