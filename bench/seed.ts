import type { Client } from 'pg';
import { digestChange, hashEvent } from '@app/ledger';

export const PROFILE_KEY = 'tokutei-tsushin';
export const EDITION = 'R6.10';
const CREATED_BY = '00000000-0000-4000-8000-000000000000'; // the bootstrap administrator

export const ATTESTATIONS = [
  'TLS12_PLUS',
  'TENANT_RESTRICTION',
  'MFA',
  'AUDIT_LOG',
  'DATA_LOCATION_DISCLOSED',
  'GOV_LAW_JURISDICTION',
] as const;

/**
 * A synthetic registry, set-based (generate_series), in one transaction. Service i (1…n):
 * - provider ((i−1) mod providers)+1; category web_conferencing, except i≡0 (mod 10)
 *   business_application (not allowed → ineligible), ≡5 file_sharing, ≡7 chat; every 50th retired;
 * - one ISMAP registration (every 9th ISMAP_LIU), audit period ending 2024-06-30 + (i mod 400) days,
 *   so on 2026-01-15 about a fifth have lapsed (every 3rd of those filed a renewal in time: grace),
 *   many expire within 90 days; every 97th has no audit period end (validity unknown →
 *   indeterminate), every 101st is suspended;
 * - two endpoints: a concrete FQDN, then by i mod 4 a shared /24 CIDR (every 200th a /8: too
 *   broad), an FQDN shared by ~500 services without port restriction, a tenant wildcard, or a name
 *   on a shared CDN (a recommended requirement: warning only);
 * - one published tokutei-tsushin R6.10 assessment performed 2025-01-01 + (i mod 300) days, valid
 *   365 days, with findings for the six attestation requirements: every 23rd fails MFA, every 31st
 *   has no AUDIT_LOG finding, every 7th fails the recommended GOV_LAW_JURISDICTION.
 */
export async function seedRegistry(client: Client, services: number, providers: number): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`CREATE TEMP TABLE bench_p ON COMMIT DROP AS SELECT p, gen_random_uuid() AS id FROM generate_series(1, $1::int) p`, [
      providers,
    ]);
    await client.query(
      `CREATE TEMP TABLE bench_s ON COMMIT DROP AS
       SELECT i, gen_random_uuid() AS id, ((i - 1) % $2::int) + 1 AS p, gen_random_uuid() AS reg_id, gen_random_uuid() AS asm_id
       FROM generate_series(1, $1::int) i`,
      [services, providers],
    );
    await client.query(`
      INSERT INTO providers (id, name, name_en, search_text)
      SELECT id, 'ベンチ事業者' || p, 'Bench Provider ' || p, 'べんち事業者' || p || ' bench provider ' || p FROM bench_p`);
    await client.query(`
      INSERT INTO services (id, provider_id, name, name_en, category, service_model, retired_on, search_text)
      SELECT s.id, p.id, 'ベンチサービス' || s.i, 'Bench Service ' || s.i,
             CASE WHEN s.i % 10 = 0 THEN 'business_application' WHEN s.i % 10 = 5 THEN 'file_sharing'
                  WHEN s.i % 10 = 7 THEN 'chat' ELSE 'web_conferencing' END,
             'SaaS', CASE WHEN s.i % 50 = 0 THEN date '2025-01-01' END,
             'べんちさーびす' || s.i || ' bench service ' || s.i
      FROM bench_s s JOIN bench_p p USING (p)`);
    await client.query(`
      INSERT INTO scheme_registrations (id, service_id, scheme, registration_number, registered_on, source)
      SELECT reg_id, id, CASE WHEN i % 9 = 0 THEN 'ISMAP_LIU' ELSE 'ISMAP' END,
             'C' || (20 + i % 6) || '-' || lpad((i / 10)::text, 4, '0') || '-' || (i % 10),
             date '2023-01-01' + (i % 365), 'bench'
      FROM bench_s`);
    await client.query(`
      INSERT INTO registration_states (registration_id, status, effective_on, audit_period_end, renewal_filed_on, note)
      SELECT reg_id, CASE WHEN i % 101 = 0 THEN 'suspended' ELSE 'registered' END,
             date '2023-01-01' + (i % 365),
             CASE WHEN i % 97 = 0 THEN NULL ELSE date '2024-06-30' + (i % 400) END,
             CASE WHEN i % 3 = 0 AND i % 97 <> 0 THEN date '2024-06-30' + (i % 400) + 400 END,
             'bench'
      FROM bench_s`);
    await client.query(`
      INSERT INTO endpoints (service_id, kind, value, ports, purpose, effective_on)
      SELECT id, 'fqdn', 'svc' || i || '.p' || p || '.bench.example.jp', '{443}'::int[], 'application', date '2023-01-01' FROM bench_s
      UNION ALL
      SELECT id,
             CASE WHEN i % 4 = 0 THEN 'cidr' ELSE 'fqdn' END,
             CASE WHEN i % 200 = 4 THEN '10.0.0.0/8'
                  WHEN i % 4 = 0 THEN '203.0.' || ((i / 4) % 256) || '.0/24'
                  WHEN i % 4 = 1 THEN 'meet' || (i % 20) || '.shared.bench.example.com'
                  WHEN i % 4 = 2 THEN '*.tenant' || i || '.bench.example.jp'
                  ELSE 'media' || i || '.cloudfront.net' END,
             CASE WHEN i % 4 = 1 THEN '{}'::int[] ELSE '{443}'::int[] END,
             'media', date '2023-01-01'
      FROM bench_s`);
    // the assessor registry: the bench's organisation is accredited throughout
    await client.query(
      `WITH o AS (INSERT INTO audit_organizations (name) VALUES ('ベンチ評価機関') ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id)
       INSERT INTO accreditations (organization_id, accredited_from) SELECT id, DATE '0001-01-01' FROM o`,
    );
    const inserted = await client.query(
      `INSERT INTO assessments (id, service_id, profile_id, profile_key, edition, assessor_organization, performed_on, valid_until, created_by)
       SELECT s.asm_id, s.id, pr.id, pr.key, pr.edition, 'ベンチ評価機関', date '2025-01-01' + (s.i % 300), date '2025-01-01' + (s.i % 300) + 365, $3::uuid
       FROM bench_s s CROSS JOIN (SELECT id, key, edition FROM profiles WHERE key = $1 AND edition = $2) pr`,
      [PROFILE_KEY, EDITION, CREATED_BY],
    );
    if (inserted.rowCount !== services)
      throw new Error(`profile ${PROFILE_KEY} ${EDITION} is not seeded: ${inserted.rowCount} assessments inserted`);
    await client.query(
      `INSERT INTO findings (assessment_id, requirement_id, position, outcome, note)
       SELECT s.asm_id, r.requirement_id, (r.ord - 1)::int,
              CASE WHEN r.requirement_id = 'MFA' AND s.i % 23 = 0 THEN 'not_met'
                   WHEN r.requirement_id = 'GOV_LAW_JURISDICTION' AND s.i % 7 = 0 THEN 'not_met'
                   ELSE 'met' END,
              'bench'
       FROM bench_s s CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS r(requirement_id, ord)
       WHERE NOT (r.requirement_id = 'AUDIT_LOG' AND s.i % 31 = 0)`,
      [ATTESTATIONS],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  await client.query('ANALYZE');
}

/** Bumps the registry revision and tells the app (as a committed write would). Returns the new revision. */
export async function bumpRevision(client: Client): Promise<string> {
  const { rows } = await client.query<{ revision: string }>(
    'UPDATE registry_state SET revision = revision + 1 WHERE id = 1 RETURNING revision',
  );
  const revision = rows[0].revision;
  await client.query("SELECT pg_notify('registry_revision', $1)", [revision]);
  return revision;
}

/**
 * Appends `count` valid events to the audit hash chain, continuing from registry_state's head,
 * in batches of `batch` rows (one INSERT … SELECT FROM unnest(...) each), then moves the head.
 */
export async function appendAuditEvents(client: Client, count: number, batch = 5000): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ audit_size: string; audit_head: string }>(
      'SELECT audit_size, audit_head FROM registry_state WHERE id = 1 FOR UPDATE',
    );
    let seq = Number(rows[0].audit_size);
    let prevHash = rows[0].audit_head;
    const from = seq + 1;
    const base = Date.now();
    while (seq < from - 1 + count) {
      const n = Math.min(batch, from - 1 + count - seq);
      const cols = {
        seq: [] as number[],
        occurredAt: [] as string[],
        subjectId: [] as string[],
        after: [] as string[],
        digest: [] as string[],
        prevHash: [] as string[],
        hash: [] as string[],
      };
      for (let k = 0; k < n; k++) {
        seq += 1;
        const after = { n: seq, note: 'synthetic audit event (npm run bench)' };
        const fields = {
          seq,
          occurredAt: new Date(base + seq).toISOString(),
          actorId: CREATED_BY,
          actorRole: 'admin',
          action: 'bench.synthetic',
          subjectType: 'bench',
          subjectId: String(seq),
          digest: digestChange(null, after),
          prevHash,
        };
        const hash = hashEvent(fields);
        cols.seq.push(seq);
        cols.occurredAt.push(fields.occurredAt);
        cols.subjectId.push(fields.subjectId);
        cols.after.push(JSON.stringify(after));
        cols.digest.push(fields.digest);
        cols.prevHash.push(prevHash);
        cols.hash.push(hash);
        prevHash = hash;
      }
      await client.query(
        `INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, subject_type, subject_id, before, after, digest, prev_hash, hash)
         SELECT t.seq, t.occurred_at, $8::uuid, 'admin', 'bench.synthetic', 'bench', t.subject_id, NULL, t.after, t.digest, t.prev_hash, t.hash
         FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::jsonb[], $5::char(64)[], $6::char(64)[], $7::char(64)[])
              AS t(seq, occurred_at, subject_id, after, digest, prev_hash, hash)`,
        [cols.seq, cols.occurredAt, cols.subjectId, cols.after, cols.digest, cols.prevHash, cols.hash, CREATED_BY],
      );
    }
    await client.query('UPDATE registry_state SET audit_size = $1, audit_head = $2 WHERE id = 1', [seq, prevHash]);
    await client.query('COMMIT');
    return { from, to: seq };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}
