import { describe, expect, it } from '@jest/globals';
import type { DomainEvent, DomainEventPayloads } from '@app/ledger';
import { EVENT_TYPES, type EventType, parseTypeFilter } from './event-types';

/** Type-level equality: compiles only when A and B are the same union. */
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('parseTypeFilter', () => {
  it('accepts no filter', () => {
    expect(parseTypeFilter(undefined)).toEqual({ types: [], unknown: [] });
  });

  it('splits commas, flattens repeats and drops duplicates and blanks', () => {
    expect(parseTypeFilter(['registration.created,assessment.published', 'registration.created', ' '])).toEqual({
      types: ['registration.created', 'assessment.published'],
      unknown: [],
    });
  });

  it('reports unknown types, "*" included (the feed filters by concrete types)', () => {
    expect(parseTypeFilter('registration.created,nope,*')).toEqual({ types: ['registration.created'], unknown: ['nope', '*'] });
  });

  it('publishes exactly the domain event types the writer accepts, each once', () => {
    const sameUnion: Equal<EventType, keyof DomainEventPayloads> = true;
    expect(sameUnion).toBe(true);
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(parseTypeFilter([...EVENT_TYPES]).unknown).toEqual([]);
  });

  it('accepts only known event types with their own payload (checked by the compiler)', () => {
    const emit = (e: DomainEvent) => e.type;
    // @ts-expect-error an unknown event type does not compile
    const unknown = () => emit({ type: 'registration.deleted', subjectType: 'registration', subjectId: 'r', data: {} });
    const wrongPayload = () =>
      // @ts-expect-error a payload of another event type does not compile
      emit({ type: 'assessment.revoked', subjectType: 'assessment', subjectId: 'a', data: { registrationId: 'r' } });
    expect([unknown, wrongPayload]).toHaveLength(2);
  });
});
