// The staff page driven as a person would, in a real headless Chromium (Debian's chromium-headless-shell,
// installed by .ci/run), against the API on real PostgreSQL. Screenshots go to test-output/browser/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createTestApp, FixedClock, type TestApp } from '../support/app';
import { makeCredential, makeEndpoint, makeRegistration, makeService } from '../support/factories';
import { auditor, publish } from '../support/scenarios';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
const SHOTS = join(process.cwd(), 'test-output', 'browser');
const AS_OF = '2025-12-01';

let t: TestApp;
let base: string;
let browser: Browser;
let municipalityKey: string;

beforeAll(async () => {
  t = await createTestApp({ clock: new FixedClock(new Date('2025-12-01T03:00:00Z')) });
  await t.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  mkdirSync(SHOTS, { recursive: true });

  const service = await makeService(t, { name: 'ミライ会議', nameEn: 'Mirai Meet' });
  await makeRegistration(t, service.id, { registeredOn: '2025-05-01', auditPeriodEnd: '2025-03-31' });
  await makeEndpoint(t, service.id, { value: 'meet.mirai.example.jp' });
  await publish(t, service.id, await auditor(t));
  const broad = await makeService(t, { name: 'ヒロバ共有', nameEn: 'Hiroba Share', category: 'file_sharing' });
  await makeRegistration(t, broad.id, { registeredOn: '2025-05-01', auditPeriodEnd: '2025-03-31' });
  await makeEndpoint(t, broad.id, { kind: 'cidr', value: '8.0.0.0/8' });
  await publish(t, broad.id, await auditor(t, '監査法人B'));

  // an upcoming edition that asks for evidence no older than 180 days, effective 2026-04-01
  const current = (await t.http.get('/v1/profiles/tokutei-tsushin').query({ asOf: AS_OF }).expect(200)).body;
  await t.http
    .post('/v1/profiles')
    .set(t.admin)
    .send({ ...current, edition: 'R8.4', effectiveFrom: '2026-04-01', maxEvidenceAgeDays: 180 })
    .expect(201);

  const municipality = await makeCredential(t, 'municipality', { municipalityCode: '011002' });
  municipalityKey = municipality.header.Authorization.slice('Bearer '.length);
  await t.http
    .post('/v1/municipalities/011002/usages')
    .set(municipality.header)
    .send({ serviceId: service.id, profile: 'tokutei-tsushin', purpose: '庁内ウェブ会議' })
    .expect(201);
  await t.http
    .post('/v1/municipalities/011002/usages')
    .set(municipality.header)
    .send({ serviceId: broad.id, profile: 'tokutei-tsushin' })
    .expect(201);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(lang: 'ja' | 'en' = 'ja', options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-US', bypassCSP: options.bypassCSP ?? false });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${base}/${lang === 'en' ? '?lang=en' : ''}`);
  await page.fill('#asOf', AS_OF);
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;

async function searchAndOpen(page: Page, query: string, name: string) {
  await page.fill('#q', query);
  await page.click('#search-form button[type=submit]');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.locator('#decision .badge').first().waitFor();
}

describe('staff journeys in Japanese', () => {
  it('finds a service by hiragana and reads its decision, reasons, end date and obligations', async () => {
    const page = await open('ja');
    await searchAndOpen(page, 'みらい', 'ミライ会議');
    const decision = page.locator('#decision');
    await expect(decision.locator('.badge').first().textContent()).resolves.toBe('利用可');
    const text = (await decision.textContent()) ?? '';
    expect(text).toContain('2026-05-31'); // usable until: the assessment's end
    expect(text).toContain('登録が有効です。有効期限：2026年7月31日。'); // the decision's own message, date filled in
    expect(text).toContain('監査人が要件を満たしていると確認しました。');
    expect(text).toContain('利用にあたって自団体で行うこと');
    // the upcoming edition (evidence no older than 180 days) is compared
    expect(text).toContain('次の版（R8.4、2026-04-01 施行）での判定');
    await page.screenshot({ path: join(SHOTS, 'ja-decision.png'), fullPage: true });
    await page.screenshot({ path: join(SHOTS, 'ja-decision-viewport.png') }); // the README's picture
    expect(errorsOf(page)).toEqual([]);
  });

  it('explains a refusal in plain Japanese', async () => {
    const page = await open('ja');
    await searchAndOpen(page, 'ひろば', 'ヒロバ共有');
    const text = (await page.locator('#decision').textContent()) ?? '';
    expect(text).toContain('利用不可');
    expect(text).toContain('接続先の範囲が広すぎます');
    await page.screenshot({ path: join(SHOTS, 'ja-refusal.png'), fullPage: true });
  });

  it('offers the allowlist for the firewall as text, CSV and JSON', async () => {
    const page = await open('ja');
    for (const format of ['txt', 'csv', 'json']) {
      const href = await page.locator(`#allow-${format}`).getAttribute('href');
      expect(href).toBe(`/v1/allowlists/tokutei-tsushin?asOf=${AS_OF}&format=${format}`);
      const res = await page.request.get(`${base}${href}`);
      expect(res.status()).toBe(200);
      expect(await res.text()).toContain('meet.mirai.example.jp');
    }
  });

  it('lists reviews ending soon with service names', async () => {
    const page = await open('ja');
    await page.fill('#within', '365');
    await page.click('#expiring-form button[type=submit]');
    await page.locator('#expiring tbody tr').first().waitFor();
    const text = (await page.locator('#expiring').textContent()) ?? '';
    expect(text).toContain('ミライ会議');
    expect(text).toContain('監査人の評価');
    await page.screenshot({ path: join(SHOTS, 'ja-expiring.png'), fullPage: true });
  });

  it('shows a municipality its usages and the ones at risk', async () => {
    const page = await open('ja');
    await page.fill('#code', '011002');
    await page.fill('#key', municipalityKey);
    await page.click('#mine-form button[type=submit]');
    await page.locator('#mine tbody tr').nth(1).waitFor();
    const rows = await page.locator('#mine tbody tr').allTextContents();
    expect(rows.find((r) => r.includes('ヒロバ共有'))).toContain('要対応');
    expect(rows.find((r) => r.includes('ミライ会議'))).toContain('庁内ウェブ会議');
    await page.screenshot({ path: join(SHOTS, 'ja-municipality.png'), fullPage: true });
  });

  it('says what went wrong with a bad key, without a crash', async () => {
    const page = await open('ja');
    await page.fill('#code', '011002');
    await page.fill('#key', 'not-a-real-key-0123456789');
    await page.click('#mine-form button[type=submit]');
    await page.locator('#mine-status.error').waitFor();
    await expect(page.locator('#mine-status').textContent()).resolves.toMatch(/^エラー：/);
    expect(errorsOf(page).filter((e) => !e.includes('401'))).toEqual([]);
  });
});

describe('the English switch', () => {
  it('renders the same decision with English reasons and keeps the choice on the page', async () => {
    const page = await open('ja');
    await page.click('#lang');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await searchAndOpen(page, 'mirai', 'Mirai Meet');
    const text = (await page.locator('#decision').textContent()) ?? '';
    expect(text).toContain('Eligible');
    expect(text).toContain('The registration is in effect. Valid until 2026-07-31.');
    expect(text).toContain('Files entering the LGWAN-connected segment are sanitized'); // an obligation's message
    expect(text).toContain('What your municipality must do to use it');
    await page.screenshot({ path: join(SHOTS, 'en-decision.png'), fullPage: true });
  });

  it('lists expiring reviews and usages in English', async () => {
    const page = await open('en');
    await page.fill('#within', '365');
    await page.click('#expiring-form button[type=submit]');
    await page.locator('#expiring tbody tr').first().waitFor();
    expect(await page.locator('#expiring').textContent()).toContain('Auditor assessment');
    await page.fill('#code', '011002');
    await page.fill('#key', municipalityKey);
    await page.click('#mine-form button[type=submit]');
    await page.locator('#mine tbody tr').nth(1).waitFor();
    expect(await page.locator('#mine').textContent()).toContain('Action needed');
    await page.screenshot({ path: join(SHOTS, 'en-lists.png'), fullPage: true });
  });
});

describe('accessibility', () => {
  it('works with the keyboard alone', async () => {
    const page = await open('ja');
    await page.goto(base); // a fresh page: nothing focused yet
    await page.keyboard.press('Tab'); // skip link
    await expect(page.evaluate<string>('document.activeElement?.className')).resolves.toBe('skip');
    await page.keyboard.press('Tab'); // language switch
    await page.keyboard.press('Tab'); // search box
    await expect(page.evaluate<string>('document.activeElement?.id')).resolves.toBe('q');
    await page.keyboard.type('みらい');
    await page.keyboard.press('Enter');
    await page.locator('#results li').first().waitFor();
    // move on to the result's button, open the decision; focus lands on the decision heading
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate<boolean>("document.activeElement?.closest('#results') !== null")) break;
    }
    await page.keyboard.press('Enter');
    await page.locator('#decision .badge').first().waitFor();
    await expect(page.evaluate<string>('document.activeElement?.id')).resolves.toBe('h-decision');
  });

  it('has no serious or critical axe-core violations in either language', async () => {
    const axeSource = createRequire(join(process.cwd(), 'package.json')).resolve('axe-core/axe.min.js');
    for (const lang of ['ja', 'en'] as const) {
      // axe is injected as an inline script: only this check bypasses the page's CSP
      const page = await open(lang, { bypassCSP: true });
      await searchAndOpen(page, lang === 'ja' ? 'みらい' : 'mirai', lang === 'ja' ? 'ミライ会議' : 'Mirai Meet');
      await page.addScriptTag({ path: axeSource });
      const violations = await page.evaluate<string[]>(`axe.run().then((r) => r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.impact + ': ' + v.id + ' ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
      expect(violations).toEqual([]);
    }
  });
});

/** What the Performance API reports for one resource (navigation or fetched). */
interface Transfer {
  name: string;
  type: string;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
}

describe('page weight and first render (Performance API in Chromium)', () => {
  it('measures the transfer size of every resource, first contentful paint and the time to the first decision', async () => {
    const context = await browser.newContext({ locale: 'ja-JP' });
    const page = await context.newPage(); // a fresh context: nothing cached
    await page.goto(base, { waitUntil: 'networkidle' });
    await page.waitForFunction("performance.getEntriesByName('first-contentful-paint').length > 0");
    const load = await page.evaluate<{ fcp: number; domContentLoaded: number; load: number; resources: Transfer[] }>(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const pick = (e, type) => ({ name: new URL(e.name).pathname + new URL(e.name).search, type, transferSize: e.transferSize,
        encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize });
      return {
        fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        resources: [pick(nav, 'document'), ...performance.getEntriesByType('resource').map((e) => pick(e, e.initiatorType))],
      };
    })()`);
    await page.fill('#asOf', AS_OF);
    const before = await page.evaluate<number>('performance.getEntriesByType("resource").length');
    await searchAndOpen(page, 'みらい', 'ミライ会議');
    await page.waitForFunction("performance.getEntriesByName('decision-rendered').length > 0");
    const decision = await page.evaluate<{ ms: number; resources: Transfer[] }>(`(() => {
      const m = performance.measure('decision', 'decision-requested', 'decision-rendered');
      return { ms: m.duration, resources: performance.getEntriesByType('resource').slice(${before}).map((e) => ({
        name: new URL(e.name).pathname, type: e.initiatorType, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize,
        decodedBodySize: e.decodedBodySize })) };
    })()`);
    await context.close();

    const sum = (rs: Transfer[]) => rs.reduce((n, r) => n + r.transferSize, 0);
    // what the same static files weigh gzip-compressed (as the API serves them to a browser)
    const gzipped = ['index.html', 'app.js', 'style.css'].reduce(
      (n, f) => n + gzipSync(readFileSync(join(process.cwd(), 'web', f))).length,
      0,
    );
    const figures = {
      page: { transferBytes: sum(load.resources), requests: load.resources.length, resources: load.resources },
      staticFilesGzipBytes: gzipped,
      firstContentfulPaintMs: Math.round(load.fcp),
      domContentLoadedMs: Math.round(load.domContentLoaded),
      loadMs: Math.round(load.load),
      firstDecision: { renderMs: Math.round(decision.ms), transferBytes: sum(decision.resources), requests: decision.resources.length },
    };
    writeFileSync(join(SHOTS, 'page-metrics.json'), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(
      `staff page: ${figures.page.requests} requests, ${figures.page.transferBytes} bytes transferred ` +
        `(static files ${gzipped} bytes gzipped, as served); first contentful paint ${figures.firstContentfulPaintMs} ms; ` +
        `first decision rendered ${figures.firstDecision.renderMs} ms after the click ` +
        `(${figures.firstDecision.requests} API requests, ${figures.firstDecision.transferBytes} bytes)\n`,
    );

    // every resource of the page came from the same origin and was counted
    expect(load.resources.map((r) => r.name).sort()).toEqual(['/', '/app.js', '/style.css', '/v1/reasons'].sort());
    expect(load.resources.every((r) => r.transferSize > 0 && r.transferSize >= r.encodedBodySize)).toBe(true);
    expect(figures.firstContentfulPaintMs).toBeGreaterThan(0);
    expect(figures.firstDecision.requests).toBeGreaterThanOrEqual(3); // decision, profile, editions
    expect(figures.firstDecision.renderMs).toBeGreaterThan(0);
  });
});

describe('the outlook journey (issue 13)', () => {
  it('shows a municipality what is coming by date, with the next edition’s flip, and offers it as .ics', async () => {
    const page = await open('ja');
    await page.fill('#code', '011002');
    await page.fill('#key', municipalityKey);
    await page.fill('#outlook-until', '2026-12-31');
    await page.click('#outlook-form button[type=submit]');
    await page.locator('#outlook tbody tr').first().waitFor();
    const rows = await page.locator('#outlook tbody tr').allTextContents();
    expect(rows.find((r) => r.includes('2026-04-01'))).toMatch(/基準の新しい版の施行.*R8\.4.*ミライ会議/);
    expect(rows.some((r) => r.includes('未対応の団体側条件'))).toBe(true);
    await page.locator('#outlook-ics:not([hidden])').waitFor();
    await expect(page.locator('#outlook-ics').getAttribute('download')).resolves.toBe('outlook-011002.ics');
    await page.screenshot({ path: join(SHOTS, 'ja-outlook.png'), fullPage: true });
    expect(errorsOf(page)).toEqual([]);
  });
});
