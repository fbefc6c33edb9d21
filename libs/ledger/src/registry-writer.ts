import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { type Actor, Clock } from '@app/shared';
import { digestChange, hashEvent, toStoredJson } from './crypto';
import type { DomainEvent } from './domain-events';
import { LedgerRepository, type RevisionChanges } from './ledger.repository';
import { RevisionService } from './revision.service';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  /**
   * The service whose facts this change is about, when neither `subjectType: 'service'` nor a
   * `serviceId` in `after`/`before` says it (see {@link serviceOfEntry}).
   */
  serviceId?: string;
  /**
   * Further services whose facts this change touches besides the one above: a registration's state
   * reaches every service its scope covers (registry_changes must name them all, or an incremental
   * reload misses them).
   */
  alsoServiceIds?: readonly string[];
}

const serviceIdIn = (value: unknown): string | null =>
  typeof value === 'object' && value !== null && 'serviceId' in value && typeof value.serviceId === 'string' ? value.serviceId : null;

/** The service an audit entry is about, or null (a provider, a credential, a profile…). */
export function serviceOfEntry(entry: AuditEntry): string | null {
  if (entry.serviceId) return entry.serviceId;
  if (entry.subjectType === 'service') return entry.subjectId;
  return serviceIdIn(entry.after) ?? serviceIdIn(entry.before);
}

/** What a write's audit entries changed, as recorded in registry_changes for readers that refresh incrementally. */
export function changesOf(entries: readonly AuditEntry[]): RevisionChanges {
  const services = new Set<string>();
  const types = new Set<string>();
  const unscoped = new Set<string>();
  for (const e of entries) {
    types.add(e.subjectType);
    const service = serviceOfEntry(e);
    if (service) services.add(service);
    else unscoped.add(e.subjectType);
    for (const also of e.alsoServiceIds ?? []) services.add(also);
  }
  return { serviceIds: [...services].sort(), subjectTypes: [...types].sort(), unscopedTypes: [...unscoped].sort() };
}

/** What a write transaction's work receives: its entity manager, and the trail it must leave. */
export interface WriteTx {
  readonly em: EntityManager;
  readonly actor: Actor;
  /** Appends an audit event for a change made in this transaction. */
  audit(entry: AuditEntry): void;
  /** Adds a domain event (a known type with its payload) to the outbox, delivered only if the transaction commits. */
  emit(event: DomainEvent): void;
}

export interface WriteOptions {
  /**
   * false for a transaction that records something without changing registry data (a receipt
   * issued, a signing key rotated): its audit events join the chain, but the revision, and with
   * it every revision ETag and cached decision set, stays. Default true. A function is asked once the
   * work is done (an import knows only then whether it changed registry data).
   */
  bumpRevision?: boolean | (() => boolean);
}

/**
 * The one way to write to the registry. Runs the work in a transaction, then, still inside it,
 * locks the registry_state row, bumps the revision, appends the audit events to the hash chain
 * and writes the outbox. A rejected request throws before commit, so it changes nothing.
 */
@Injectable()
export class RegistryWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly revisions: RevisionService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async transaction<T>(actor: Actor, work: (tx: WriteTx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    let committedRevision: string | null = null;
    const result = await this.dataSource.transaction(async (em) => {
      const entries: AuditEntry[] = [];
      const events: DomainEvent[] = [];
      const value = await work({ em, actor, audit: (e) => entries.push(e), emit: (e) => events.push(e) });
      if (entries.length > 0 || events.length > 0) {
        const bump = typeof options.bumpRevision === 'function' ? options.bumpRevision() : (options.bumpRevision ?? true);
        committedRevision = await this.append(em, actor, entries, events, bump);
      }
      return value;
    });
    if (committedRevision !== null) this.revisions.observe(committedRevision);
    return result;
  }

  /**
   * Two round trips under the lock: read the chain head (FOR UPDATE), then one statement that
   * appends the audit events, writes the outbox, moves the head and notifies on commit. Outbox
   * rows get their seq while the lock is held, so the feed's order is the commit order.
   */
  private async append(em: EntityManager, actor: Actor, entries: AuditEntry[], events: DomainEvent[], bump: boolean): Promise<string> {
    const state = await this.ledger.lockHead(em);
    const occurredAt = this.clock.now().toISOString();
    let prevHash = state.auditHead;
    let seq = state.auditSize;
    const audit = entries.map((entry) => {
      seq += 1;
      // hash the change as jsonb will give it back, so verification can recompute the digest
      const before = toStoredJson(entry.before);
      const after = toStoredJson(entry.after);
      const fields = {
        seq,
        occurredAt,
        actorId: actor.credentialId,
        actorRole: actor.role,
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        digest: digestChange(before, after),
        prevHash,
      };
      prevHash = hashEvent(fields);
      return { ...fields, before, after, hash: prevHash };
    });
    const outbox = events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      serviceId: e.serviceId ?? null,
      municipalityCode: e.municipalityCode ?? null,
      data: e.data,
    }));
    const revision = bump ? (BigInt(state.revision) + 1n).toString() : state.revision;
    await this.ledger.append(em, {
      audit,
      outbox,
      occurredAt,
      revision,
      auditSize: seq,
      auditHead: prevHash,
      changes: bump ? changesOf(entries) : null,
    });
    return revision;
  }
}
