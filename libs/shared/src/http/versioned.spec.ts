import { describe, expect, it } from '@jest/globals';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { Clock } from '../clock';
import { PlainText, requestNow, Versioned, VersionedInterceptor } from './versioned';

/** A clock that moves on by a minute at every read. */
class TickingClock extends Clock {
  constructor(private at: number) {
    super();
  }

  now(): Date {
    const now = new Date(this.at);
    this.at += 60_000;
    return now;
  }
}

describe('requestNow', () => {
  it('asks the clock once per request, so a request straddling midnight sees one instant', () => {
    const clock = new TickingClock(Date.parse('2025-12-31T14:59:30Z')); // 23:59:30 in Tokyo
    const req = {};
    const first = requestNow(req, clock);
    expect(requestNow(req, clock)).toBe(first);
    expect(requestNow({}, clock).getTime()).toBeGreaterThan(first.getTime());
  });
});

function run(value: unknown, headers: Record<string, string> = {}) {
  const res = {
    headers: {} as Record<string, string>,
    statusCode: 200,
    setHeader(name: string, v: string) {
      this.headers[name.toLowerCase()] = v;
    },
    status(code: number) {
      this.statusCode = code;
    },
    type(t: string) {
      this.headers['content-type'] = t;
    },
  };
  const context = {
    switchToHttp: () => ({ getRequest: () => ({ headers }), getResponse: () => res }),
  } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of(value) };
  return lastValueFrom(new VersionedInterceptor().intercept(context, next)).then((body) => ({ body, res }));
}

describe('VersionedInterceptor', () => {
  it('sends the body with its ETag', async () => {
    const { body, res } = await run(new Versioned({ a: 1 }, '"v1"'));
    expect(body).toEqual({ a: 1 });
    expect(res.headers).toEqual({ etag: '"v1"' });
  });

  it('with cacheFor: caches, and answers a matching If-None-Match with 304 and no body', async () => {
    const fresh = await run(new Versioned({ a: 1 }, '"v1"', 60));
    expect(fresh.body).toEqual({ a: 1 });
    expect(fresh.res.headers).toMatchObject({ etag: '"v1"', 'cache-control': 'public, max-age=60, must-revalidate' });
    const cached = await run(new Versioned({ a: 1 }, '"v1"', 60), { 'if-none-match': '"v1"' });
    expect(cached.res.statusCode).toBe(304);
    expect(cached.body).toBeUndefined();
  });

  it('sends plain text as text/plain and leaves other values alone', async () => {
    const text = await run(new PlainText('a.example.jp\n'));
    expect(text.body).toBe('a.example.jp\n');
    expect(text.res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect((await run({ b: 2 })).body).toEqual({ b: 2 });
  });
});
