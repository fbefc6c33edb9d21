import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/ledger';
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

  usageExists(tx: WriteTx, municipalityCode: string, serviceId: string, profileKey: string): Promise<boolean> {
    return tx.em.getRepository(ServiceUsageEntity).exists({ where: { municipalityCode, serviceId, profileKey } });
  }

  insertUsage(
    tx: WriteTx,
    values: Pick<ServiceUsageEntity, 'municipalityCode' | 'serviceId' | 'profileKey' | 'purpose' | 'createdBy'>,
  ): Promise<ServiceUsageEntity> {
    return tx.em.save(tx.em.create(ServiceUsageEntity, values));
  }

  lockUsage(tx: WriteTx, municipalityCode: string, id: string): Promise<ServiceUsageEntity | null> {
    return tx.em.getRepository(ServiceUsageEntity).findOne({ where: { id, municipalityCode }, lock: { mode: 'pessimistic_write' } });
  }

  async deleteUsage(tx: WriteTx, id: string): Promise<void> {
    await tx.em.delete(ServiceUsageEntity, { id });
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

  /** Every usage of one municipality, by id: one statement. */
  usagesOf(municipalityCode: string): Promise<ServiceUsageEntity[]> {
    return this.db.getRepository(ServiceUsageEntity).find({ where: { municipalityCode }, order: { id: 'ASC' } });
  }

  /** Every usage, for the sweep: one statement. */
  allUsages(tx: WriteTx): Promise<{ id: string; municipalityCode: string; serviceId: string; profileKey: string }[]> {
    return tx.em.query(
      `SELECT id, municipality_code AS "municipalityCode", service_id AS "serviceId", profile_key AS "profileKey"
       FROM service_usages ORDER BY municipality_code, id`,
    );
  }

  // ---- sweeps

  /**
   * Runs `work` holding the named scheduled job when it is due at `now`, claimed FOR UPDATE SKIP
   * LOCKED (any number of workers, one run); records its result and next run in the same transaction.
   */
  async runIfDue<R>(name: string, now: Date, work: () => Promise<{ result: R; next: Date }>): Promise<void> {
    await this.db.transaction(async (em) => {
      const [job] = await em.query<{ name: string }[]>(
        `SELECT name FROM scheduled_jobs WHERE name = $1 AND next_run_at <= $2 FOR UPDATE SKIP LOCKED`,
        [name, now],
      );
      if (!job) return;
      const { result, next } = await work();
      await em.query(`UPDATE scheduled_jobs SET next_run_at = $2, last_run_at = $3, last_result = $4 WHERE name = $1`, [
        name,
        next,
        now,
        JSON.stringify(result),
      ]);
    });
  }

  /** Serialises sweeps across workers for the rest of the transaction. */
  async lockSweeps(tx: WriteTx): Promise<void> {
    await tx.em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['expiry-sweep']);
  }

  /** The marks already recorded for these (kind, subject, validity end) triples. */
  marksFor(tx: WriteTx, dues: Omit<SweepMark, 'threshold'>[]): Promise<SweepMark[]> {
    return tx.em.query(
      `SELECT m.kind, m.subject_id AS "subjectId", m.valid_until::text AS "validUntil", m.threshold FROM sweep_marks m
       JOIN jsonb_to_recordset($1::jsonb) AS d(kind text, "subjectId" uuid, "validUntil" date)
         ON m.kind = d.kind AND m.subject_id = d."subjectId" AND m.valid_until = d."validUntil"`,
      [JSON.stringify(dues)],
    );
  }

  async insertMarks(tx: WriteTx, marks: SweepMark[], asOf: string): Promise<void> {
    if (marks.length === 0) return;
    await tx.em.query(
      `INSERT INTO sweep_marks (kind, subject_id, valid_until, threshold, as_of)
       SELECT kind, "subjectId", "validUntil", threshold, $2::date
       FROM jsonb_to_recordset($1::jsonb) AS d(kind text, "subjectId" uuid, "validUntil" date, threshold int)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(marks), asOf],
    );
  }

  decisionStates(tx: WriteTx): Promise<Pick<DecisionStateRow, 'serviceId' | 'profileKey' | 'decision' | 'expiring' | 'asOf'>[]> {
    return tx.em.query(
      `SELECT service_id AS "serviceId", profile_key AS "profileKey", decision, expiring, as_of::text AS "asOf" FROM decision_states`,
    );
  }

  async upsertDecisionStates(tx: WriteTx, rows: DecisionStateRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `INSERT INTO decision_states (service_id, profile_key, edition, decision, valid_until, expiring, as_of)
       SELECT "serviceId", "profileKey", edition, decision, "validUntil", expiring, "asOf"
       FROM jsonb_to_recordset($1::jsonb) AS d("serviceId" uuid, "profileKey" text, edition text, decision text, "validUntil" date, expiring boolean, "asOf" date)
       ON CONFLICT (service_id, profile_key) DO UPDATE SET edition = EXCLUDED.edition, decision = EXCLUDED.decision,
         valid_until = EXCLUDED.valid_until, expiring = EXCLUDED.expiring, as_of = EXCLUDED.as_of`,
      [JSON.stringify(rows)],
    );
  }
}
