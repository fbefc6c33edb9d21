import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEventContentRow, AuditEventRow } from './crypto';

/** An audit event as listed: the hashed fields plus the change itself. */
export interface AuditEventRecord extends AuditEventRow {
  before: unknown;
  after: unknown;
}

export interface AuditEventFilter {
  subjectType?: string;
  subjectId?: string;
  action?: string;
}

/** A leaf of the checkpoint tree and its link to the previous one. */
interface EventHashLink {
  seq: number;
  hash: string;
  prevHash: string;
}

/** occurred_at exactly as it was hashed: ISO 8601 in UTC with milliseconds (the column is timestamptz(3)). */
const OCCURRED_AT = `to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The nine hashed columns plus hash, named as AuditEventRow (seq still a bigint string). */
const CHAIN_COLUMNS = `e.seq, ${OCCURRED_AT} AS "occurredAt", e.actor_id AS "actorId", e.actor_role AS "actorRole", e.action,
  e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.digest, e.prev_hash AS "prevHash", e.hash`;

type Raw<T> = Omit<T, 'seq'> & { seq: string };

const withSeq = <T extends { seq: number }>(rows: Raw<T>[]): T[] => {
  for (const row of rows) (row as unknown as T).seq = Number(row.seq);
  return rows as unknown as T[];
};

/** The chain head the writer recorded in registry_state. */
export interface RecordedHead {
  size: number;
  head: string;
}

/** The audit trail's read side (the write side is LedgerRepository, through RegistryWriter). */
@Injectable()
export class AuditTrailRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page of events after `afterSeq`, in seq order, optionally filtered; `limit + 1` rows. */
  async listPage(filter: AuditEventFilter, afterSeq: number, limit: number): Promise<AuditEventRecord[]> {
    const params: unknown[] = [afterSeq, limit + 1];
    const where = ['e.seq > $1'];
    const eq = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`e.${column} = $${params.length}`);
    };
    eq('subject_type', filter.subjectType);
    eq('subject_id', filter.subjectId);
    eq('action', filter.action);
    const rows = await this.db.query<Raw<AuditEventRecord>[]>(
      `SELECT ${CHAIN_COLUMNS}, e.before, e.after FROM audit_events e WHERE ${where.join(' AND ')} ORDER BY e.seq LIMIT $2`,
      params,
    );
    return withSeq(rows);
  }

  /**
   * Runs `work` in one read-only REPEATABLE READ transaction: every query sees the same snapshot,
   * so the recorded head and the events agree even while writers append.
   */
  snapshot<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      return work(em);
    });
  }

  /** The chain head the writer recorded. */
  async recordedHead(em: EntityManager = this.db.manager): Promise<RecordedHead> {
    const [row] = await em.query<{ size: string; head: string }[]>(
      'SELECT audit_size AS size, audit_head AS head FROM registry_state WHERE id = 1',
    );
    return { size: Number(row.size), head: row.head };
  }

  /** Up to `limit` events after `afterSeq`: the hashed columns and the change (for chain verification). */
  async chainPage(em: EntityManager, afterSeq: number, limit: number): Promise<AuditEventContentRow[]> {
    const rows = await em.query<Raw<AuditEventContentRow>[]>(
      `SELECT ${CHAIN_COLUMNS}, e.before, e.after FROM audit_events e WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
      [afterSeq, limit],
    );
    return withSeq(rows);
  }

  /** The latest event about one record, with its change (e.g. the receipt.issued event of a receipt id). */
  async latestAbout(subjectType: string, subjectId: string): Promise<AuditEventContentRow | null> {
    const rows = await this.db.query<Raw<AuditEventContentRow>[]>(
      `SELECT ${CHAIN_COLUMNS}, e.before, e.after FROM audit_events e WHERE e.subject_type = $1 AND e.subject_id = $2
       ORDER BY e.seq DESC LIMIT 1`,
      [subjectType, subjectId],
    );
    return withSeq(rows)[0] ?? null;
  }

  /**
   * The recorded size and, in the same statement, up to `limit` event hashes with seq in
   * (afterSeq, audit_size]: how the checkpoint tree catches up.
   */
  async hashesUpToHead(
    afterSeq: number,
    limit: number,
    em: EntityManager = this.db.manager,
  ): Promise<{ size: number; links: EventHashLink[] }> {
    const rows = await em.query<{ size: string; seq: string | null; hash: string | null; prevHash: string | null }[]>(
      `SELECT s.audit_size AS size, e.seq, e.hash, e.prev_hash AS "prevHash"
       FROM registry_state s
       LEFT JOIN LATERAL (
         SELECT seq, hash, prev_hash FROM audit_events WHERE seq > $1 AND seq <= s.audit_size ORDER BY seq LIMIT $2
       ) e ON true
       WHERE s.id = 1
       ORDER BY e.seq`,
      [afterSeq, limit],
    );
    const links = rows.filter((r) => r.seq !== null).map((r) => ({ seq: Number(r.seq), hash: r.hash!, prevHash: r.prevHash! }));
    return { size: Number(rows[0].size), links };
  }

  /** Every event hash up to the recorded head, page by page from one snapshot (for offline checks). */
  async *eventHashPages(pageSize = 10_000): AsyncGenerator<string[]> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const { size } = await this.recordedHead(runner.manager);
      for (let after = 0; ;) {
        const { links } = await this.hashesUpToHead(after, pageSize, runner.manager);
        if (links.length > 0) yield links.map((l) => l.hash);
        if (links.length < pageSize || links[links.length - 1].seq >= size) break;
        after = links[links.length - 1].seq;
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }
}
