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
    [
      'new destinations sort in before, between and after the others while one goes',
      new Set(['n', 'c']),
      [c('n', ep('a.example.jp'), ep('y.example.jp'), ep('zz.example.jp'))],
      [d('n', '2026-01-31')],
    ],
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
    const json = original.toJson(PROFILE, '2026-01-15');
    original.patch(new Set(['a', 'b']), [c('a', ep('q.example.jp'))], [d('a', '2026-02-01')]);
    expect(JSON.stringify(dto(original))).toBe(snapshot);
    expect(original.toJson(PROFILE, '2026-01-15')).toBe(json);
  });

  it('gives what a build gives after many patches in a row (its maps folded along the way)', () => {
    let contributions = [...before];
    let decisions = [...beforeDecisions];
    let index = AllowlistIndex.build(contributions, decisions);
    for (let k = 0; k < 40; k++) {
      const id = `s${k % 7}`;
      const redone = k % 5 === 4 ? [] : [c(id, ep(`h${(k * 13) % 17}.example.jp`, [443 + (k % 3)]), ep('x.example.jp', [80]))];
      const redoneDecisions = redone.length ? [d(id, `2026-0${1 + (k % 9)}-01`)] : [];
      index = index.patch(new Set([id]), redone, redoneDecisions);
      contributions = [...contributions.filter((x) => x.serviceId !== id), ...redone];
      decisions = [...decisions.filter((x) => x.serviceId !== id), ...redoneDecisions];
      const built = AllowlistIndex.build(contributions, decisions);
      expect(dto(index)).toEqual(dto(built));
      expect(index.toJson(PROFILE, '2026-01-15')).toBe(built.toJson(PROFILE, '2026-01-15'));
    }
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
