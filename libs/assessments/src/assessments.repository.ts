import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/audit';
import type { AssessmentResponseDto } from './dto/assessment.dto';
import { AssessmentEntity } from './entities/assessment.entity';
import { FindingEntity } from './entities/finding.entity';

type NewAssessment = Omit<
  AssessmentEntity,
  'id' | 'status' | 'revokedReason' | 'revokedEffectiveOn' | 'revokedAt' | 'revokedBy' | 'createdAt' | 'findings' | 'profile'
>;
type NewFinding = Pick<FindingEntity, 'requirementId' | 'outcome' | 'note' | 'evidence'>;

/** The JSON of one assessment as the API shows it (status derived from revocation and successors). */
const ASSESSMENT_JSON = `
  json_build_object(
    'id', a.id, 'serviceId', a.service_id,
    'profile', json_build_object('key', a.profile_key, 'edition', a.edition),
    'assessor', json_strip_nulls(json_build_object('organization', a.assessor_organization, 'name', a.assessor_name)),
    'performedOn', a.performed_on, 'validUntil', a.valid_until,
    'status', CASE WHEN a.status = 'revoked' THEN 'revoked' WHEN succ.id IS NOT NULL THEN 'superseded' ELSE 'published' END,
    'supersedes', a.supersedes, 'supersededBy', succ.id,
    'revocation', CASE WHEN a.status = 'revoked' THEN json_build_object('reason', a.revoked_reason,
        'effectiveOn', a.revoked_effective_on, 'revokedAt', to_char(a.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END,
    'findings', COALESCE((SELECT json_agg(json_build_object('requirementId', f.requirement_id, 'outcome', f.outcome, 'note', f.note,
        'evidence', f.evidence) ORDER BY f.position) FROM findings f WHERE f.assessment_id = a.id), '[]'::json),
    'createdAt', to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )`;

@Injectable()
export class AssessmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findView(id: string, tx?: WriteTx): Promise<AssessmentResponseDto | null> {
    const rows = await (tx?.em ?? this.db.manager).query<{ v: AssessmentResponseDto }[]>(
      `SELECT ${ASSESSMENT_JSON} AS v FROM assessments a LEFT JOIN assessments succ ON succ.supersedes = a.id WHERE a.id = $1`,
      [id],
    );
    return rows[0]?.v ?? null;
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
    return this.db.query(
      `SELECT ${ASSESSMENT_JSON} AS v,
              json_build_array(a.performed_on, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), a.id) AS k
       FROM assessments a LEFT JOIN assessments succ ON succ.supersedes = a.id
       WHERE a.service_id = $1 ${keyset}
       ORDER BY a.performed_on DESC, a.created_at DESC, a.id DESC
       LIMIT $2`,
      params,
    );
  }

  /** The stored edition's id (the edition was resolved from the criteria cache). */
  async profileId(tx: WriteTx, key: string, edition: string): Promise<string> {
    const [row] = await tx.em.query<{ id: string }[]>('SELECT id FROM profiles WHERE key = $1 AND edition = $2', [key, edition]);
    return row.id;
  }

  lock(tx: WriteTx, id: string): Promise<AssessmentEntity | null> {
    return tx.em.getRepository(AssessmentEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  successorOf(tx: WriteTx, id: string): Promise<AssessmentEntity | null> {
    return tx.em.getRepository(AssessmentEntity).findOne({ where: { supersedes: id } });
  }

  /** A published assessment with its findings (kept in the order given). */
  async insert(tx: WriteTx, values: NewAssessment, findings: NewFinding[]): Promise<AssessmentEntity> {
    const row = await tx.em.save(tx.em.create(AssessmentEntity, { ...values, status: 'published' }));
    await tx.em.insert(
      FindingEntity,
      findings.map((f, position) => ({ ...f, assessmentId: row.id, position })),
    );
    return row;
  }

  save(tx: WriteTx, row: AssessmentEntity): Promise<AssessmentEntity> {
    return tx.em.save(row);
  }
}
