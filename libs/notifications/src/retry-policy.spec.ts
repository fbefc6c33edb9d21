import { describe, expect, it } from '@jest/globals';
import { afterFailure, backoffDelayMs, isDelivered, MAX_RETRY_DELAY_MS } from './retry-policy';

describe('backoffDelayMs', () => {
  it.each([
    [1, 1000, 1000],
    [2, 1000, 2000],
    [3, 1000, 4000],
    [7, 1000, 64_000],
    [1, 20, 20],
    [4, 20, 160],
  ])('after attempt %i with base %i ms waits %i ms', (attempts, base, expected) => {
    expect(backoffDelayMs(attempts, base)).toBe(expected);
  });

  it('never waits longer than a day', () => {
    expect(backoffDelayMs(50, 3_600_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(backoffDelayMs(17, 1000)).toBe(65_536_000);
    expect(backoffDelayMs(18, 1000)).toBe(MAX_RETRY_DELAY_MS);
  });

  it.each([0, -1, 1.5])('rejects attempt count %p', (attempts) => {
    expect(() => backoffDelayMs(attempts, 1000)).toThrow(RangeError);
  });
});

describe('afterFailure', () => {
  it('schedules a retry while attempts remain', () => {
    expect(afterFailure(1, 8, 1000)).toEqual({ status: 'pending', retryInMs: 1000 });
    expect(afterFailure(7, 8, 1000)).toEqual({ status: 'pending', retryInMs: 64_000 });
  });

  it('gives up on the last allowed attempt, and beyond it (an attempt lost in a crash still counts)', () => {
    expect(afterFailure(8, 8, 1000)).toEqual({ status: 'failed' });
    expect(afterFailure(9, 8, 1000)).toEqual({ status: 'failed' });
    expect(afterFailure(1, 1, 1000)).toEqual({ status: 'failed' });
  });
});

describe('isDelivered', () => {
  it.each([
    [200, true],
    [204, true],
    [299, true],
    [199, false],
    [301, false],
    [304, false],
    [404, false],
    [500, false],
    [null, false],
  ])('status %p → %p', (status, expected) => {
    expect(isDelivered(status)).toBe(expected);
  });
});
