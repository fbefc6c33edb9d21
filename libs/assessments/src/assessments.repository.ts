import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { assessmentStatus, type SuccessorFacts } from '@app/eligibility-engine';
import type { AssessmentResponseDto } from './dto/assessment.dto';
import { AssessmentEntity } from './entities/assessment.entity';

/**
 * The JSON of one assessment as the API shows it. `status` and `supersededBy` are placeholders (kept
 * in place for the key order) filled by `toView` from the successors with the engine's one
 * definition of supersession (a successor revoked from its start supersedes nothing).
 */
const ASSESSMENT_JSON = `
  json_build_object(
    'id', a.id, 'serviceId', a.service_id,
    'profile', json_build_object('key', a.profile_key, 'edition', a.edition),
    'assessor', json_strip_nulls(json_build_object('organization', a.assessor_organization, 'name', a.assessor_name)),
    'performedOn', a.performed_on, 'validUntil', a.valid_until,
    'status', a.status,
    'supersedes', a.supersedes, 'supersededBy', NULL,
    'revocation', CASE WHEN a.status = 'revoked' THEN json_build_object('reason', a.revoked_reason,
        'effectiveOn', a.revoked_effective_on, 'revokedAt', to_char(a.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END,
    'findings', COALESCE((SELECT json_agg(json_build_object('requirementId', f.requirement_id, 'outcome', f.outcome, 'note', f.note, 'justification', f.justification,
        'evidence', f.evidence) ORDER BY f.position) FROM findings f WHERE f.assessment_id = a.id), '[]'::json),
    'createdAt', to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'successors', COALESCE((SELECT json_agg(json_build_object('id', s.id, 'performedOn', s.performed_on,
        'revoked', CASE WHEN s.status = 'revoked' THEN json_build_object('effectiveOn', s.revoked_effective_on) END) ORDER BY s.id)
        FROM assessments s WHERE s.supersedes = a.id), '[]'::json)
  )`;

type RawView = AssessmentResponseDto & { successors?: SuccessorFacts[] };

/** Fills the derived status and superseding successor, and drops the helper field. */
function toView(raw: RawView): AssessmentResponseDto {
  const { status, supersededBy } = assessmentStatus({ revoked: raw.status === 'revoked', successors: raw.successors ?? [] });
  raw.status = status;
  raw.supersededBy = supersededBy;
  delete raw.successors;
  return raw;
}

@Injectable()
export class AssessmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findView(id: string, em: EntityManager = this.db.manager): Promise<AssessmentResponseDto | null> {
    const rows = await em.query<{ v: RawView }[]>(`SELECT ${ASSESSMENT_JSON} AS v FROM assessments a WHERE a.id = $1`, [id]);
    return rows[0] ? toView(rows[0].v) : null;
  }

  /** A service's assessments, newest first (performed_on, created_at, id), in one statement. */
  async listForService(
    serviceId: string,
    after: [string, string, string] | null,
    limit: number,
  ): Promise<{ v: AssessmentResponseDto; k: [string, string, string] }[]> {
    const params: unknown[] = [serviceId, limit + 1];
    let keyset = '';
    if (after) {
      params.push(...after);
      keyset = `AND (a.performed_on, a.created_at, a.id) < ($3::date, $4::timestamptz, $5::uuid)`;
    }
    const rows = await this.db.query<{ v: RawView; k: [string, string, string] }[]>(
      `SELECT ${ASSESSMENT_JSON} AS v,
              json_build_array(a.performed_on, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), a.id) AS k
       FROM assessments a
       WHERE a.service_id = $1 ${keyset}
       ORDER BY a.performed_on DESC, a.created_at DESC, a.id DESC
       LIMIT $2`,
      params,
    );
    return rows.map((r) => ({ v: toView(r.v), k: r.k }));
  }

  lock(em: EntityManager, id: string): Promise<AssessmentEntity | null> {
    return em.getRepository(AssessmentEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The successor that supersedes `id` (a void one, revoked from its start, supersedes nothing). */
  async successorOf(em: EntityManager, id: string): Promise<{ id: string } | null> {
    const [row] = await em.query<{ id: string }[]>(
      `SELECT id FROM assessments WHERE supersedes = $1 AND NOT (status = 'revoked' AND revoked_effective_on IS NULL)`,
      [id],
    );
    return row ?? null;
  }
}
