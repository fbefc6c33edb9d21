import { describe, expect, it } from '@jest/globals';
import { LayeredMap } from './layered-map';

/** Everything a reader can see of a map, in a comparable form. */
function view(m: LayeredMap<string, number | null> | Map<string, number | null>, universe: string[]) {
  return {
    size: m.size,
    got: universe.map((k) => [k, m.get(k), m.has(k)]),
    entries: [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    values: [...m.values()].map(String).sort(),
  };
}

/** A small deterministic generator (so a failure replays). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('LayeredMap: a map made from another by a few changes, without copying it', () => {
  it.each([
    ['set a new key', (m: Map<string, number | null>) => m.set('d', 4)],
    ['replace a key of the base', (m: Map<string, number | null>) => m.set('a', 10)],
    ['set null (a value, not an absence)', (m: Map<string, number | null>) => m.set('b', null)],
    ['delete a key of the base', (m: Map<string, number | null>) => m.delete('a')],
    ['delete a key that is not there', (m: Map<string, number | null>) => m.delete('zz')],
    [
      'delete, then set again',
      (m: Map<string, number | null>) => {
        m.delete('c');
        m.set('c', 30);
      },
    ],
    [
      'set a new key, then delete it',
      (m: Map<string, number | null>) => {
        m.set('e', 5);
        m.delete('e');
      },
    ],
  ])('reads as a Map would after: %s', (_label, change) => {
    const universe = ['a', 'b', 'c', 'd', 'e', 'zz'];
    const model = new Map<string, number | null>([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const base = LayeredMap.of(new Map(model));
    const derived = base.derive();
    // a map never derived from takes its changes in place: it reads as the Map would too
    const own = LayeredMap.of(new Map(model));
    change(own as unknown as Map<string, number | null>);
    change(model);
    change(derived as unknown as Map<string, number | null>);
    expect(view(derived, universe)).toEqual(view(model, universe));
    expect(view(own, universe)).toEqual(view(model, universe));
    expect(view(derived.derive(), universe)).toEqual(view(model, universe));

    // the map it was derived from is unchanged
    expect(view(base, universe)).toEqual(
      view(
        new Map([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]),
        universe,
      ),
    );
  });

  it('agrees with a Map over long chains of derived maps (folding included), and no map changes another', () => {
    const next = random(20261201);
    const universe = Array.from({ length: 60 }, (_, i) => `k${i}`);
    let model = new Map<string, number | null>(universe.slice(0, 40).map((k, i) => [k, i]));
    let layered = LayeredMap.of(new Map(model));
    const earlier: [LayeredMap<string, number | null>, ReturnType<typeof view>][] = [];
    for (let step = 0; step < 400; step++) {
      earlier.push([layered, view(layered, universe)]);
      layered = layered.derive();
      model = new Map(model);
      for (let n = Math.floor(next() * 6); n >= 0; n--) {
        const k = universe[Math.floor(next() * universe.length)];
        if (next() < 0.35) {
          expect(layered.delete(k)).toBe(model.delete(k));
        } else {
          const v = next() < 0.1 ? null : Math.floor(next() * 1000);
          layered.set(k, v);
          model.set(k, v);
        }
      }
      expect(view(layered, universe)).toEqual(view(model, universe));
    }
    for (const [map, seen] of earlier) expect(view(map, universe)).toEqual(seen);
  });
});
