import { describe, expect, it } from '@jest/globals';
import { EVENT_TYPES, parseTypeFilter } from './event-types';

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

  it('knows the ten published event types', () => {
    expect(EVENT_TYPES).toHaveLength(10);
    expect(parseTypeFilter([...EVENT_TYPES]).unknown).toEqual([]);
  });
});
