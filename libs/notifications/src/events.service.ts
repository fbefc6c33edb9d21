import { Injectable } from '@nestjs/common';
import { type EventRow, OutboxRepository } from '@app/ledger';
import { type Actor, decodeCursor, encodeCursor, invalidCursor } from '@app/shared';
import type { EventDto, EventPageDto, ListEventsQueryDto } from './dto/event.dto';
import { parseTypeFilter } from './event-types';
import { unknownEventTypes } from './notifications.errors';

/** An outbox event as the feed and the webhook bodies show it. */
export const toEventResponse = (e: EventRow): EventDto => ({
  id: e.id,
  type: e.type,
  occurredAt: e.occurredAt,
  subject: { type: e.subjectType, id: e.subjectId },
  data: e.data,
});

/** The cursor of the position before the first event. */
const START = '0';

/** The public change feed: outbox events in commit order. */
@Injectable()
export class EventsService {
  constructor(private readonly outbox: OutboxRepository) {}

  /**
   * One page after `after`. Events about a municipality are shown only to an administrator or
   * that municipality's credential. `nextCursor` is always where to continue from, so an empty
   * page hands back the position the client asked from.
   */
  async feed(actor: Actor | null, query: ListEventsQueryDto): Promise<EventPageDto> {
    const afterSeq = decodeFeedCursor(query.after);
    const { types, unknown } = parseTypeFilter(query.type);
    if (unknown.length > 0) throw unknownEventTypes(unknown.map((value) => ({ pointer: '/type', value })));
    const rows = await this.outbox.feedPage({
      afterSeq,
      types,
      serviceId: query.serviceId,
      allMunicipalities: actor?.role === 'admin',
      municipalityCode: actor?.role === 'municipality' ? actor.municipalityCode : null,
      limit: query.limit,
    });
    const last = rows.length > 0 ? rows[rows.length - 1].seq : afterSeq;
    return { items: rows.map(toEventResponse), nextCursor: encodeCursor([last]) };
  }
}

function decodeFeedCursor(after: string | undefined): string {
  let key: (string | number)[] | null;
  try {
    key = decodeCursor(after, ['int']);
  } catch {
    throw invalidCursor('/after');
  }
  if (key === null) return START;
  const [seq] = key;
  if (typeof seq !== 'string' || !/^\d{1,18}$/.test(seq)) throw invalidCursor('/after');
  return seq;
}
