import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Measurement, SuccessorFacts } from '@app/eligibility-engine';
import type { WriteTx } from '@app/ledger';
import { AssessmentEntity } from './entities/assessment.entity';
import { FindingEntity } from './entities/finding.entity';

type NewAssessment = Omit<
  AssessmentEntity,
  'id' | 'status' | 'revokedReason' | 'revokedEffectiveOn' | 'revokedAt' | 'revokedBy' | 'createdAt' | 'findings' | 'profile'
>;
type NewFinding = Pick<FindingEntity, 'requirementId' | 'outcome' | 'note' | 'justification' | 'evidence' | 'measurements'>;

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * One assessment as stored, with its successors and findings (in order). `status` is the stored
 * one (published or revoked); superseded is derived from `successors` with the engine's one
 * definition of supersession (a successor revoked from its start supersedes nothing).
 */
export interface AssessmentRow {
  id: string;
  serviceId: string;
  profileKey: string;
  edition: string;
  assessorOrganization: string;
  assessorName: string | null;
  performedOn: string;
  validUntil: string;
  status: 'published' | 'revoked';
  supersedes: string | null;
  revokedReason: string | null;
  revokedEffectiveOn: string | null;
  revokedAt: string | null;
  createdAt: string;
  findings: {
    requirement_id: string;
    outcome: string;
    note: string | null;
    justification: string | null;
    evidence: { uri: string; sha256: string }[];
    measurements: Measurement[];
  }[];
  successors: SuccessorFacts[];
}

/** The columns of one assessment (alias `a`); the findings and successors aggregates keep a page one statement. */
const ASSESSMENT_COLUMNS = `
  a.id, a.service_id AS "serviceId", a.profile_key AS "profileKey", a.edition,
  a.assessor_organization AS "assessorOrganization", a.assessor_name AS "assessorName",
  a.performed_on::text AS "performedOn", a.valid_until::text AS "validUntil",
  a.status, a.supersedes,
  a.revoked_reason AS "revokedReason", a.revoked_effective_on::text AS "revokedEffectiveOn",
  to_char(a.revoked_at AT TIME ZONE 'UTC', ${ISO_MS}) AS "revokedAt",
  to_char(a.created_at AT TIME ZONE 'UTC', ${ISO_MS}) AS "createdAt",
  COALESCE((SELECT json_agg(f ORDER BY f.position) FROM findings f WHERE f.assessment_id = a.id), '[]'::json) AS findings,
  COALESCE((SELECT json_agg(json_build_object('id', s.id, 'performedOn', s.performed_on,
      'revoked', CASE WHEN s.status = 'revoked' THEN json_build_object('effectiveOn', s.revoked_effective_on) END) ORDER BY s.id)
    FROM assessments s WHERE s.supersedes = a.id), '[]'::json) AS successors`;

@Injectable()
export class AssessmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string, tx?: WriteTx): Promise<AssessmentRow | null> {
    const rows = await (tx?.em ?? this.db.manager).query<AssessmentRow[]>(
      `SELECT ${ASSESSMENT_COLUMNS} FROM assessments a WHERE a.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** A service's assessments, newest first (performed_on, created_at, id), in one statement. */
  async listForService(
    serviceId: string,
    after: [string, string, string] | null,
    limit: number,
  ): Promise<(AssessmentRow & { k: [string, string, string] })[]> {
    const params: unknown[] = [serviceId, limit + 1];
    let keyset = '';
    if (after) {
      params.push(...after);
      keyset = `AND (a.performed_on, a.created_at, a.id) < ($3::date, $4::timestamptz, $5::uuid)`;
    }
    return this.db.query(
      `SELECT ${ASSESSMENT_COLUMNS},
              json_build_array(a.performed_on, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), a.id) AS k
       FROM assessments a
       WHERE a.service_id = $1 ${keyset}
       ORDER BY a.performed_on DESC, a.created_at DESC, a.id DESC
       LIMIT $2`,
      params,
    );
  }

  lock(tx: WriteTx, id: string): Promise<AssessmentEntity | null> {
    return tx.em.getRepository(AssessmentEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The successor that supersedes `id` (a void one, revoked from its start, supersedes nothing). */
  async successorOf(tx: WriteTx, id: string): Promise<{ id: string } | null> {
    const [row] = await tx.em.query<{ id: string }[]>(
      `SELECT id FROM assessments WHERE supersedes = $1 AND NOT (status = 'revoked' AND revoked_effective_on IS NULL)`,
      [id],
    );
    return row ?? null;
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
