import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** One outbox event as the feed and webhook bodies show it (see toEventResponse). */
export interface EventRow {
  id: string;
  type: string;
  occurredAt: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
}

/** The columns of one outbox event (alias `e`), named as EventRow. */
export const EVENT_COLUMNS = `e.id, e.type, to_char(e.occurred_at AT TIME ZONE 'UTC', ${ISO_MS}) AS "occurredAt",
  e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.data`;

interface FeedFilter {
  afterSeq: string;
  types: string[];
  serviceId?: string;
  /** null: every event (administrator); otherwise events without a municipality, or of this one. */
  municipalityCode: string | null;
  allMunicipalities: boolean;
  limit: number;
}

/** Reads the change feed (outbox_events in commit order). */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page of the feed after `afterSeq`, in one statement. */
  page(filter: FeedFilter): Promise<(EventRow & { seq: string })[]> {
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
}
