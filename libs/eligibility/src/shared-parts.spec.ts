import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideMany, parseProfileFile } from '@app/eligibility-engine';
import type { ServiceFactsRow } from './eligibility-facts.read-model';
import { shareEqualParts } from './shared-parts';

/** The published edition the registry ships (data/criteria), as the engine reads it. */
const PROFILE = parseProfileFile(JSON.parse(readFileSync(join(process.cwd(), 'data', 'criteria', 'tokutei-tsushin.R6.10.json'), 'utf8')));
const ATTESTED = PROFILE.requirements.filter((r) => r.kind === 'attestation').map((r) => r.id);

/** One service's facts; `k` makes its ids and destination its own, `outcome` and `port` its variable parts. */
function row(k: number, { outcome = 'met', port = 443, accreditedUntil = null as string | null } = {}): ServiceFactsRow {
  return {
    service: {
      id: `s${k}`,
      category: 'chat',
      retiredOn: null,
      categories: [{ value: 'chat', from: '0001-01-01' }],
      methods: [{ value: [], from: '0001-01-01' }],
    },
    registrations: [
      {
        id: `r${k}`,
        scheme: 'ISMAP',
        registeredOn: '2025-05-01',
        rule: { kind: 'audit_period_months', months: 16 },
        history: [
          {
            status: 'registered',
            effectiveOn: '2025-05-01',
            auditPeriodEnd: '2025-03-31',
            validUntil: null,
            renewalFiledOn: null,
            lastConfirmedOn: null,
          },
        ],
        coverage: null,
      },
    ],
    endpoints: [{ id: `e${k}`, kind: 'fqdn', value: `svc${k}.example.jp`, ports: [port], effectiveFrom: '2025-01-01', endedOn: null }],
    assessments: [
      {
        id: `a${k}`,
        profileKey: 'tokutei-tsushin',
        edition: 'R6.10',
        performedOn: '2025-06-01',
        validUntil: '2026-06-01',
        createdSeq: k,
        revoked: null,
        supersededFrom: null,
        successors: [],
        findings: ATTESTED.map((requirementId) => ({
          requirementId,
          outcome: requirementId === 'MFA' ? (outcome as 'met' | 'not_met') : 'met',
          measurements: [],
        })),
        accreditations: [{ from: '2020-01-01', until: accreditedUntil }],
      },
    ],
  };
}

describe('shareEqualParts: each distinct part of a full load held once', () => {
  it('shares equal findings, accreditations, ports, rules, histories and dated categories between services', () => {
    const [a, b] = shareEqualParts([row(1), row(2)]);
    expect(b.assessments[0].findings).toBe(a.assessments[0].findings);
    expect(b.assessments[0].accreditations).toBe(a.assessments[0].accreditations);
    expect(b.endpoints[0].ports).toBe(a.endpoints[0].ports);
    expect(b.registrations[0].rule).toBe(a.registrations[0].rule);
    expect(b.registrations[0].history).toBe(a.registrations[0].history);
    expect(b.service.categories).toBe(a.service.categories);
    expect(b.service.methods).toBe(a.service.methods);
    // what is each service's own stays its own
    expect(b.endpoints[0]).not.toBe(a.endpoints[0]);
    expect(b.assessments[0]).not.toBe(a.assessments[0]);
  });

  it.each<[string, Parameters<typeof row>[1], (r: ServiceFactsRow) => unknown]>([
    ['a finding with another outcome', { outcome: 'not_met' }, (r) => r.assessments[0].findings],
    ['another port', { port: 8443 }, (r) => r.endpoints[0].ports],
    ['an accreditation that ends', { accreditedUntil: '2025-12-31' }, (r) => r.assessments[0].accreditations],
  ])('keeps parts that differ in anything apart: %s', (_label, variant, part) => {
    const [a, b] = shareEqualParts([row(1), row(2, variant)]);
    expect(part(b)).not.toBe(part(a));
    expect(part(b)).toEqual(part(row(2, variant)));
  });

  it('freezes what it shares: changing a part for one service would change it for all', () => {
    const [a, b] = shareEqualParts([row(1), row(2)]);
    expect(() => a.assessments[0].findings[0].measurements!.push({ metric: 'x', value: 1 } as never)).toThrow(TypeError);
    expect(() => {
      b.endpoints[0].ports[0] = 80;
    }).toThrow(TypeError);
    expect(b.endpoints[0].ports).toEqual([443]);
    // what is each service's own is not frozen
    expect(Object.isFrozen(a.endpoints[0])).toBe(false);
  });

  it('changes no fact, and so no decision, on any date', () => {
    const plain = [row(1), row(2), row(3, { outcome: 'not_met' }), row(4, { port: 8443 }), row(5, { accreditedUntil: '2025-01-31' })];
    const shared = shareEqualParts(structuredClone(plain));
    expect(shared).toEqual(plain);
    // the fixture decides all three ways (an unaccredited assessor's findings count as missing), so equal decisions mean something
    expect(decideMany(PROFILE, plain, '2026-01-15').map((d) => d.decision)).toEqual([
      'eligible',
      'eligible',
      'ineligible',
      'eligible',
      'indeterminate',
    ]);
    for (const asOf of ['2025-05-31', '2025-06-01', '2026-06-01', '2026-06-02', '2026-07-31', '2026-08-01'])
      expect(decideMany(PROFILE, shared, asOf)).toEqual(decideMany(PROFILE, plain, asOf));
  });
});
