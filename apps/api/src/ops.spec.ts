import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { decisionsIn } from './decision-metrics.interceptor';
import { publicReadCors } from './http-middleware';

describe('decisionsIn', () => {
  it('finds the decision of one answer, of a page and of the bulk CSV', () => {
    expect(decisionsIn({ serviceId: 's1', decision: 'eligible' })).toEqual(['eligible']);
    expect(decisionsIn({ items: [{ decision: 'eligible' }, { decision: 'ineligible' }], next: null })).toEqual(['eligible', 'ineligible']);
    const csv =
      '\ufeffserviceId,profile,edition,asOf,decision,validUntil\r\ns1,p,R6.10,2025-12-01,eligible,\r\ns2,p,R6.10,2025-12-01,ineligible,\r\n';
    expect(decisionsIn(csv)).toEqual(['eligible', 'ineligible']);
  });

  it('finds none in anything else', () => {
    expect(decisionsIn(undefined)).toEqual([]);
    expect(decisionsIn({ items: [] })).toEqual([]);
    expect(decisionsIn({ title: 'x' })).toEqual([]);
  });
});

describe('publicReadCors', () => {
  const { options } = publicReadCors(['https://a.example.jp']);
  const decide = (method: string, origin?: string, preflightFor?: string) =>
    new Promise<{ origin?: unknown }>((done) =>
      options(
        {
          method,
          headers: { ...(origin ? { origin } : {}), ...(preflightFor ? { 'access-control-request-method': preflightFor } : {}) },
        } as Request,
        (_err, o) => done(o),
      ),
    );

  it('allows a listed origin to read', async () => {
    expect((await decide('GET', 'https://a.example.jp')).origin).toBe('https://a.example.jp');
    expect((await decide('HEAD', 'https://a.example.jp')).origin).toBe('https://a.example.jp');
    expect((await decide('OPTIONS', 'https://a.example.jp', 'GET')).origin).toBe('https://a.example.jp');
  });

  it('refuses other origins, requests without one and every write', async () => {
    expect((await decide('GET', 'https://b.example.jp')).origin).toBe(false);
    expect((await decide('GET')).origin).toBe(false);
    expect((await decide('POST', 'https://a.example.jp')).origin).toBe(false);
    expect((await decide('OPTIONS', 'https://a.example.jp', 'DELETE')).origin).toBe(false);
  });
});
