import type { TestApp } from './app';
import { makeCredential, makeEndpoint, makeRegistration, makeService } from './factories';

export const ATTESTATIONS = [
  'TLS12_PLUS',
  'TENANT_RESTRICTION',
  'MFA',
  'AUDIT_LOG',
  'DATA_LOCATION_DISCLOSED',
  'GOV_LAW_JURISDICTION',
] as const;
export const SHA = 'a'.repeat(64);

export type Outcome = 'met' | 'not_met' | 'not_applicable';

export const findings = (overrides: Partial<Record<(typeof ATTESTATIONS)[number], Outcome>> = {}) =>
  ATTESTATIONS.map((requirementId) => {
    const outcome = overrides[requirementId] ?? 'met';
    return {
      requirementId,
      outcome,
      ...(outcome === 'not_applicable' ? { justification: `${requirementId} does not apply to this service` } : {}),
      evidence: [{ uri: `https://evidence.example.jp/${requirementId.toLowerCase()}.pdf`, sha256: SHA }],
    };
  });

export async function auditor(t: TestApp, organization = 'ISMAP監査機関A') {
  const cred = await makeCredential(t, 'auditor', { organization });
  return { ...cred, organization };
}

export async function publish(
  t: TestApp,
  serviceId: string,
  auth: { header: { Authorization: string }; organization: string },
  body: Record<string, unknown> = {},
): Promise<{ id: string } & Record<string, unknown>> {
  const res = await t.http
    .post(`/v1/services/${serviceId}/assessments`)
    .set(auth.header)
    .send({
      profile: 'tokutei-tsushin',
      assessor: { organization: auth.organization },
      performedOn: '2025-06-01',
      validUntil: '2026-05-31',
      findings: findings(),
      ...body,
    });
  if (res.status !== 201) throw new Error(`assessment → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

/**
 * A web-conferencing service that is eligible for 特定通信 from 2025-06-01: ISMAP registration valid
 * through 2026-07-31 (audit period ending 2025-03-31), one concrete destination, and an assessment
 * with every attestation met, valid through 2026-05-31.
 */
export async function eligibleService(
  t: TestApp,
  auth: { header: { Authorization: string }; organization: string },
  overrides: { category?: string } = {},
) {
  const service = await makeService(t, { category: overrides.category ?? 'web_conferencing' });
  const registration = await makeRegistration(t, service.id, { registeredOn: '2025-05-01', auditPeriodEnd: '2025-03-31' });
  const endpoint = await makeEndpoint(t, service.id);
  const assessment = await publish(t, service.id, auth);
  return { service, registration, endpoint, assessment };
}

/**
 * A decision body without its `message` texts: the language-neutral decision (what receipts sign;
 * `JSON.stringify` of it gives the bytes the decision had before messages were added).
 */
export const languageNeutral = <T>(body: T): T =>
  JSON.parse(JSON.stringify(body, (k, v: unknown) => (k === 'message' ? undefined : v))) as T;
