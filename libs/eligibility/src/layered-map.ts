/** Marks a key deleted since the base. */
const GONE = Symbol('gone');

/** The changes are folded into a new base once they reach 1/FOLD_AT of it. */
const FOLD_AT = 8;

/**
 * A map made from another by a few changes without copying it. The base is shared and never
 * changed once shared; this map's changes since the base (sets, and deletions) sit in a small map
 * of its own. `derive()` gives a map to change that starts equal to this one: it copies the changes
 * only, and folds them into a new base once they reach an eighth of it (so each change costs O(1)
 * amortised). A write that touches one service then costs O(changes), not O(services): copying a
 * Map of 10,000 entries took 3–4 ms on this VM, and the first allowlist after a write made six.
 *
 * Values are never `undefined` (a lookup answers `undefined` for an absent key).
 */
export class LayeredMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly changes: Map<K, V | typeof GONE>,
    private count: number,
  ) {}

  /** A map over `entries`, which the caller hands over (and no longer changes). */
  static of<K, V>(entries: Map<K, V> = new Map()): LayeredMap<K, V> {
    return new LayeredMap<K, V>(entries, new Map(), entries.size);
  }

  /** A map to change that starts equal to this one; changing either later does not change the other. */
  derive(): LayeredMap<K, V> {
    if (this.changes.size * FOLD_AT <= this.base.size) return new LayeredMap<K, V>(this.base, new Map(this.changes), this.count);
    return this.folded();
  }

  /** This map with its changes folded into a base of its own (after building one by many `set`s). */
  folded(): LayeredMap<K, V> {
    if (this.changes.size === 0) return new LayeredMap<K, V>(this.base, new Map(), this.count);
    const merged = new Map(this.base);
    for (const [k, v] of this.changes) {
      if (v === GONE) merged.delete(k);
      else merged.set(k, v);
    }
    return new LayeredMap<K, V>(merged, new Map(), this.count);
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    const changed = this.changes.get(key);
    if (changed === undefined) return this.base.get(key);
    return changed === GONE ? undefined : changed;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    if (!this.has(key)) this.count += 1;
    this.changes.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.count -= 1;
    this.changes.set(key, GONE);
    return true;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [k, v] of this.base) if (!this.changes.has(k)) yield [k, v];
    for (const [k, v] of this.changes) if (v !== GONE) yield [k, v];
  }

  *keys(): IterableIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
}
