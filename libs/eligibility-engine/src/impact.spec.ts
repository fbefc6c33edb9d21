import { describe, expect, it } from '@jest/globals';
import { editionImpact } from './impact';
import type { AssessmentFacts, ProfileEdition, RequirementSpec, ServiceFacts } from './types';

const spec = (id: string, mandatory: boolean): RequirementSpec => ({
  id,
  kind: 'attestation',
  mandatory,
  title: id,
  titleEn: id,
  source: 't',
  params: {},
});
const edition = (name: string, from: string, reqs: RequirementSpec[]): ProfileEdition => ({
  key: 'p',
  edition: name,
  effectiveFrom: from,
  effectiveUntil: null,
  maxEvidenceAgeDays: null,
  requirements: reqs,
  obligations: [],
});
const OLD = edition('R6', '2024-10-01', [spec('TLS', true), spec('LAW', false)]);
const STRICT = edition('R7', '2026-04-01', [spec('TLS', true), spec('LAW', true)]);
const DROPPED = edition('R7b', '2026-04-01', [spec('LAW', true)]);

const facts = (id: string, law: 'met' | 'not_met' | null, tls: 'met' | 'not_met' = 'met'): ServiceFacts => {
  const a: AssessmentFacts = {
    id: `a-${id}`,
    profileKey: 'p',
    edition: 'R6',
    performedOn: '2025-06-01',
    validUntil: '2027-05-31',
    createdSeq: 1,
    revoked: null,
    supersededFrom: null,
    findings: [{ requirementId: 'TLS', outcome: tls }, ...(law ? [{ requirementId: 'LAW', outcome: law }] : [])],
  };
  return { service: { id, category: 'x' }, registrations: [], endpoints: [], assessments: [a] };
};

describe('editionImpact', () => {
  const all = [facts('s-met', 'met'), facts('s-notmet', 'not_met'), facts('s-none', null), facts('s-bad-tls', 'met', 'not_met')];

  it('a requirement made mandatory lists exactly the services it flips, with the requirement as the cause', () => {
    const impact = editionImpact(OLD, STRICT, all, '2026-04-01');
    expect(impact.map((i) => [i.serviceId, i.from?.decision, i.to.decision])).toEqual([
      ['s-notmet', 'eligible', 'ineligible'],
      ['s-none', 'eligible', 'indeterminate'],
    ]);
    expect(impact[0].causes).toEqual([
      {
        requirementId: 'LAW',
        from: { outcome: 'failed', reason: 'FINDING_NOT_MET', mandatory: false },
        to: { outcome: 'failed', reason: 'FINDING_NOT_MET', mandatory: true },
      },
    ]);
  });

  it('a dropped requirement can flip a service the other way; the cause has no target result', () => {
    const impact = editionImpact(OLD, DROPPED, all, '2026-04-01');
    const bad = impact.find((i) => i.serviceId === 's-bad-tls')!;
    expect(bad.to.decision).toBe('eligible');
    expect(bad.causes.find((c) => c.requirementId === 'TLS')).toMatchObject({ to: null });
  });

  it('the same edition changes nothing; no baseline lists every service', () => {
    expect(editionImpact(OLD, OLD, all, '2026-04-01')).toEqual([]);
    expect(editionImpact(null, OLD, all, '2026-04-01').map((i) => i.from)).toEqual([null, null, null, null]);
  });
});
