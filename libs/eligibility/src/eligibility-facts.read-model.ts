import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '@app/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ServiceFacts } from '@app/eligibility-engine';
import { changesBetweenSql, CURRENT_REVISION_SQL, type RecordedChanges } from '@app/ledger';

export interface ServiceFactsRow extends ServiceFacts {
  endpoints: (ServiceFacts['endpoints'][number] & { ports: number[] })[];
}

/**
 * Everything the engine needs about one service or all of them, in ONE statement: registrations
 * with their dated states and scheme rule (the service's own, and those whose scope covers it, with
 * the coverage periods), destinations, and assessments (all profiles) with
 * findings, revocation and their successors (the engine decides which successor supersedes). Set-based, no N+1. For one service
 * the id filter is repeated inside every branch so each one is an index lookup (a shared CTE
 * would be materialised and make PostgreSQL aggregate whole tables).
 */
function factsSql(scope: 'one' | 'all' | { anyOf: string }): string {
  const one = scope !== 'all';
  const only = (column: string) => (scope === 'one' ? `AND ${column} = $1` : scope === 'all' ? '' : `AND ${column} = ANY(${scope.anyOf})`);
  // children aggregated per parent: for one service a lateral index lookup per parent; for all
  // services one grouped pass joined by hash (10,000 lateral lookups cost ≈ 3× more)
  const perParent = (table: string, fk: string, parent: string, aggregate: string, alias: string) =>
    one
      ? `LEFT JOIN LATERAL (SELECT ${aggregate} FROM ${table} WHERE ${fk} = ${parent}) ${alias} ON true`
      : `LEFT JOIN (SELECT ${fk} AS parent_id, ${aggregate} FROM ${table} GROUP BY ${fk}) ${alias} ON ${alias}.parent_id = ${parent}`;
  return `
WITH regs AS (
  -- a service's own registrations, and those of other services whose scope covers it (with the periods)
  SELECT l.service_id,
         json_agg(json_build_object('id', r.id, 'scheme', r.scheme, 'registeredOn', r.registered_on, 'rule', sc.validity_rule,
                                    'history', st.history,
                                    'coverage', CASE WHEN l.periods IS NOT NULL
                                      THEN json_build_object('registeredServiceId', r.service_id, 'periods', l.periods) END)
                  ORDER BY r.id) AS registrations
  FROM (
    SELECT r0.id AS registration_id, r0.service_id, NULL::json AS periods FROM scheme_registrations r0 WHERE true ${only('r0.service_id')}
    UNION ALL
    SELECT c.registration_id, c.service_id,
           json_agg(json_build_object('effectiveOn', c.effective_on, 'endedOn', c.ended_on) ORDER BY c.effective_on, c.id)
    FROM registration_coverage c WHERE true ${only('c.service_id')}
    GROUP BY c.registration_id, c.service_id
  ) l
  JOIN scheme_registrations r ON r.id = l.registration_id
  JOIN schemes sc ON sc.key = r.scheme
  ${perParent(
    'registration_states x',
    'x.registration_id',
    'r.id',
    `json_agg(json_build_object('status', x.status, 'effectiveOn', x.effective_on, 'auditPeriodEnd', x.audit_period_end,
       'validUntil', x.valid_until, 'renewalFiledOn', x.renewal_filed_on, 'lastConfirmedOn', x.last_confirmed_on)
       ORDER BY x.effective_on, x.seq) AS history`,
    'st',
  )}
  GROUP BY l.service_id
), eps AS (
  SELECT e.service_id,
         json_agg(json_build_object('id', e.id, 'kind', e.kind, 'value', e.value, 'ports', e.ports,
                                    'effectiveFrom', e.effective_on, 'endedOn', e.ended_on) ORDER BY e.value, e.id) AS endpoints
  FROM endpoints e
  WHERE true ${only('e.service_id')}
  GROUP BY e.service_id
), asm AS (
  SELECT a.service_id,
         json_agg(json_build_object(
           'id', a.id, 'profileKey', a.profile_key, 'edition', a.edition, 'performedOn', a.performed_on, 'validUntil', a.valid_until,
           'createdSeq', (extract(epoch FROM a.created_at) * 1000)::bigint,
           'revoked', CASE WHEN a.status = 'revoked' THEN json_build_object('effectiveOn', a.revoked_effective_on) END,
           'supersededFrom', NULL,
           'successors', COALESCE(succ.successors, '[]'::json),
           'findings', COALESCE(fs.findings, '[]'::json),
           -- the assessor registry: the periods its organisation is accredited (none: not registered)
           'accreditations', COALESCE((SELECT json_agg(json_build_object('from', ac.accredited_from, 'until', ac.accredited_until)
                                        ORDER BY ac.accredited_from)
                                       FROM audit_organizations ao JOIN accreditations ac ON ac.organization_id = ao.id
                                       WHERE ao.name = a.assessor_organization), '[]'::json)) ORDER BY a.created_at, a.id) AS assessments
  FROM assessments a
  ${perParent(
    '(SELECT id, supersedes, performed_on, status, revoked_effective_on FROM assessments WHERE supersedes IS NOT NULL) s',
    's.supersedes',
    'a.id',
    `json_agg(json_build_object('id', s.id, 'performedOn', s.performed_on,
       'revoked', CASE WHEN s.status = 'revoked' THEN json_build_object('effectiveOn', s.revoked_effective_on) END) ORDER BY s.id) AS successors`,
    'succ',
  )}
  ${perParent(
    'findings f',
    'f.assessment_id',
    'a.id',
    `json_agg(json_build_object('requirementId', f.requirement_id, 'outcome', f.outcome, 'measurements', f.measurements) ORDER BY f.position) AS findings`,
    'fs',
  )}
  WHERE true ${only('a.service_id')}
  GROUP BY a.service_id
), cat AS (
  -- the first category (and declared methods) hold from the start; each dated change until the next one
  SELECT c.service_id,
         json_agg(json_build_object('value', c.category, 'from', c.from_on, 'to', c.to_on) ORDER BY c.from_on) AS categories,
         json_agg(json_build_object('value', COALESCE(c.methods, '{}'::text[]), 'from', c.from_on, 'to', c.to_on) ORDER BY c.from_on) AS methods
  FROM (
    SELECT x.service_id, x.category, x.methods, x.from_on, lead(x.from_on) OVER (PARTITION BY x.service_id ORDER BY x.from_on) AS to_on
    FROM (
      SELECT s0.id AS service_id, s0.category, s0.file_import_methods AS methods, DATE '0001-01-01' AS from_on FROM services s0
      WHERE EXISTS (SELECT 1 FROM service_category_changes c0 WHERE c0.service_id = s0.id) ${only('s0.id')}
      UNION ALL
      SELECT c1.service_id, c1.category, c1.file_import_methods, c1.effective_on FROM service_category_changes c1 WHERE true ${only('c1.service_id')}
    ) x
  ) c
  GROUP BY c.service_id
)
SELECT json_build_object(
  'service', json_build_object('id', s.id, 'category', s.category, 'retiredOn', s.retired_on,
    'categories', COALESCE(cat.categories, json_build_array(json_build_object('value', s.category, 'from', '0001-01-01'))),
    'methods', COALESCE(cat.methods, json_build_array(json_build_object('value', COALESCE(s.file_import_methods, '{}'::text[]), 'from', '0001-01-01')))),
  'registrations', COALESCE(regs.registrations, '[]'::json),
  'endpoints', COALESCE(eps.endpoints, '[]'::json),
  'assessments', COALESCE(asm.assessments, '[]'::json)) AS facts
FROM services s
LEFT JOIN regs ON regs.service_id = s.id
LEFT JOIN eps ON eps.service_id = s.id
LEFT JOIN asm ON asm.service_id = s.id
LEFT JOIN cat ON cat.service_id = s.id
WHERE true ${only('s.id')}
ORDER BY s.id`;
}

const ONE_SERVICE_SQL = factsSql('one');
const SOME_SERVICES_SQL = factsSql({ anyOf: '$1::uuid[]' });

/**
 * The changes recorded for revisions in ($1, $2] and, in the same statement, the facts of every
 * service they name: what a reader needs to bring its snapshot from $1 to $2.
 */
const CHANGES_JSON = `(SELECT COALESCE(json_agg(json_build_object('revision', c.revision::text, 'serviceIds', c.service_ids,
     'subjectTypes', c.subject_types, 'unscopedTypes', c.unscoped_types) ORDER BY c.revision), '[]'::json) FROM changes c)`;
const CHANGES_AND_FACTS_SQL = `
WITH changes AS (${changesBetweenSql('$1::bigint', '$2::bigint')}),
touched AS (SELECT COALESCE(array_agg(DISTINCT t.id), '{}') AS ids FROM changes, unnest(changes.service_ids) AS t(id))
SELECT
  ${CHANGES_JSON} AS changes,
  (SELECT COALESCE(json_agg(f.facts), '[]'::json) FROM (${factsSql({ anyOf: '(SELECT ids FROM touched)::uuid[]' })}) f) AS facts`;
const ALL_SERVICES_SQL = factsSql('all');
/** The changes recorded for revisions in ($1, $2] (without facts). */
const CHANGES_SQL = `WITH changes AS (${changesBetweenSql('$1::bigint', '$2::bigint')}) SELECT ${CHANGES_JSON} AS changes`;

/**
 * The declared read model: the one file allowed to read other libraries' tables (services and
 * endpoints of catalog, registrations of schemes, assessments), so a decision costs one round trip.
 * It only reads; each table's writes stay with its owner (see docs/ARCHITECTURE.md).
 */
@Injectable()
export class EligibilityFactsReadModel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly replica: ReadDatabase,
  ) {}

  /** Facts of one service (null if it does not exist): one query. */
  async factsOf(serviceId: string): Promise<ServiceFactsRow | null> {
    const rows = await this.db.query<{ facts: ServiceFactsRow }[]>(ONE_SERVICE_SQL, [serviceId]);
    return rows[0]?.facts ?? null;
  }

  /**
   * Facts of the given services as `em` sees them (inside a write transaction: its own uncommitted
   * changes, so an import can tell which decisions its changes would flip): one query.
   */
  async factsWithin(em: EntityManager, serviceIds: string[]): Promise<ServiceFactsRow[]> {
    if (serviceIds.length === 0) return [];
    const rows = await em.query<{ facts: ServiceFactsRow }[]>(SOME_SERVICES_SQL, [serviceIds]);
    return rows.map((r) => r.facts);
  }

  /**
   * What the revisions in (after, upTo] changed (one entry per recorded revision) and the facts of
   * the services they name that exist (ordered by id): one query.
   */
  async changesAndFacts(after: string, upTo: string): Promise<{ changes: RecordedChanges[]; facts: ServiceFactsRow[] }> {
    type Row = { changes: RecordedChanges[]; facts: ServiceFactsRow[] };
    const onReplica = await this.replica.atLeast(
      upTo,
      CURRENT_REVISION_SQL,
      async (c) => (await c.query<Row>(CHANGES_AND_FACTS_SQL, [after, upTo])).rows[0],
    );
    if (onReplica) return onReplica;
    const [row] = await this.db.query<Row[]>(CHANGES_AND_FACTS_SQL, [after, upTo]);
    return row;
  }

  /** Whether snapshot reads go to a read replica (DATABASE_READ_URL), which may lag behind the primary. */
  get readsReplica(): boolean {
    return this.replica.configured;
  }

  /**
   * What the revisions in (after, upTo] changed, read on the primary (never behind the revision it
   * advertises): which services a snapshot being brought to `upTo` on a lagging replica will reload.
   */
  async changes(after: string, upTo: string): Promise<RecordedChanges[]> {
    const [row] = await this.db.query<{ changes: RecordedChanges[] }[]>(CHANGES_SQL, [after, upTo]);
    return row.changes;
  }

  /**
   * Facts of every service, ordered by id: one query however many services exist. With a read
   * replica (DATABASE_READ_URL) it is read there once the replica has replayed `atLeast`, so the
   * snapshot is never older than the revision the caller advertises; else from the primary.
   */
  async allFacts(atLeast?: string): Promise<ServiceFactsRow[]> {
    type Row = { facts: ServiceFactsRow };
    const onReplica =
      atLeast === undefined
        ? null
        : await this.replica.atLeast(atLeast, CURRENT_REVISION_SQL, async (c) => (await c.query<Row>(ALL_SERVICES_SQL)).rows);
    const rows = onReplica ?? (await this.db.query<Row[]>(ALL_SERVICES_SQL));
    return rows.map((r) => r.facts);
  }
}
