import { describe, expect, it } from '@jest/globals';
import type { RecordedChanges } from '@app/ledger';
import { incrementalChanges, settledWithin } from './eligibility.service';

const change = (revision: string, unscopedTypes: string[] = [], serviceIds: string[] = []): RecordedChanges => ({
  revision,
  serviceIds,
  subjectTypes: [...unscopedTypes, ...(serviceIds.length ? ['service'] : [])],
  unscopedTypes,
});

describe('incrementalChanges: can a snapshot at `after` be brought to `upTo` by reloading the named services?', () => {
  it.each<[string, RecordedChanges[], string, string, boolean]>([
    ['one recorded revision naming a service', [change('6', [], ['s'])], '5', '6', true],
    ['every revision recorded', [change('6'), change('7', ['provider']), change('8', ['profile'])], '5', '8', true],
    ['a revision missing (bulk load, mirror)', [change('6'), change('8')], '5', '8', false],
    ['nothing recorded for a jump', [], '5', '500', false],
    ['an unknown subject written without a service', [change('6', ['scheme'])], '5', '6', false],
    ['neutral subjects only', [change('6', ['api_key', 'usage', 'sweep', 'receipt', 'webhook_subscription'])], '5', '6', true],
    ['no revisions between', [], '5', '5', true],
  ])('%s', (_name, changes, after, upTo, expected) => {
    expect(incrementalChanges(changes, after, upTo)).toBe(expected);
  });
});

describe('settledWithin: how long one decision waits for the snapshot being brought forward', () => {
  const after = <T>(ms: number, value: T, fail = false) =>
    new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error('load failed')) : resolve(value)), ms));

  it.each([
    ['settles in time', () => after(5, 'snapshot'), 200, 'snapshot'],
    ['already settled', () => Promise.resolve('snapshot'), 0, 'snapshot'],
    ['too slow (a full reload)', () => after(200, 'snapshot'), 20, null],
    ['fails', () => after(5, 'snapshot', true), 200, null],
  ])('%s', async (_label, load, ms, expected) => {
    await expect(settledWithin(load(), ms)).resolves.toBe(expected);
  });
});
