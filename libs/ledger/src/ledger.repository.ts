import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** The channel every write transaction notifies on commit, with the new revision as payload. */
export const REVISION_CHANNEL = 'registry_revision';

/** The registry's current revision (a bigint, as text). */
export const CURRENT_REVISION_SQL = 'SELECT revision FROM registry_state WHERE id = 1';

/** The head of the registry: revision and audit chain, as locked by a writer. */
export interface LedgerHead {
  revision: string;
  auditSize: number;
  auditHead: string;
}

export interface LedgerAppend {
  audit: object[];
  outbox: object[];
  occurredAt: string;
  revision: string;
  auditSize: number;
  auditHead: string;
}

/** The write side's SQL: the registry_state head, the audit chain's tail and the outbox. */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The committed revision, as a decimal string (read outside a write). */
  async revision(): Promise<string> {
    const [row] = await this.db.query<{ revision: string }[]>(CURRENT_REVISION_SQL);
    return row.revision;
  }

  /** Locks the registry_state row for the rest of the transaction and reads the head. */
  async lockHead(em: EntityManager): Promise<LedgerHead> {
    const [state] = await em.query<{ revision: string; audit_size: string; audit_head: string }[]>(
      'SELECT revision, audit_size, audit_head FROM registry_state WHERE id = 1 FOR UPDATE',
    );
    return { revision: state.revision, auditSize: Number(state.audit_size), auditHead: state.audit_head };
  }

  /** One statement: appends the audit events, writes the outbox, moves the head and notifies on commit. */
  async append(em: EntityManager, a: LedgerAppend): Promise<void> {
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
      [JSON.stringify(a.audit), JSON.stringify(a.outbox), a.occurredAt, a.revision, String(a.auditSize), a.auditHead],
    );
  }
}
