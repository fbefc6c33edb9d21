import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ServiceUsageEntity } from './entities/service-usage.entity';

export interface SweepMark {
  kind: string;
  subjectId: string;
  validUntil: string;
  threshold: number;
}

export interface DecisionStateRow {
  serviceId: string;
  profileKey: string;
  edition: string;
  decision: string;
  validUntil: string | null;
  expiring: boolean;
  asOf: string;
}

/**
 * A subquery naming the services the municipality `municipalityExpr` (an SQL expression) uses: for
 * one-statement queries of other libraries (the webhook fan-out), which may not name service_usages.
 */
export const servicesUsedBySql = (municipalityExpr: string) =>
  `SELECT u.service_id FROM service_usages u WHERE u.municipality_code = ${municipalityExpr}`;

/** The only place the lifecycle library builds queries (usages, sweep marks, decision states). */
@Injectable()
export class LifecycleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- usages

  usageExists(em: EntityManager, municipalityCode: string, serviceId: string, profileKey: string): Promise<boolean> {
    return em.getRepository(ServiceUsageEntity).exists({ where: { municipalityCode, serviceId, profileKey } });
  }

  insertUsage(em: EntityManager, values: Partial<ServiceUsageEntity>): Promise<ServiceUsageEntity> {
    return em.save(em.create(ServiceUsageEntity, values));
  }

  lockUsage(em: EntityManager, municipalityCode: string, id: string): Promise<ServiceUsageEntity | null> {
    return em.getRepository(ServiceUsageEntity).findOne({ where: { id, municipalityCode }, lock: { mode: 'pessimistic_write' } });
  }

  async deleteUsage(em: EntityManager, id: string): Promise<void> {
    await em.delete(ServiceUsageEntity, { id });
  }

  usagesPage(municipalityCode: string, after: string | null, limit: number): Promise<ServiceUsageEntity[]> {
    const qb = this.db
      .getRepository(ServiceUsageEntity)
      .createQueryBuilder('u')
      .where('u.municipality_code = :municipalityCode', { municipalityCode })
      .orderBy('u.id', 'ASC')
      .limit(limit + 1);
    if (after) qb.andWhere('u.id > :after', { after });
    return qb.getMany();
  }

  /** Every usage, for the sweep: one statement. */
  allUsages(em: EntityManager): Promise<{ id: string; municipalityCode: string; serviceId: string; profileKey: string }[]> {
    return em.query(
      `SELECT id, municipality_code AS "municipalityCode", service_id AS "serviceId", profile_key AS "profileKey"
       FROM service_usages ORDER BY municipality_code, id`,
    );
  }

  // ---- sweeps

  /** Serialises sweeps across workers for the rest of the transaction. */
  async lockSweeps(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['expiry-sweep']);
  }

  /** The marks already recorded for these (kind, subject, validity end) triples. */
  marksFor(em: EntityManager, dues: Omit<SweepMark, 'threshold'>[]): Promise<SweepMark[]> {
    return em.query(
      `SELECT m.kind, m.subject_id AS "subjectId", m.valid_until::text AS "validUntil", m.threshold FROM sweep_marks m
       JOIN jsonb_to_recordset($1::jsonb) AS d(kind text, "subjectId" uuid, "validUntil" date)
         ON m.kind = d.kind AND m.subject_id = d."subjectId" AND m.valid_until = d."validUntil"`,
      [JSON.stringify(dues)],
    );
  }

  async insertMarks(em: EntityManager, marks: SweepMark[], asOf: string): Promise<void> {
    if (marks.length === 0) return;
    await em.query(
      `INSERT INTO sweep_marks (kind, subject_id, valid_until, threshold, as_of)
       SELECT kind, "subjectId", "validUntil", threshold, $2::date
       FROM jsonb_to_recordset($1::jsonb) AS d(kind text, "subjectId" uuid, "validUntil" date, threshold int)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(marks), asOf],
    );
  }

  decisionStates(em: EntityManager): Promise<Pick<DecisionStateRow, 'serviceId' | 'profileKey' | 'decision' | 'expiring' | 'asOf'>[]> {
    return em.query(
      `SELECT service_id AS "serviceId", profile_key AS "profileKey", decision, expiring, as_of::text AS "asOf" FROM decision_states`,
    );
  }

  async upsertDecisionStates(em: EntityManager, rows: DecisionStateRow[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO decision_states (service_id, profile_key, edition, decision, valid_until, expiring, as_of)
       SELECT "serviceId", "profileKey", edition, decision, "validUntil", expiring, "asOf"
       FROM jsonb_to_recordset($1::jsonb) AS d("serviceId" uuid, "profileKey" text, edition text, decision text, "validUntil" date, expiring boolean, "asOf" date)
       ON CONFLICT (service_id, profile_key) DO UPDATE SET edition = EXCLUDED.edition, decision = EXCLUDED.decision,
         valid_until = EXCLUDED.valid_until, expiring = EXCLUDED.expiring, as_of = EXCLUDED.as_of`,
      [JSON.stringify(rows)],
    );
  }
}
