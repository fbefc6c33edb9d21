import type { AllowlistContribution, DecisionSummary } from '@app/eligibility-engine';
import type { AllowlistDto, AllowlistEntryDto } from './dto/eligibility.dto';
import type { ServiceFactsRow } from './eligibility-facts.read-model';
import { LayeredMap } from './layered-map';

type Endpoint = ServiceFactsRow['endpoints'][number];
/** What one service declares for one destination: its ports (merged), or unrestricted. */
type Declared = { readonly unrestricted: boolean; readonly ports: readonly number[] };
/** One destination as answered, and as its JSON (so the whole list is a join, not a `JSON.stringify` of every entry). */
type Rendered = { readonly entry: AllowlistEntryDto; readonly json: string };

/** `kind NUL value`: sorting these keys as strings sorts entries by kind, then value. */
const keyOf = (e: { kind: string; value: string }) => `${e.kind}\u0000${e.value}`;
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * An allowlist kept as an index of who declares what, so a write that changed a few services'
 * decisions or destinations re-renders only the destinations those services declare (before or
 * after) instead of every destination. Immutable: `patch` returns a new index sharing the unchanged
 * parts (its maps are derived, not copied: see LayeredMap).
 */
export class AllowlistIndex {
  private constructor(
    /** destination key → service id → what that service declares for it */
    private readonly declared: LayeredMap<string, Map<string, Declared>>,
    /** contributing (eligible) service → the destination keys it declares */
    private readonly keysOf: LayeredMap<string, readonly string[]>,
    /** contributing service → its decision's validUntil */
    private readonly validUntilOf: LayeredMap<string, string | null>,
    private readonly rendered: LayeredMap<string, Rendered>,
    /** destination keys, sorted */
    private readonly order: readonly string[],
    /** the JSON of each destination of `order`, in its order (toJson joins it) */
    private readonly json: readonly string[],
  ) {}

  static build(contributions: readonly AllowlistContribution<Endpoint>[], decisions: readonly DecisionSummary[]): AllowlistIndex {
    const index = new AllowlistIndex(LayeredMap.of(), LayeredMap.of(), LayeredMap.of(), LayeredMap.of(), [], []);
    const touched = index.add(contributions, validUntils(decisions));
    const order = [...touched].filter((k) => index.render(k)).sort(byString);
    return new AllowlistIndex(
      index.declared,
      index.keysOf,
      index.validUntilOf,
      index.rendered,
      order,
      order.map((k) => index.rendered.get(k)!.json),
    );
  }

  /**
   * This index with the services in `changed` replaced by their `contributions` (those still
   * eligible; a service absent from them contributes nothing any more).
   */
  patch(
    changed: ReadonlySet<string>,
    contributions: readonly AllowlistContribution<Endpoint>[],
    decisions: readonly DecisionSummary[],
  ): AllowlistIndex {
    const next = new AllowlistIndex(
      this.declared.derive(),
      this.keysOf.derive(),
      this.validUntilOf.derive(),
      this.rendered.derive(),
      this.order,
      this.json,
    );
    const touched = new Set<string>();
    for (const id of changed) {
      for (const k of next.keysOf.get(id) ?? []) {
        const byService = new Map(next.declared.get(k)); // copy on write: the old index stays as it was
        byService.delete(id);
        next.declared.set(k, byService);
        touched.add(k);
      }
      next.keysOf.delete(id);
      next.validUntilOf.delete(id);
    }
    const ofChanged = contributions.filter((c) => changed.has(c.serviceId));
    const wanted = new Set(ofChanged.map((c) => c.serviceId));
    next.add(ofChanged, validUntils(decisions.filter((d) => wanted.has(d.serviceId))), true).forEach((k) => touched.add(k));
    const removed = new Set<string>();
    const added: string[] = [];
    for (const k of touched) {
      const had = this.rendered.has(k);
      const has = next.render(k);
      if (had && !has) removed.add(k);
      if (!had && has) added.push(k);
    }
    // the new order (the added keys merged in) and its JSON: a destination not touched keeps its
    // JSON without a lookup
    const order: string[] = [];
    const json: string[] = [];
    const take = (k: string) => {
      order.push(k);
      json.push(next.rendered.get(k)!.json);
    };
    added.sort(byString);
    let a = 0;
    this.order.forEach((k, i) => {
      while (a < added.length && added[a] < k) take(added[a++]);
      if (removed.has(k)) return;
      if (touched.has(k)) take(k);
      else {
        order.push(k);
        json.push(this.json[i]);
      }
    });
    while (a < added.length) take(added[a++]);
    return new AllowlistIndex(next.declared, next.keysOf, next.validUntilOf, next.rendered, order, json);
  }

  /** The allowlist as the API answers it. */
  toDto(profile: { key: string; edition: string }, asOf: string): AllowlistDto {
    return { ...this.head(profile, asOf), entries: this.order.map((k) => this.rendered.get(k)!.entry) };
  }

  /** `JSON.stringify(this.toDto(profile, asOf))`, from the entries' JSON kept since they were rendered. */
  toJson(profile: { key: string; edition: string }, asOf: string): string {
    const head = JSON.stringify(this.head(profile, asOf));
    return `${head.slice(0, -1)},"entries":[${this.json.join(',')}]}`;
  }

  private head(profile: { key: string; edition: string }, asOf: string): Omit<AllowlistDto, 'entries'> {
    let validUntil: string | null = null;
    for (const v of this.validUntilOf.values()) if (v && (!validUntil || v < validUntil)) validUntil = v;
    return { profile: { key: profile.key, edition: profile.edition }, asOf, validUntil, serviceCount: this.keysOf.size };
  }

  /** Records contributions; returns the destination keys they declare. `copy`: inner maps are copied before change. */
  private add(
    contributions: readonly AllowlistContribution<Endpoint>[],
    validUntil: Map<string, string | null>,
    copy = false,
  ): Set<string> {
    const touched = new Set<string>();
    const copied = new Set<string>();
    for (const c of contributions) {
      const keys = new Set<string>();
      for (const e of c.endpoints) {
        const k = keyOf(e);
        keys.add(k);
        touched.add(k);
        let byService = this.declared.get(k);
        if (!byService || (copy && !copied.has(k))) {
          byService = new Map(byService);
          this.declared.set(k, byService);
          copied.add(k);
        }
        const before = byService.get(c.serviceId);
        byService.set(c.serviceId, {
          unrestricted: (before?.unrestricted ?? false) || e.ports.length === 0,
          ports: before ? [...before.ports, ...e.ports] : [...e.ports],
        });
      }
      this.keysOf.set(c.serviceId, [...keys]);
      this.validUntilOf.set(c.serviceId, validUntil.get(c.serviceId) ?? null);
    }
    return touched;
  }

  /** Re-renders one destination from who declares it; false (and forgotten) when nobody does. */
  private render(k: string): boolean {
    const byService = this.declared.get(k);
    if (!byService || byService.size === 0) {
      this.declared.delete(k);
      this.rendered.delete(k);
      return false;
    }
    const sep = k.indexOf('\u0000');
    let unrestricted = false;
    const ports = new Set<number>();
    for (const d of byService.values()) {
      if (d.unrestricted) unrestricted = true;
      d.ports.forEach((p) => ports.add(p));
    }
    const entry: AllowlistEntryDto = {
      kind: k.slice(0, sep),
      value: k.slice(sep + 1),
      ports: unrestricted ? [] : [...ports].sort((a, b) => a - b),
      services: [...byService.keys()].sort(),
    };
    this.rendered.set(k, { entry, json: JSON.stringify(entry) });
    return true;
  }
}

const validUntils = (decisions: readonly DecisionSummary[]) => new Map(decisions.map((d) => [d.serviceId, d.validUntil]));
