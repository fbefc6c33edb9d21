import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { type Actor, Clock } from '@app/shared';
import { digestChange, hashEvent } from './crypto';
import type { DomainEvent } from './domain-events';
import { RevisionService } from './revision.service';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
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

const REVISION_CHANNEL = 'registry_revision';

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

  /**
   * Two round trips under the lock: read the chain head (FOR UPDATE), then one statement that
   * appends the audit events, writes the outbox, moves the head and notifies on commit. Outbox
   * rows get their seq while the lock is held, so the feed's order is the commit order.
   */
  private async append(em: EntityManager, actor: Actor, entries: AuditEntry[], events: DomainEvent[]): Promise<string> {
    const [state] = await em.query<{ revision: string; audit_size: string; audit_head: string }[]>(
      'SELECT revision, audit_size, audit_head FROM registry_state WHERE id = 1 FOR UPDATE',
    );
    const occurredAt = this.clock.now().toISOString();
    let prevHash = state.audit_head;
    let seq = Number(state.audit_size);
    const audit = entries.map((entry) => {
      seq += 1;
      const fields = {
        seq,
        occurredAt,
        actorId: actor.credentialId,
        actorRole: actor.role,
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        digest: digestChange(entry.before ?? null, entry.after ?? null),
        prevHash,
      };
      prevHash = hashEvent(fields);
      return { ...fields, before: entry.before ?? null, after: entry.after ?? null, hash: prevHash };
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
    const revision = (BigInt(state.revision) + 1n).toString();
    await em.query(
      `WITH audit AS (
         INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, subject_type, subject_id, before, after, digest, prev_hash, hash)
         SELECT seq, $3::timestamptz, "actorId", "actorRole", action, "subjectType", "subjectId", before, after, digest, "prevHash", hash
         FROM jsonb_to_recordset($1::jsonb) AS a(seq bigint, "actorId" uuid, "actorRole" text, action text, "subjectType" text,
              "subjectId" text, before jsonb, after jsonb, digest text, "prevHash" text, hash text)
       ), outbox AS (
         INSERT INTO outbox_events (id, type, occurred_at, subject_type, subject_id, service_id, municipality_code, data)
         SELECT id, type, $3::timestamptz, "subjectType", "subjectId", "serviceId", "municipalityCode", data
         FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (id uuid, type text, "subjectType" text, "subjectId" text,
              "serviceId" uuid, "municipalityCode" char(6), data jsonb)) WITH ORDINALITY AS o(id, type, "subjectType", "subjectId",
              "serviceId", "municipalityCode", data, n)
         ORDER BY n
       ), head AS (
         UPDATE registry_state SET revision = $4, audit_size = $5, audit_head = $6 WHERE id = 1
       )
       SELECT pg_notify('${REVISION_CHANNEL}', $4::text)`,
      [JSON.stringify(audit), JSON.stringify(outbox), occurredAt, revision, String(seq), prevHash],
    );
    return revision;
  }
}
