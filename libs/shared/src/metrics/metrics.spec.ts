import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/config.schema';
import { Metrics, routeTemplate, UNMATCHED_ROUTE } from './metrics';

describe('routeTemplate', () => {
  it('is the matched route template, never the URL', () => {
    expect(routeTemplate({ baseUrl: '', route: { path: '/v1/services/:id/eligibility' } })).toBe('/v1/services/:id/eligibility');
    expect(routeTemplate({ baseUrl: '/admin', route: { path: '/keys/:id' } })).toBe('/admin/keys/:id');
  });

  it('is one fixed label for requests no route matched', () => {
    expect(routeTemplate({})).toBe(UNMATCHED_ROUTE);
    expect(routeTemplate({ route: { path: /regex/ } })).toBe(UNMATCHED_ROUTE);
  });
});

describe('Metrics', () => {
  it('reads the pool gauges at scrape time and serves the 0.0.4 text format', async () => {
    const metrics = new Metrics();
    const pool = { totalCount: 3, idleCount: 1, waitingCount: 0 };
    metrics.watchPool(() => pool);
    pool.waitingCount = 2;
    const { contentType, body } = await metrics.scrape();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(body).toContain('\nregistry_db_pool_connections 3\n');
    expect(body).toContain('\nregistry_db_pool_idle_connections 1\n');
    expect(body).toContain('\nregistry_db_pool_waiting_requests 2\n');
  });

  it('keeps each instance in a registry of its own', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.decisions.inc({ decision: 'eligible' });
    expect((await a.scrape()).body).toContain('registry_decisions_total{decision="eligible"} 1');
    expect((await b.scrape()).body).not.toContain('registry_decisions_total{decision="eligible"}');
  });
});

describe('CORS_ORIGINS', () => {
  it('defaults to no origin and parses a comma-separated list', () => {
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.jp, http://b.example:8080,https://a.example.jp' }).CORS_ORIGINS).toEqual([
      'https://a.example.jp',
      'http://b.example:8080',
    ]);
  });

  it('rejects anything but bare origins', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example.jp/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });
});
