/**
 * OSCAL 1.1.x JSON exports (pure): `assessment-results` for one assessment and `component-definition`
 * for a service's attested requirements. Every UUID is a v5 UUID of a stable name under the
 * registry's namespace, so the same record exports the same UUIDs every time. Requirement ids are
 * OSCAL `control-id`s; the profile edition is the "assessment plan" (`import-ap`) and the `source`.
 * Structure per the OSCAL model (docs/DECISIONS.md lists the required fields it was checked against).
 */
import { createHash } from 'node:crypto';

export const OSCAL_VERSION = '1.1.2';
/** The registry's UUID namespace (a fixed random v4 UUID). */
const NAMESPACE = '6f1c8a52-3d0e-4b7a-9c55-1e2f3a4b5c6d';

/** RFC 9562 version 5 UUID (SHA-1 of namespace bytes + name). */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A date as an OSCAL date-time with time zone (the start of the day in Japan). */
const dayStart = (date: string) => `${date}T00:00:00+09:00`;

export interface OscalAssessmentInput {
  id: string;
  serviceId: string;
  serviceName: string;
  profile: { key: string; edition: string };
  assessor: { organization: string; name?: string };
  performedOn: string;
  validUntil: string;
  status: string;
  createdAt: string;
  findings: { requirementId: string; outcome: string; note: string | null }[];
}

const profileHref = (p: { key: string; edition: string }) =>
  `/v1/profiles/${encodeURIComponent(p.key)}?edition=${encodeURIComponent(p.edition)}`;

export function assessmentResults(a: OscalAssessmentInput): Record<string, unknown> {
  const party = uuidV5(`party:${a.assessor.organization}`);
  return {
    'assessment-results': {
      uuid: uuidV5(`assessment-results:${a.id}`),
      metadata: {
        title: `${a.serviceName}: ${a.profile.key} ${a.profile.edition} assessment ${a.performedOn}`,
        'last-modified': a.createdAt,
        version: a.id,
        'oscal-version': OSCAL_VERSION,
        parties: [{ uuid: party, type: 'organization', name: a.assessor.organization }],
      },
      'import-ap': { href: profileHref(a.profile) },
      results: [
        {
          uuid: uuidV5(`result:${a.id}`),
          title: `${a.profile.key} ${a.profile.edition}`,
          description: `Assessment ${a.id} of service ${a.serviceId} by ${a.assessor.organization}, valid until ${a.validUntil} (status ${a.status}).`,
          start: dayStart(a.performedOn),
          props: [
            { name: 'assessment-status', value: a.status, ns: 'urn:lgwan-registry' },
            { name: 'valid-until', value: a.validUntil, ns: 'urn:lgwan-registry' },
          ],
          'reviewed-controls': {
            'control-selections': [{ 'include-controls': a.findings.map((f) => ({ 'control-id': f.requirementId })) }],
          },
          ...(a.findings.length > 0
            ? {
                findings: a.findings.map((f) => ({
                  uuid: uuidV5(`finding:${a.id}:${f.requirementId}`),
                  title: f.requirementId,
                  description: f.note ?? `${f.requirementId}: ${f.outcome}`,
                  target: {
                    type: 'objective-id',
                    'target-id': f.requirementId,
                    status: { state: f.outcome === 'not_met' ? 'not-satisfied' : 'satisfied' },
                    ...(f.outcome === 'not_applicable' ? { 'implementation-status': { state: 'not-applicable' } } : {}),
                  },
                })),
              }
            : {}),
        },
      ],
    },
  };
}

export interface OscalComponentInput {
  serviceId: string;
  serviceName: string;
  description: string | null;
  /** Per profile: the assessment whose findings are attested (the newest in force), and its met / not applicable findings. */
  attested: { profile: { key: string; edition: string }; assessmentId: string; createdAt: string; requirementIds: string[] }[];
  lastModified: string;
}

export function componentDefinition(c: OscalComponentInput): Record<string, unknown> {
  const withRequirements = c.attested.filter((a) => a.requirementIds.length > 0);
  return {
    'component-definition': {
      uuid: uuidV5(`component-definition:${c.serviceId}`),
      metadata: {
        title: `${c.serviceName}: attested requirements`,
        'last-modified': c.lastModified,
        version: c.lastModified,
        'oscal-version': OSCAL_VERSION,
      },
      components: [
        {
          uuid: uuidV5(`component:${c.serviceId}`),
          type: 'service',
          title: c.serviceName,
          description: c.description ?? c.serviceName,
          ...(withRequirements.length > 0
            ? {
                'control-implementations': withRequirements.map((a) => ({
                  uuid: uuidV5(`control-implementation:${c.serviceId}:${a.profile.key}`),
                  source: profileHref(a.profile),
                  description: `Requirements of ${a.profile.key} ${a.profile.edition} attested by assessment ${a.assessmentId}.`,
                  'implemented-requirements': a.requirementIds.map((id) => ({
                    uuid: uuidV5(`implemented-requirement:${c.serviceId}:${a.profile.key}:${id}`),
                    'control-id': id,
                    description: `${id}: attested by assessment ${a.assessmentId}.`,
                    links: [{ href: `/v1/assessments/${a.assessmentId}`, rel: 'related' }],
                  })),
                })),
              }
            : {}),
        },
      ],
    },
  };
}
