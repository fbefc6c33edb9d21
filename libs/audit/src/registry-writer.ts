import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { type Actor, Clock } from '@app/shared';
import { digestChange, hashEvent } from './crypto';
import { AuditEventEntity } from './entities/audit-event.entity';
import { OutboxEventEntity } from './entities/outbox-event.entity';
import { RegistryStateEntity } from './entities/registry-state.entity';
import { RevisionService } from './revision.service';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

export interface DomainEvent {
  type: string;
  subjectType: string;
  subjectId: string;
  serviceId?: string | null;
  municipalityCode?: string | null;
  data: Record<string, unknown>;
}

/** What a write transaction's work receives: its entity manager, and the trail it must leave. */
export interface WriteTx {
  readonly em: EntityManager;
  readonly actor: Actor;
  /** Appends an audit event for a change made in this transaction. */
  audit(entry: AuditEntry): void;
  /** Adds a domain event to the outbox, delivered only if the transaction commits. */
  emit(event: DomainEvent): void;
}

export const REVISION_CHANNEL = 'registry_revision';

/**
 * The one way to write to the registry. Runs the work in a transaction, then, still inside it,
 * locks the registry_state row, bumps the revision, appends the audit events to the hash chain
 * and writes the outbox. A rejected request throws before commit, so it changes nothing.
 */
@Injectable()
export class RegistryWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async transaction<T>(actor: Actor, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    let committedRevision: string | null = null;
    const result = await this.dataSource.transaction(async (em) => {
      const entries: AuditEntry[] = [];
      const events: DomainEvent[] = [];
      const value = await work({ em, actor, audit: (e) => entries.push(e), emit: (e) => events.push(e) });
      if (entries.length > 0 || events.length > 0) {
        committedRevision = await this.append(em, actor, entries, events);
      }
      return value;
    });
    if (committedRevision !== null) this.revisions.observe(committedRevision);
    return result;
  }

  private async append(em: EntityManager, actor: Actor, entries: AuditEntry[], events: DomainEvent[]): Promise<string> {
    const state = await em
      .getRepository(RegistryStateEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = 1')
      .getOneOrFail();
    const occurredAt = this.clock.now();
    let prevHash = state.auditHead;
    let seq = Number(state.auditSize);
    const rows = entries.map((entry) => {
      seq += 1;
      const fields = {
        seq,
        occurredAt: occurredAt.toISOString(),
        actorId: actor.credentialId,
        actorRole: actor.role,
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        digest: digestChange(entry.before ?? null, entry.after ?? null),
        prevHash,
      };
      const hash = hashEvent(fields);
      prevHash = hash;
      return em.create(AuditEventEntity, {
        ...fields,
        seq: String(fields.seq),
        occurredAt,
        before: entry.before ?? null,
        after: entry.after ?? null,
        hash,
      });
    });
    if (rows.length > 0) await em.insert(AuditEventEntity, rows as QueryDeepPartialEntity<AuditEventEntity>[]);
    if (events.length > 0) {
      await em.insert(
        OutboxEventEntity,
        events.map((e) => ({
          id: randomUUID(),
          type: e.type,
          occurredAt,
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          serviceId: e.serviceId ?? null,
          municipalityCode: e.municipalityCode ?? null,
          data: e.data,
        })) as QueryDeepPartialEntity<OutboxEventEntity>[],
      );
    }
    const revision = (BigInt(state.revision) + 1n).toString();
    await em.update(RegistryStateEntity, { id: 1 }, { revision, auditSize: String(seq), auditHead: prevHash });
    await em.query('SELECT pg_notify($1, $2)', [REVISION_CHANNEL, revision]);
    return revision;
  }
}
