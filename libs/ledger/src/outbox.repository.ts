import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The JSON of one outbox event (alias `e`) as the feed and webhook bodies show it. */
const EVENT_JSON = `
  json_build_object(
    'id', e.id, 'type', e.type,
    'occurredAt', to_char(e.occurred_at AT TIME ZONE 'UTC', ${ISO_MS}),
    'subject', json_build_object('type', e.subject_type, 'id', e.subject_id),
    'data', e.data
  )`;

/** An outbox event as the feed and webhook bodies show it. */
export interface OutboxEventJson {
  id: string;
  type: string;
  occurredAt: string;
  subject: { type: string; id: string };
  data: Record<string, unknown>;
}

export interface FeedFilter {
  afterSeq: string;
  types: string[];
  serviceId?: string;
  /** null: every event (administrator); otherwise events without a municipality, or of this one. */
  municipalityCode: string | null;
  allMunicipalities: boolean;
  limit: number;
}

export interface FeedRow {
  v: OutboxEventJson;
  seq: string;
}

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
      `SELECT ${EVENT_JSON} AS v, e.seq::text AS seq
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

/** A scalar subquery: the JSON of the outbox event whose seq is `seqExpr` (for statements of other libraries). */
export const outboxEventJsonBySeq = (seqExpr: string) => `(SELECT ${EVENT_JSON} FROM outbox_events e WHERE e.seq = ${seqExpr})`;
