import { DOMAIN_EVENT_TYPES, type DomainEventType } from '@app/ledger';

/** Every event type the registry publishes on the change feed and to webhooks: the writer's domain events. */
export const EVENT_TYPES = DOMAIN_EVENT_TYPES;

export type EventType = DomainEventType;

/** A subscription's `events: ["*"]` receives every type, including ones added later. */
export const ALL_EVENTS = '*';

const known: ReadonlySet<string> = new Set(EVENT_TYPES);

export const isEventType = (value: string): value is EventType => known.has(value);

/**
 * Splits `?type=a,b&type=c` into a de-duplicated list; returns the offending values (with their
 * index in the flattened list) when any is not an event type.
 */
export function parseTypeFilter(raw: string | string[] | undefined): { types: EventType[]; unknown: string[] } {
  const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const unknown = values.filter((v) => !isEventType(v));
  return { types: [...new Set(values.filter(isEventType))], unknown };
}
