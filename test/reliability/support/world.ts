// The rows the fuzz, the authorization matrix and the retry checks work on, and one valid request per
// write operation (so that an allowed credential can really succeed and a refused one really tried).
import { randomInt, randomUUID } from 'node:crypto';
import type { TestApp } from '../../support/app';
import { corporateNumber, makeCredential, makeEndpoint, makeProvider, makeRegistration, makeService } from '../../support/factories';
import { findings, publish } from '../../support/scenarios';
import type { Operation } from './contract';

export const CREDENTIALS = ['none', 'municipality', 'auditor', 'admin'] as const;
export type Credential = (typeof CREDENTIALS)[number];

export const AUDITOR_ORG = 'J-LIS';
export const MUNICIPALITY = '011002';

/** The API under test as the factories see it: an HTTP agent and the administrator header. */
export type Target = Pick<TestApp, 'http' | 'admin'>;

export interface World {
  t: Target;
  headers: Record<Credential, Record<string, string>>;
  /** Existing ids by the path segment that names them (`providers`, `services`, …). */
  ids: Record<string, string[]>;
}

export async function buildWorld(target: Target): Promise<World> {
  const t = target as TestApp; // the factories use only http and admin
  const auditor = await makeCredential(t, 'auditor', { organization: AUDITOR_ORG });
  const municipality = await makeCredential(t, 'municipality', { municipalityCode: MUNICIPALITY });
  const spareKey = await makeCredential(t, 'auditor', { organization: 'spare' });
  const ids: Record<string, string[]> = {
    providers: [],
    services: [],
    registrations: [],
    endpoints: [],
    assessments: [],
    webhooks: [],
    'api-keys': [spareKey.id],
    usages: [],
    'audit-organizations': [],
    /** Services covered by a registration's scope (the `{serviceId}` of …/coverage/{serviceId}). */
    coverage: [],
    /** `registration|service` pairs of one provider not covered yet (each valid POST …/coverage uses one up). */
    coverable: [],
    /** `registration|service` pairs with an open coverage (each valid PATCH …/coverage/{serviceId} ends one). */
    covered: [],
  };
  const org = await t.http
    .post('/v1/audit-organizations')
    .set(t.admin)
    .send({ name: unique('org') });
  if (org.status === 201) ids['audit-organizations'].push((org.body as { id: string }).id);
  for (let i = 0; i < 3; i++) {
    const provider = await makeProvider(t);
    const service = await makeService(t, { providerId: provider.id });
    ids.providers.push(provider.id);
    ids.services.push(service.id);
    const registrationId = (await makeRegistration(t, service.id)).id;
    ids.registrations.push(registrationId);
    for (let j = 0; j < 6; j++) {
      const sub = await makeService(t, { providerId: provider.id });
      if (j % 2 === 0) {
        ids.coverable.push(`${registrationId}|${sub.id}`);
        continue;
      }
      const covered = await t.http
        .post(`/v1/registrations/${registrationId}/coverage`)
        .set(t.admin)
        .send({ serviceId: sub.id, effectiveOn: '2025-06-01' });
      if (covered.status === 201) {
        ids.coverage.push(sub.id);
        ids.covered.push(`${registrationId}|${sub.id}`);
      }
    }
    ids.endpoints.push((await makeEndpoint(t, service.id)).id);
    ids.assessments.push((await publish(t, service.id, { header: auditor.header, organization: AUDITOR_ORG })).id);
    const usage = await t.http
      .post(`/v1/municipalities/${MUNICIPALITY}/usages`)
      .set(t.admin)
      .send({ serviceId: service.id, profile: 'tokutei-tsushin' });
    if (usage.status === 201) ids.usages.push((usage.body as { id: string }).id);
  }
  const hook = await t.http
    .post('/v1/webhooks')
    .set(t.admin)
    .send({ url: 'http://127.0.0.1:9/hook', events: ['*'], secret: 'x'.repeat(16) });
  if (hook.status === 201) ids.webhooks.push((hook.body as { id: string }).id);
  return {
    t: target,
    headers: { none: {}, municipality: municipality.header, auditor: auditor.header, admin: t.admin },
    ids,
  };
}

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomInt(1e9)}`;
const pick = <T>(list: T[]): T => list[randomInt(list.length)];

export interface ValidRequest {
  path: string;
  body?: Record<string, unknown>;
  /** Path of the resource whose ETag goes in If-Match. */
  etagOf?: string;
  /** A body that is not JSON (a file upload), sent as is with this content type. */
  raw?: { contentType: string; text: string };
}

/** A request to `op` that an allowed credential should be able to make succeed, or null when none is known. */
export function validRequest(op: Operation, w: World, fresh: { serviceId?: string; assessmentId?: string } = {}): ValidRequest | null {
  const service = fresh.serviceId ?? pick(w.ids.services);
  const fill = (path: string, id?: string) =>
    path
      .replace('{code}', MUNICIPALITY)
      .replace('{key}', 'tokutei-tsushin')
      .replace('{profile}', 'tokutei-tsushin')
      .replace('{id}', id ?? '');
  switch (`${op.method} ${op.path}`) {
    case 'POST /v1/api-keys':
      return { path: op.path, body: { name: unique('key'), role: 'auditor', organization: AUDITOR_ORG } };
    case 'POST /v1/providers':
      return { path: op.path, body: { name: unique('provider'), corporateNumber: corporateNumber() } };
    case 'POST /v1/services':
      return { path: op.path, body: { name: unique('service'), providerId: pick(w.ids.providers), category: 'web_conferencing' } };
    case 'POST /v1/services/{id}/endpoints':
      return { path: fill(op.path, service), body: { kind: 'fqdn', value: `${unique('h')}.example.jp`, ports: [443] } };
    case 'POST /v1/services/{id}/registrations':
      return {
        path: fill(op.path, service),
        body: {
          scheme: 'ISMAP',
          registrationNumber: unique('C'),
          status: 'registered',
          registeredOn: '2025-05-01',
          auditPeriodEnd: '2025-03-31',
        },
      };
    case 'POST /v1/registrations/{id}/coverage': {
      // a service of the registration's provider not covered yet (used up: a second POST would overlap)
      const [registrationId, serviceId] = (w.ids.coverable.shift() ?? pick(w.ids.covered)).split('|');
      return { path: fill(op.path, registrationId), body: { serviceId, effectiveOn: '2025-06-01' } };
    }
    case 'PATCH /v1/registrations/{id}/coverage/{serviceId}': {
      // an open coverage (used up: once ended, a second PATCH finds none)
      const pair = w.ids.covered.shift();
      if (!pair) return null;
      const [registrationId, serviceId] = pair.split('|');
      const path = fill(op.path, registrationId).replace('{serviceId}', serviceId);
      return { path, body: { endedOn: '2026-01-01' }, etagOf: `/v1/registrations/${registrationId}` };
    }
    case 'POST /v1/profiles':
      return {
        path: op.path,
        body: {
          key: unique('fz').toLowerCase(),
          edition: 'R1',
          title: 't',
          titleEn: 't',
          effectiveFrom: '2025-01-01',
          effectiveUntil: null,
          maxEvidenceAgeDays: 365,
          source: 's',
          requirements: [{ id: 'FZ_A', kind: 'attestation', mandatory: true, title: 't', titleEn: 't', params: {}, source: 's' }],
          obligations: [],
        },
      };
    case 'POST /v1/services/{id}/assessments':
      return {
        path: fill(op.path, service),
        body: {
          profile: 'tokutei-tsushin',
          assessor: { organization: AUDITOR_ORG },
          performedOn: '2025-06-01',
          validUntil: '2026-05-31',
          findings: findings(),
        },
      };
    case 'POST /v1/assessments/{id}/revoke':
      return { path: fill(op.path, fresh.assessmentId ?? pick(w.ids.assessments)), body: { reason: 'withdrawn by the auditor' } };
    case 'POST /v1/municipalities/{code}/usages':
      return { path: fill(op.path), body: { serviceId: service, profile: 'tokutei-tsushin', purpose: unique('usage') } };
    case 'POST /v1/admin/sweeps':
      return { path: op.path, body: {} };
    case 'POST /v1/webhooks':
      return { path: op.path, body: { url: `http://127.0.0.1:9/${unique('hook')}`, events: ['*'], secret: 'x'.repeat(16) } };
    case 'POST /v1/keys/rotate':
      return { path: op.path };
    case 'POST /v1/api-keys/bootstrap/disable':
      return { path: op.path };
    case 'POST /v1/municipalities/{code}/measures':
      return { path: fill(op.path), body: { measure: 'EDR_DEPLOYED', effectiveOn: '2025-04-01', note: unique('edr') } };
    case 'POST /v1/audit-organizations':
      return { path: op.path, body: { name: unique('org') } };
    case 'POST /v1/audit-organizations/{id}/accreditations':
      return { path: fill(op.path, pick(w.ids['audit-organizations'])), body: { from: '2020-04-01', note: unique('accredited') } };
    case 'POST /v1/imports': {
      // a one-row LGWAN-ASP list, applied (a new registration each time)
      const csv = `登録番号,サービス名称,事業者名,法人番号,分類,登録日,最終確認日,状態,備考\r\n${unique('A')},${unique('サービス')},${unique('事業者')},,web_conferencing,2024/04/01,2025/04/01,登録,\r\n`;
      return { path: `${op.path}?dryRun=false`, raw: { contentType: 'text/csv', text: csv } };
    }
    case 'PATCH /v1/providers/{id}': {
      const id = pick(w.ids.providers);
      return { path: fill(op.path, id), body: { name: unique('renamed') }, etagOf: fill(op.path, id) };
    }
    case 'PATCH /v1/services/{id}':
      return { path: fill(op.path, service), body: { name: unique('renamed') }, etagOf: fill(op.path, service) };
    case 'PATCH /v1/registrations/{id}': {
      const id = pick(w.ids.registrations);
      return { path: fill(op.path, id), body: { lastConfirmedOn: '2025-06-01' }, etagOf: fill(op.path, id) };
    }
    case 'PATCH /v1/municipalities/{code}':
      return { path: fill(op.path), body: { networkModel: null }, etagOf: fill(op.path) };
    case 'DELETE /v1/endpoints/{id}':
      return { path: fill(op.path, pick(w.ids.endpoints)) };
    case 'DELETE /v1/api-keys/{id}':
      return { path: fill(op.path, pick(w.ids['api-keys'])) };
    case 'DELETE /v1/webhooks/{id}':
      return { path: fill(op.path, w.ids.webhooks[0] ?? randomUUID()) };
    case 'DELETE /v1/municipalities/{code}/usages/{id}':
      return { path: fill(op.path, pick(w.ids.usages)) };
    default:
      return null;
  }
}
