import { Inject, Injectable } from '@nestjs/common';
import {
  allowlistEntriesFor,
  assessmentEndOn,
  daysBetween,
  decide,
  decideMany,
  decideSummaries,
  type Decision,
  type DecisionSummary,
  editionImpact,
  selectEdition,
  withEditionPeriod,
  type EngineOptions,
  type ProfileEdition,
  registrationEndOn,
} from '@app/eligibility-engine';
import type { EntityManager } from 'typeorm';
import { type RecordedChanges, RevisionService } from '@app/ledger';
import { serviceNotFound } from '@app/catalog';
import { CriteriaService } from '@app/criteria';
import { APP_CONFIG, type AppConfig, decodeCursor, type Language, type Page, toPage } from '@app/shared';
import type { AllowlistDto, EditionImpactDto, ExpiringItemDto } from './dto/eligibility.dto';
import { AllowlistIndex } from './allowlist-index';
import { EligibilityFactsReadModel, type ServiceFactsRow } from './eligibility-facts.read-model';
import { DecisionMessages, type LocalizedDecision } from './messages';
import { LayeredMap, type ReadonlyLayeredMap } from './layered-map';
import { shareEqualParts } from './shared-parts';

/** Whole decision sets kept (each is every service under one edition and date), and allowlists. */
const MEMO_SIZE = 2;

/**
 * How long one decision waits for the facts snapshot of a new revision before it reads its own
 * service's facts instead (a full reload takes ≈ 1 s at 10,000 services; bringing one forward after
 * a write, tens of milliseconds).
 */
const WAIT_FOR_SNAPSHOT_MS = 100;

/** The promise's value if it settles within `ms` (null if it does not, or fails). Exported for its unit test. */
export async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Subject types whose writes never change a service's facts (the decision inputs read by
 * EligibilityFactsReadModel). Profiles change decisions, not facts: decision sets compare the
 * profile edition they were computed with. Any other subject type written without a service id
 * (an unknown kind of write) reloads every service's facts.
 */
const FACT_NEUTRAL_SUBJECTS = new Set([
  'provider',
  'profile',
  'api_key',
  'dataset',
  'municipality',
  'signing_key',
  'receipt',
  'webhook_subscription',
  'usage',
  'sweep',
  // an import's own record: what it wrote (services, registrations, states, coverage, destinations)
  // is audited entry by entry, each entry naming its service
  'import',
]);

/**
 * Whether a snapshot at `after` can be brought to `upTo` by reloading the services these changes
 * name: every revision between is recorded, and none wrote an unknown kind of subject without a service.
 */
export function incrementalChanges(changes: readonly RecordedChanges[], after: string, upTo: string): boolean {
  if (BigInt(changes.length) !== BigInt(upTo) - BigInt(after)) return false; // some revision not recorded (bulk load, mirror)
  return changes.every((c) => c.unscopedTypes.every((t) => FACT_NEUTRAL_SUBJECTS.has(t)));
}

/**
 * The facts of every service at one revision. `base` is the revision of the last full load;
 * `changedAt` the revision at which each service's facts were last reloaded since then (absent:
 * unchanged since `base`). Shared and immutable: a newer revision makes a new snapshot.
 */
export interface FactsSnapshot {
  readonly revision: string;
  readonly base: string;
  readonly rows: readonly ServiceFactsRow[];
  readonly byId: ReadonlyLayeredMap<string, ServiceFactsRow>;
  readonly changedAt: ReadonlyLayeredMap<string, bigint>;
}

/**
 * While a snapshot is being brought forward: the snapshot it comes from, and the services the
 * revisions between touched (as the primary recorded them).
 */
interface Ahead {
  from: FactsSnapshot;
  touched: ReadonlySet<string>;
}

interface KeptAllowlist {
  set: DecisionSet;
  index: Promise<AllowlistIndex>;
  list: Promise<AllowlistDto> | null;
}

interface DecisionSet {
  /** Which set this is (a set names the one it was carried from by number: holding it would chain every set ever made). */
  seq: number;
  snapshot: FactsSnapshot;
  profile: string;
  /** Every service's outcome (whole decisions, with their reasons, are made again when asked for). */
  decisions: Promise<DecisionSummary[]>;
  byId: ReadonlyLayeredMap<string, DecisionSummary> | null;
  /** The set it was carried forward from, and the services decided again (known once `decisions` resolves). */
  carried: { fromSeq: number; services: Set<string> } | null;
}

/**
 * Loads facts and renders the engine's decisions. One decision: one query, or none when the facts
 * snapshot of the current revision is in memory. Everything else (bulk, allowlists, expiring
 * reviews) works on that snapshot. A write reloads only the facts of the services it touched
 * (registry_changes says which; a gap or an unknown kind of write reloads everything), and decision
 * sets per (profile edition, asOf) are carried forward: only the touched services are decided again.
 */
@Injectable()
export class EligibilityService {
  private snapshot: FactsSnapshot | null = null;
  /** Bumped by forget(): loads started before it do not install their snapshot. */
  private generation = 0;
  private loading: { revision: string; snapshot: Promise<FactsSnapshot>; ahead: Promise<Ahead | null> } | null = null;
  private readonly memo = new Map<string, DecisionSet>();
  private setSeq = 0;
  /** Per edition and date: the allowlist index of a decision set, and its DTO once asked for (the JSON route joins the index's JSON instead). */
  private readonly allowlists = new Map<string, KeptAllowlist>();
  private readonly options: EngineOptions;
  /** One DecisionMessages per (profile edition, language), keyed by the edition's cached requirement list. */
  private readonly messageSets = new WeakMap<object, Partial<Record<Language, DecisionMessages>>>();
  /** Services whose facts were reloaded one by one, and full reloads (reported in /metrics). */
  readonly reloads = { incremental: 0, services: 0, full: 0 };
  /** Decisions made at a revision from the snapshot before it (their service untouched) while its facts were read (see snapshotFor). */
  decisionsAhead = 0;

  constructor(
    private readonly repo: EligibilityFactsReadModel,
    private readonly criteria: CriteriaService,
    private readonly revisions: RevisionService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.options = { expiringSoonDays: config.EXPIRING_SOON_DAYS, staleConfirmationDays: config.STALE_CONFIRMATION_DAYS };
  }

  /**
   * One decision. When the snapshot of the current revision is already in memory it answers from
   * it (no query; a decision set already computed for the same edition and date is reused);
   * otherwise one query loads this service's facts, and the snapshot is brought up to date in the
   * background for the requests that follow.
   */
  async decision(serviceId: string, profileKey: string, edition: string | undefined, asOf: string): Promise<Decision> {
    const profile = await this.criteria.edition(profileKey, edition, asOf);
    const revision = await this.revisions.get();
    let ready = this.snapshot?.revision === revision ? this.snapshot : null;
    if (!ready) {
      const loading = this.facts(revision);
      loading.catch(() => undefined);
      // a snapshot being brought forward after a write is usually there within milliseconds: every
      // request in that window waiting for it costs less than each querying its own service's facts
      if (this.snapshot) ready = await settledWithin(this.snapshotFor(serviceId, revision, loading), WAIT_FOR_SNAPSHOT_MS);
    }
    if (ready) {
      if (ready.revision !== revision) this.decisionsAhead += 1;
      const facts = ready.byId.get(serviceId);
      if (!facts) throw serviceNotFound(serviceId);
      return decide(profile, facts, asOf, this.options);
    }
    const facts = await this.repo.factsOf(serviceId);
    if (!facts) throw serviceNotFound(serviceId);
    return decide(profile, facts, asOf, this.options);
  }

  /**
   * What answers for `serviceId` at `revision` while that revision's snapshot is being brought
   * forward: that snapshot, or, once the primary has said which services the revisions between
   * touched, the snapshot it comes from if they did not touch this one (its facts are the same at
   * both revisions, as the incremental reload itself relies on). So with a read replica that lags
   * after a write, only the decisions of the services written wait for it.
   */
  private snapshotFor(serviceId: string, revision: string, loading: Promise<FactsSnapshot>): Promise<FactsSnapshot> {
    const ahead = this.loading?.revision === revision ? this.loading.ahead : null;
    if (!ahead) return loading;
    return Promise.race([loading, ahead.then((a) => (a && !a.touched.has(serviceId) ? a.from : loading))]);
  }

  /** The texts of one language for the edition a decision on asOf uses (from the criteria cache). */
  async messages(profileKey: string, edition: string | undefined, asOf: string, language: Language): Promise<DecisionMessages> {
    const profile = await this.criteria.edition(profileKey, edition, asOf);
    // the criteria cache gives the same requirement list until the next write (a new revision)
    let sets = this.messageSets.get(profile.requirements);
    if (!sets) {
      sets = {};
      this.messageSets.set(profile.requirements, sets);
    }
    return (sets[language] ??= new DecisionMessages(profile, language));
  }

  /** One decision with its messages in `language` (receipts sign the language-neutral `decision`). */
  async localizedDecision(
    serviceId: string,
    profileKey: string,
    edition: string | undefined,
    asOf: string,
    language: Language,
  ): Promise<LocalizedDecision> {
    const [decision, messages] = await Promise.all([
      this.decision(serviceId, profileKey, edition, asOf),
      this.messages(profileKey, edition, asOf, language),
    ]);
    return messages.localize(decision);
  }

  /** A page of decisions with their messages in `language`. */
  async localizedPage(
    profileKey: string,
    edition: string | undefined,
    asOf: string,
    outcome: string | undefined,
    cursor: string | undefined,
    limit: number,
    language: Language,
  ): Promise<Page<LocalizedDecision>> {
    const [page, messages] = await Promise.all([
      this.page(profileKey, edition, asOf, outcome, cursor, limit),
      this.messages(profileKey, edition, asOf, language),
    ]);
    return { items: page.items.map((d) => messages.localize(d)), nextCursor: page.nextCursor };
  }

  /** Decisions for every service, ordered by service id (made afresh: a decision set keeps only outcomes). */
  async all(profileKey: string, edition: string | undefined, asOf: string): Promise<Decision[]> {
    const profile = await this.criteria.edition(profileKey, edition, asOf);
    const snapshot = await this.facts(await this.revisions.get());
    return decideMany(profile, snapshot.rows, asOf, this.options);
  }

  /** The decisions of some services (those that exist), by service id. */
  async decisionsOf(
    profileKey: string,
    edition: string | undefined,
    asOf: string,
    serviceIds: Iterable<string>,
  ): Promise<Map<string, Decision>> {
    const profile = await this.criteria.edition(profileKey, edition, asOf);
    const snapshot = await this.facts(await this.revisions.get());
    const facts = [...new Set(serviceIds)].flatMap((id) => snapshot.byId.get(id) ?? []);
    return new Map(decideMany(profile, facts, asOf, this.options).map((d) => [d.serviceId, d]));
  }

  /** The decision set of the current revision for the edition and date: memoised, carried forward from the previous one. */
  private async decisionSet(profile: ProfileEdition, asOf: string): Promise<DecisionSet> {
    const snapshot = await this.facts(await this.revisions.get());
    const key = memoKey(profile, asOf);
    const print = fingerprint(profile);
    const previous = this.memo.get(key);
    if (previous?.snapshot === snapshot && previous.profile === print) return previous;
    const carried = previous && previous.profile === print ? carryForward(previous, snapshot) : Promise.resolve(null);
    const set: DecisionSet = { seq: ++this.setSeq, snapshot, profile: print, decisions: Promise.resolve([]), byId: null, carried: null };
    set.decisions = carried.then((from) => {
      let decisions: DecisionSummary[];
      if (from && previous) {
        const redone = this.decideChanged(profile, snapshot, from, asOf);
        decisions = redone.decisions;
        set.byId = redone.byId;
        set.carried = { fromSeq: previous.seq, services: redone.services };
      } else {
        decisions = decideSummaries(profile, snapshot.rows, asOf, this.options);
        set.byId = LayeredMap.of(new Map(decisions.map((d) => [d.serviceId, d])));
      }
      return decisions;
    });
    this.memo.delete(key);
    this.memo.set(key, set);
    set.decisions.catch(() => {
      if (this.memo.get(key) === set) this.memo.delete(key);
    });
    while (this.memo.size > MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
    return set;
  }

  async page(
    profileKey: string,
    edition: string | undefined,
    asOf: string,
    outcome: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Decision>> {
    const after = decodeCursor(cursor, ['uuid']);
    const profile = await this.criteria.edition(profileKey, edition, asOf);
    const set = await this.decisionSet(profile, asOf);
    const outcomes = await set.decisions;
    const rows = outcomes.filter((d) => (!outcome || d.decision === outcome) && (!after || d.serviceId > String(after[0])));
    // the page's decisions are made again whole from the same snapshot (their outcomes are the set's)
    const decisions = decideMany(
      profile,
      rows.slice(0, limit + 1).map((d) => set.snapshot.byId.get(d.serviceId)!),
      asOf,
      this.options,
    );
    return toPage(
      decisions,
      limit,
      (d) => d,
      (d) => [d.serviceId],
    );
  }

  /**
   * Destinations in force on asOf of the services eligible on asOf: de-duplicated, sorted. Memoised
   * per decision set; after a write, the previous allowlist is patched with the services decided again.
   */
  async allowlist(profileKey: string, edition: string | undefined, asOf: string): Promise<AllowlistDto> {
    const { kept, profile } = await this.allowlistOf(profileKey, edition, asOf);
    kept.list ??= kept.index.then((i) => i.toDto(profile, asOf));
    return kept.list;
  }

  /** `JSON.stringify` of what `allowlist` gives, joined from the JSON its index keeps of every destination. */
  async allowlistJson(profileKey: string, edition: string | undefined, asOf: string): Promise<string> {
    const { kept, profile } = await this.allowlistOf(profileKey, edition, asOf);
    return (await kept.index).toJson(profile, asOf);
  }

  private async allowlistOf(
    profileKey: string,
    edition: string | undefined,
    asOf: string,
  ): Promise<{ kept: KeptAllowlist; profile: ProfileEdition }> {
    const profile = await this.criteria.edition(profileKey, edition, asOf);
    const set = await this.decisionSet(profile, asOf);
    const key = memoKey(profile, asOf);
    const known = this.allowlists.get(key);
    if (known?.set === set) return { kept: known, profile };
    const index = set.decisions.then(async (all) => {
      const carried = set.carried;
      if (known && carried && carried.fromSeq === known.set.seq) {
        const previous = await known.index.catch(() => null);
        if (previous) {
          const redone = [...carried.services].flatMap((id) => set.byId?.get(id) ?? []);
          const facts = redone.map((d) => set.snapshot.byId.get(d.serviceId)!);
          return previous.patch(carried.services, allowlistEntriesFor(redone, facts, asOf), redone);
        }
      }
      return AllowlistIndex.build(allowlistEntriesFor(all, set.snapshot.rows, asOf), all);
    });
    const kept: KeptAllowlist = { set, index, list: null };
    this.allowlists.delete(key);
    this.allowlists.set(key, kept);
    index.catch(() => {
      if (this.allowlists.get(key) === kept) this.allowlists.delete(key);
    });
    while (this.allowlists.size > MEMO_SIZE) this.allowlists.delete(this.allowlists.keys().next().value!);
    return { kept, profile };
  }

  /**
   * Registrations and assessments in effect on asOf whose known end falls within `within` days: the
   * engine's own ends (a revocation or terminal state recorded ahead ends them the day before).
   */
  async expiring(within: number, asOf: string, cursor: string | undefined, limit: number): Promise<Page<ExpiringItemDto>> {
    type Key = [string, string, string, string];
    // a registration whose scope covers other services is listed once per service it reaches: the
    // service is part of the key, so a page boundary between two of them loses neither
    const after = decodeCursor(cursor, ['date', 'text', 'uuid', 'uuid']) as Key | null;
    const facts = (await this.facts(await this.revisions.get())).rows;
    const items: ExpiringItemDto[] = [];
    const add = (kind: 'registration' | 'assessment', id: string, serviceId: string, validUntil: string) => {
      const daysLeft = daysBetween(asOf, validUntil);
      if (daysLeft >= 0 && daysLeft <= within) items.push({ kind, id, serviceId, validUntil, daysLeft });
    };
    for (const f of facts) {
      for (const r of f.registrations) {
        const end = registrationEndOn(r, asOf, { staleAfterDays: this.options.staleConfirmationDays });
        if (end) add('registration', r.id, f.service.id, end);
      }
      for (const a of f.assessments) {
        const end = assessmentEndOn(a, asOf);
        if (end) add('assessment', a.id, f.service.id, end);
      }
    }
    const key = (i: ExpiringItemDto): Key => [i.validUntil, i.kind, i.id, i.serviceId];
    const cmp = (x: Key, y: Key) => {
      for (let n = 0; n < x.length; n++) if (x[n] !== y[n]) return x[n] < y[n] ? -1 : 1;
      return 0;
    };
    items.sort((a, b) => cmp(key(a), key(b)));
    const rest = after ? items.filter((i) => cmp(key(i), after) > 0) : items;
    return toPage(rest.slice(0, limit + 1), limit, (i) => i, key);
  }

  /**
   * What changes when `edition` replaces the edition in effect on asOf: both decide the same facts
   * (one snapshot) on asOf, and the services whose outcome differs are listed with the causes.
   */
  async impact(key: string, edition: string, asOf: string): Promise<EditionImpactDto> {
    const target = await this.criteria.edition(key, edition, asOf);
    const others = (await this.criteria.all()).filter((p) => p.key === key && p.edition !== edition);
    const base = selectEdition(others, asOf);
    const baseline = base ? withEditionPeriod(others, base) : null;
    const facts = await this.currentFacts();
    return {
      profile: { key, edition },
      baseline: baseline ? { key, edition: baseline.edition } : null,
      asOf,
      effectiveFrom: target.effectiveFrom,
      compared: facts.length,
      services: editionImpact(baseline, target, facts, asOf, this.options),
    };
  }

  /**
   * Decisions for some services from the facts `em` sees (inside a write transaction), under the
   * edition of `profileKey` in effect on `asOf`: how an import previews the decisions it would flip.
   */
  async decideWithin(em: EntityManager, serviceIds: string[], profileKey: string, asOf: string): Promise<Decision[]> {
    const profile = await this.criteria.edition(profileKey, undefined, asOf);
    return decideMany(profile, await this.repo.factsWithin(em, serviceIds), asOf, this.options);
  }

  /** The facts of every service at the current revision (shared snapshot; do not mutate). */
  async currentFacts(): Promise<readonly ServiceFactsRow[]> {
    return (await this.facts(await this.revisions.get())).rows;
  }

  /** Drops every snapshot, decision set and allowlist (a mirror that replaced its tables wholesale). */
  forget(): void {
    this.generation += 1;
    this.snapshot = null;
    this.loading = null;
    this.memo.clear();
    this.allowlists.clear();
  }

  /** Entries of the decision sets and allowlists kept in memory (reported in /metrics). */
  memoSizes(): { decisionSets: number; allowlists: number; services: number } {
    return { decisionSets: this.memo.size, allowlists: this.allowlists.size, services: this.snapshot?.rows.length ?? 0 };
  }

  /** The facts snapshot of `revision`: the one in memory, or the last one brought up to it. */
  facts(revision: string): Promise<FactsSnapshot> {
    if (this.snapshot?.revision === revision) return Promise.resolve(this.snapshot);
    if (this.loading?.revision === revision) return this.loading.snapshot;
    const from = this.loading && BigInt(this.loading.revision) < BigInt(revision) ? this.loading.snapshot : Promise.resolve(this.snapshot);
    let announce: (ahead: Ahead | null) => void = () => undefined;
    const ahead = new Promise<Ahead | null>((resolve) => (announce = resolve));
    const loading = {
      revision,
      ahead,
      snapshot: from.then(
        (base) => this.advance(base, revision, announce),
        () => this.advance(null, revision, announce),
      ),
    };
    this.loading = loading;
    const generation = this.generation;
    loading.snapshot.then(
      (snapshot) => {
        announce(null); // (when it was not announced before)
        if (generation !== this.generation) return; // forgotten meanwhile
        if (!this.snapshot || this.loading === loading || BigInt(snapshot.revision) > BigInt(this.snapshot.revision))
          this.snapshot = snapshot;
        if (this.loading === loading) this.loading = null;
      },
      () => {
        announce(null);
        if (this.loading === loading) this.loading = null;
      },
    );
    return loading.snapshot;
  }

  /**
   * `from` brought to `revision`: only the services the revisions between touched (one query), or a
   * full load. With a read replica, which services those are is also asked of the primary meanwhile
   * and announced (see snapshotFor): the replica may take a while to replay `revision`.
   */
  private async advance(from: FactsSnapshot | null, revision: string, announce: (ahead: Ahead | null) => void): Promise<FactsSnapshot> {
    if (from && BigInt(revision) > BigInt(from.revision)) {
      const read = this.repo.changesAndFacts(from.revision, revision);
      if (this.repo.readsReplica)
        this.repo.changes(from.revision, revision).then(
          (recorded) =>
            announce(
              incrementalChanges(recorded, from.revision, revision)
                ? { from, touched: new Set(recorded.flatMap((c) => c.serviceIds)) }
                : null,
            ),
          () => announce(null),
        );
      const { changes, facts } = await read;
      if (incrementalChanges(changes, from.revision, revision)) return this.patch(from, revision, changes, facts);
    }
    announce(null);
    // decision sets and allowlists of an older full load can never be carried to this one: let them
    // go before the new facts arrive, so the two loads' decisions are never in memory together
    this.dropOtherLoads(revision);
    const rows = shareEqualParts(await this.repo.allFacts(revision));
    this.reloads.full += 1;
    return { revision, base: revision, rows, byId: LayeredMap.of(new Map(rows.map((f) => [f.service.id, f]))), changedAt: LayeredMap.of() };
  }

  /** Forgets the decision sets and allowlists not computed from the full load of `base`. */
  private dropOtherLoads(base: string): void {
    for (const [key, set] of this.memo) if (set.snapshot.base !== base) this.memo.delete(key);
    for (const [key, list] of this.allowlists) if (list.set.snapshot.base !== base) this.allowlists.delete(key);
  }

  private patch(from: FactsSnapshot, revision: string, changes: RecordedChanges[], fresh: ServiceFactsRow[]): FactsSnapshot {
    const touched = [...new Set(changes.flatMap((c) => c.serviceIds))];
    this.reloads.incremental += 1;
    this.reloads.services += touched.length;
    if (touched.length === 0) return { ...from, revision };
    const byId = from.byId.derive();
    const changedAt = from.changedAt.derive();
    const at = BigInt(revision);
    for (const id of touched) {
      byId.delete(id); // a service that no longer exists stays out
      changedAt.set(id, at);
    }
    for (const f of fresh) byId.set(f.service.id, f);
    const unchangedSet = touched.every((id) => from.byId.has(id) === byId.has(id));
    const rows = unchangedSet
      ? from.rows.map((f) => byId.get(f.service.id)!)
      : [...byId.values()].sort((a, b) => (a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0));
    return { revision, base: from.base, rows, byId, changedAt };
  }

  /** Decisions of `snapshot`, reusing those of `from` for every service whose facts did not change since. */
  private decideChanged(
    profile: ProfileEdition,
    snapshot: FactsSnapshot,
    from: { snapshot: FactsSnapshot; byId: ReadonlyLayeredMap<string, DecisionSummary> },
    asOf: string,
  ): { decisions: DecisionSummary[]; byId: LayeredMap<string, DecisionSummary>; services: Set<string> } {
    const since = BigInt(from.snapshot.revision);
    const byId = from.byId.derive();
    const services = new Set<string>();
    const stale: ServiceFactsRow[] = [];
    // both snapshots come from the same full load, so every service reloaded since `from` (new ones
    // included) is in changedAt with a later revision
    for (const [id, at] of snapshot.changedAt.entries()) {
      if (at <= since) continue;
      services.add(id);
      const facts = snapshot.byId.get(id);
      if (facts) stale.push(facts);
      else byId.delete(id); // gone from the snapshot: it leaves every list
    }
    for (const d of decideSummaries(profile, stale, asOf, this.options)) byId.set(d.serviceId, d);
    return { decisions: snapshot.rows.map((f) => byId.get(f.service.id)!), byId, services };
  }
}

const memoKey = (profile: ProfileEdition, asOf: string) => `${profile.key}|${profile.edition}|${asOf}`;

/** The profile edition as decided with (an edition's period changes when a successor is published). */
const fingerprint = (profile: ProfileEdition): string => JSON.stringify(profile);

/**
 * The previous decision set, when its decisions can be carried to `snapshot`: the same full load
 * (so `changedAt` covers every change since) and an older revision.
 */
async function carryForward(
  previous: DecisionSet,
  snapshot: FactsSnapshot,
): Promise<{ snapshot: FactsSnapshot; byId: ReadonlyLayeredMap<string, DecisionSummary> } | null> {
  if (previous.snapshot.base !== snapshot.base || BigInt(previous.snapshot.revision) >= BigInt(snapshot.revision)) return null;
  try {
    await previous.decisions;
  } catch {
    return null;
  }
  return previous.byId ? { snapshot: previous.snapshot, byId: previous.byId } : null;
}
