import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EventDto } from './dto/event.dto';

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The JSON of one outbox event (alias `e`) as the feed and webhook bodies show it. */
export const EVENT_JSON = `
  json_build_object(
    'id', e.id, 'type', e.type,
    'occurredAt', to_char(e.occurred_at AT TIME ZONE 'UTC', ${ISO_MS}),
    'subject', json_build_object('type', e.subject_type, 'id', e.subject_id),
    'data', e.data
  )`;

export interface FeedFilter {
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
  page(filter: FeedFilter): Promise<{ v: EventDto; seq: string }[]> {
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
}
