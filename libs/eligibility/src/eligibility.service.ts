import { Inject, Injectable } from '@nestjs/common';
import {
  allowlistEntriesFor,
  assessmentEndOn,
  daysBetween,
  decide,
  decideMany,
  type Decision,
  type EngineOptions,
  type ProfileEdition,
  registrationEndOn,
} from '@app/eligibility-engine';
import type { EntityManager } from 'typeorm';
import { RevisionService } from '@app/ledger';
import { serviceNotFound } from '@app/catalog';
import { CriteriaService } from '@app/criteria';
import { APP_CONFIG, type AppConfig, decodeCursor, type Page, toPage } from '@app/shared';
import type { AllowlistDto, AllowlistEntryDto, ExpiringItemDto } from './dto/eligibility.dto';
import { EligibilityFactsReadModel, type ServiceFactsRow } from './eligibility-facts.read-model';

/** Whole decision sets kept (each is every service under one edition and date). */
const MEMO_SIZE = 4;

/**
 * Loads facts and renders the engine's decisions. One decision: one query (profiles come from a
 * per-revision cache). Everything else (bulk, allowlists, expiring reviews) works on one snapshot
 * of all facts per registry revision — a constant number of queries however many services exist —
 * and memoises whole decision sets per (revision, profile edition, asOf).
 */
@Injectable()
export class EligibilityService {
  /** All facts at one revision; `ready` (by service id) once loaded. */
  private snapshot: { revision: string; facts: Promise<ServiceFactsRow[]>; ready: Map<string, ServiceFactsRow> | null } | null = null;
  private readonly memo = new Map<string, Promise<Decision[]>>();
  private readonly allowlists = new Map<string, Promise<AllowlistDto>>();
  private readonly options: EngineOptions;

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
   * it (no query); otherwise one query loads this service's facts, and the snapshot is warmed in
   * the background for the requests that follow.
   */
  async decision(serviceId: string, profileKey: string, edition: string | undefined, asOf: string): Promise<Decision> {
    const profile = await this.criteria.edition(profileKey, edition, asOf);
    const revision = await this.revisions.get();
    const ready = this.snapshot?.revision === revision ? this.snapshot.ready : null;
    if (ready) {
      const facts = ready.get(serviceId);
      if (!facts) throw serviceNotFound(serviceId);
      return decide(profile, facts, asOf, this.options);
    }
    void this.facts(revision).catch(() => undefined);
    const facts = await this.repo.factsOf(serviceId);
    if (!facts) throw serviceNotFound(serviceId);
    return decide(profile, facts, asOf, this.options);
  }

  /** Decisions for every service, ordered by service id. */
  async all(profileKey: string, edition: string | undefined, asOf: string): Promise<Decision[]> {
    const profile = await this.criteria.edition(profileKey, edition, asOf);
    const revision = await this.revisions.get();
    const key = `${revision}|${profile.key}|${profile.edition}|${asOf}`;
    let decisions = this.memo.get(key);
    if (!decisions) {
      decisions = this.facts(revision).then((facts) => this.decideAll(profile, facts, asOf));
      this.remember(key, decisions);
    }
    return decisions;
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
    const decisions = await this.all(profileKey, edition, asOf);
    const rows = decisions.filter((d) => (!outcome || d.decision === outcome) && (!after || d.serviceId > String(after[0])));
    return toPage(
      rows.slice(0, limit + 1),
      limit,
      (d) => d,
      (d) => [d.serviceId],
    );
  }

  /** Destinations in force on asOf of the services eligible on asOf: de-duplicated, sorted (memoised like decision sets). */
  async allowlist(profileKey: string, edition: string | undefined, asOf: string): Promise<AllowlistDto> {
    const profile = await this.criteria.edition(profileKey, edition, asOf);
    const revision = await this.revisions.get();
    const key = `${revision}|${profile.key}|${profile.edition}|${asOf}`;
    let list = this.allowlists.get(key);
    if (!list) {
      list = this.buildAllowlist(profile, asOf, revision);
      this.allowlists.set(key, list);
      list.catch(() => this.allowlists.delete(key));
      while (this.allowlists.size > MEMO_SIZE) this.allowlists.delete(this.allowlists.keys().next().value!);
    }
    return list;
  }

  private async buildAllowlist(profile: ProfileEdition, asOf: string, revision: string): Promise<AllowlistDto> {
    const [decisions, facts] = await Promise.all([this.all(profile.key, profile.edition, asOf), this.facts(revision)]);
    const validUntilOf = new Map(decisions.map((d) => [d.serviceId, d.validUntil]));
    const entries = new Map<string, AllowlistEntryDto & { portSet: Set<number>; unrestricted: boolean }>();
    let validUntil: string | null = null;
    let serviceCount = 0;
    // exactly the in-force destinations of the services the engine decided eligible on asOf
    for (const c of allowlistEntriesFor(decisions, facts, asOf)) {
      const d = { serviceId: c.serviceId, validUntil: validUntilOf.get(c.serviceId) ?? null };
      serviceCount += 1;
      if (d.validUntil && (!validUntil || d.validUntil < validUntil)) validUntil = d.validUntil;
      for (const e of c.endpoints) {
        const k = `${e.kind}\u0000${e.value}`;
        let entry = entries.get(k);
        if (!entry) {
          entry = { kind: e.kind, value: e.value, ports: [], services: [], portSet: new Set(), unrestricted: false };
          entries.set(k, entry);
        }
        if (e.ports.length === 0) entry.unrestricted = true;
        e.ports.forEach((p) => entry.portSet.add(p));
        entry.services.push(d.serviceId);
      }
    }
    const sorted = [...entries.values()]
      .map(({ kind, value, services, portSet, unrestricted }) => ({
        kind,
        value,
        ports: unrestricted ? [] : [...portSet].sort((a, b) => a - b),
        services: [...new Set(services)].sort(),
      }))
      .sort((a, b) => (a.kind === b.kind ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.kind < b.kind ? -1 : 1));
    return { profile: { key: profile.key, edition: profile.edition }, asOf, validUntil, serviceCount, entries: sorted };
  }

  /**
   * Registrations and assessments in effect on asOf whose known end falls within `within` days: the
   * engine's own ends (a revocation or terminal state recorded ahead ends them the day before).
   */
  async expiring(within: number, asOf: string, cursor: string | undefined, limit: number): Promise<Page<ExpiringItemDto>> {
    const after = decodeCursor(cursor, ['date', 'text', 'uuid']) as [string, string, string] | null;
    const facts = await this.facts(await this.revisions.get());
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
    const key = (i: ExpiringItemDto): [string, string, string] => [i.validUntil, i.kind, i.id];
    const cmp = (x: [string, string, string], y: [string, string, string]) =>
      x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] !== y[1] ? (x[1] < y[1] ? -1 : 1) : x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0;
    items.sort((a, b) => cmp(key(a), key(b)));
    const rest = after ? items.filter((i) => cmp(key(i), after) > 0) : items;
    return toPage(rest.slice(0, limit + 1), limit, (i) => i, key);
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
  async currentFacts(): Promise<ServiceFactsRow[]> {
    return this.facts(await this.revisions.get());
  }

  private facts(revision: string): Promise<ServiceFactsRow[]> {
    if (this.snapshot?.revision !== revision) {
      const facts = this.repo.allFacts();
      const snapshot: NonNullable<typeof this.snapshot> = { revision, facts, ready: null };
      this.snapshot = snapshot;
      facts.then(
        (rows) => (snapshot.ready = new Map(rows.map((f) => [f.service.id, f]))),
        () => {
          if (this.snapshot === snapshot) this.snapshot = null;
        },
      );
    }
    return this.snapshot.facts;
  }

  private decideAll(profile: ProfileEdition, facts: ServiceFactsRow[], asOf: string): Decision[] {
    return decideMany(profile, facts, asOf, this.options);
  }

  private remember(key: string, decisions: Promise<Decision[]>): void {
    this.memo.set(key, decisions);
    decisions.catch(() => this.memo.delete(key));
    while (this.memo.size > MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
  }
}
