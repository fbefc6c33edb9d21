import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** One outbox event as a row; the feed and webhook bodies map it (see notifications' toEventResponse). */
export interface EventRow {
  id: string;
  type: string;
  occurredAt: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
}

/** The columns of one outbox event (alias `e`), named as EventRow. */
const EVENT_COLUMNS = `e.id, e.type, to_char(e.occurred_at AT TIME ZONE 'UTC', ${ISO_MS}) AS "occurredAt",
  e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.data`;

export interface FeedFilter {
  afterSeq: string;
  types: string[];
  serviceId?: string;
  /** null: every event (administrator); otherwise events without a municipality, or of this one. */
  municipalityCode: string | null;
  allMunicipalities: boolean;
  limit: number;
}

export type FeedRow = EventRow & { seq: string };

/** The columns of the `batch` relation a fan-out statement reads (see {@link OutboxRepository.dispatch}). */
export type OutboxBatchColumns = 'seq' | 'id' | 'type' | 'service_id' | 'municipality_code';

/** The outbox (outbox_events), read in commit order: the change feed and the webhook dispatcher. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page of the feed after `afterSeq`, in one statement. */
  feedPage(filter: FeedFilter): Promise<FeedRow[]> {
    const params: unknown[] = [filter.afterSeq, filter.limit];
    const where = ['e.seq > $1::bigint'];
    if (filter.types.length > 0) {
      params.push(filter.types);
      where.push(`e.type = ANY($${params.length}::text[])`);
    }
    if (filter.serviceId !== undefined) {
      params.push(filter.serviceId);
      where.push(`e.service_id = $${params.length}::uuid`);
    }
    if (!filter.allMunicipalities) {
      params.push(filter.municipalityCode);
      where.push(`(e.municipality_code IS NULL OR e.municipality_code = $${params.length}::char(6))`);
    }
    return this.db.query(
      `SELECT ${EVENT_COLUMNS}, e.seq::text AS seq
       FROM outbox_events e
       WHERE ${where.join(' AND ')}
       ORDER BY e.seq
       LIMIT $2`,
      params,
    );
  }

  /**
   * Claims up to `limit` undispatched events in commit order (skipping rows another worker holds),
   * runs `fanOut` — a data-modifying statement over `batch` (columns {@link OutboxBatchColumns}),
   * written by the caller about its own tables — and marks the events dispatched: one statement,
   * so one transaction. `$1` is taken by `limit`. Answers how many events it dispatched.
   */
  async dispatch(limit: number, fanOut: string): Promise<number> {
    const rows = await this.db.query<{ seq: string }[]>(
      `WITH batch AS (
         SELECT e.seq, e.id, e.type, e.service_id, e.municipality_code
         FROM outbox_events e
         WHERE e.dispatched = false
         ORDER BY e.seq
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       ), fanned AS (
         ${fanOut}
       )
       UPDATE outbox_events o SET dispatched = true FROM batch b WHERE o.seq = b.seq RETURNING o.seq`,
      [limit],
    );
    return rows.length;
  }
}

/**
 * A subquery for `CROSS JOIN LATERAL ... AS alias` in statements of other libraries: the EventRow
 * columns of the outbox event whose seq is `seqExpr`.
 */
export const outboxEventBySeq = (seqExpr: string) => `(SELECT ${EVENT_COLUMNS} FROM outbox_events e WHERE e.seq = ${seqExpr})`;
