import { describe, expect, it } from '@jest/globals';
import type { AllowlistContribution, Decision } from '@app/eligibility-engine';
import { AllowlistIndex } from './allowlist-index';

type Ep = { id: string; kind: 'fqdn' | 'cidr'; value: string; ports: number[]; effectiveFrom: string; endedOn: null };
const ep = (value: string, ports: number[] = [443], kind: 'fqdn' | 'cidr' = 'fqdn'): Ep => ({
  id: `${kind}:${value}:${ports.join(',')}`,
  kind,
  value,
  ports,
  effectiveFrom: '2024-01-01',
  endedOn: null,
});
const c = (serviceId: string, ...endpoints: Ep[]): AllowlistContribution<Ep> => ({ serviceId, endpoints });
const d = (serviceId: string, validUntil: string | null) => ({ serviceId, validUntil, decision: 'eligible' }) as unknown as Decision;
const PROFILE = { key: 'tokutei-tsushin', edition: 'R6.10' };
const dto = (i: AllowlistIndex) => i.toDto(PROFILE, '2026-01-15');

const before = [c('a', ep('x.example.jp'), ep('10.1.0.0/24', [], 'cidr')), c('b', ep('x.example.jp', [8443])), c('c', ep('z.example.jp'))];
const beforeDecisions = [d('a', '2026-05-31'), d('b', '2026-03-31'), d('c', null)];

describe('AllowlistIndex.patch gives what a build from scratch gives', () => {
  it.each<[string, Set<string>, AllowlistContribution<Ep>[], Decision[]]>([
    ['a service loses eligibility', new Set(['b']), [], []],
    [
      'a service adds a destination another declares',
      new Set(['c']),
      [c('c', ep('z.example.jp'), ep('x.example.jp', [80]))],
      [d('c', null)],
    ],
    ['a service drops its only destination', new Set(['c']), [c('c')], [d('c', null)]],
    ['a new service with a new destination sorts in', new Set(['n']), [c('n', ep('a.example.jp'))], [d('n', '2026-01-31')]],
    ['an unrestricted declaration goes away', new Set(['a']), [c('a', ep('x.example.jp'))], [d('a', '2026-05-31')]],
    ['nothing changed', new Set<string>(), [], []],
  ])('%s', (_name, changed, redone, redoneDecisions) => {
    const patched = AllowlistIndex.build(before, beforeDecisions).patch(changed, redone, redoneDecisions);
    const after = [...before.filter((x) => !changed.has(x.serviceId)), ...redone];
    const afterDecisions = [...beforeDecisions.filter((x) => !changed.has(x.serviceId)), ...redoneDecisions];
    expect(dto(patched)).toEqual(dto(AllowlistIndex.build(after, afterDecisions)));
    expect(patched.toJson(PROFILE, '2026-01-15')).toBe(JSON.stringify(dto(patched)));
  });

  it('leaves the index it was patched from unchanged', () => {
    const original = AllowlistIndex.build(before, beforeDecisions);
    const snapshot = JSON.stringify(dto(original));
    original.patch(new Set(['a', 'b']), [c('a', ep('q.example.jp'))], [d('a', '2026-02-01')]);
    expect(JSON.stringify(dto(original))).toBe(snapshot);
  });

  it('gives as JSON exactly what JSON.stringify gives of the list, empty or not', () => {
    for (const index of [AllowlistIndex.build(before, beforeDecisions), AllowlistIndex.build([], [])])
      expect(index.toJson(PROFILE, '2026-01-15')).toBe(JSON.stringify(dto(index)));
  });

  it('merges ports, keeps unrestricted as no ports, sorts services and destinations, takes the earliest validUntil', () => {
    expect(dto(AllowlistIndex.build(before, beforeDecisions))).toEqual({
      profile: PROFILE,
      asOf: '2026-01-15',
      validUntil: '2026-03-31',
      serviceCount: 3,
      entries: [
        { kind: 'cidr', value: '10.1.0.0/24', ports: [], services: ['a'] },
        { kind: 'fqdn', value: 'x.example.jp', ports: [443, 8443], services: ['a', 'b'] },
        { kind: 'fqdn', value: 'z.example.jp', ports: [443], services: ['c'] },
      ],
    });
  });
});
