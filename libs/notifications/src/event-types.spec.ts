import { describe, expect, it } from '@jest/globals';
import type { DomainEventPayloads } from '@app/audit';
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
});
