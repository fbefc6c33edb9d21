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
  /** What a revision-bumping write changed (null: the revision stays, nothing is recorded). */
  changes: RevisionChanges | null;
}

/** What one revision changed: see RegistryChangeEntity. */
export interface RevisionChanges {
  serviceIds: string[];
  subjectTypes: string[];
  unscopedTypes: string[];
}

/** The changes of the revisions after `after` up to `upTo`, in order (one statement). */
export interface RecordedChanges extends RevisionChanges {
  revision: string;
}

/**
 * SQL for the changes recorded for the revisions after `after` up to `upTo` (SQL expressions, e.g.
 * `$1::bigint`), columns revision, service_ids, subject_types, unscoped_types: for a reader that
 * refreshes what those revisions touched in the same statement that reads it. Fewer rows than
 * revisions means some were not recorded (a bulk load, a mirror): refresh everything.
 */
export const changesBetweenSql = (after: string, upTo: string): string =>
  `SELECT revision, service_ids, subject_types, unscoped_types FROM registry_changes WHERE revision > ${after} AND revision <= ${upTo}`;

/** Empties the change log: for a mirror, whose revision jumps to a loaded snapshot's (its own rows no longer describe it). */
export const FORGET_CHANGES_SQL = 'TRUNCATE registry_changes';

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
       ), changes AS (
         INSERT INTO registry_changes (revision, service_ids, subject_types, unscoped_types)
         SELECT $4::bigint, c.service_ids, c.subject_types, c.unscoped_types
         FROM jsonb_to_record($7::jsonb) AS j("serviceIds" jsonb, "subjectTypes" jsonb, "unscopedTypes" jsonb),
              LATERAL (SELECT ARRAY(SELECT jsonb_array_elements_text(j."serviceIds"))::uuid[] AS service_ids,
                              ARRAY(SELECT jsonb_array_elements_text(j."subjectTypes")) AS subject_types,
                              ARRAY(SELECT jsonb_array_elements_text(j."unscopedTypes")) AS unscoped_types) c
         WHERE $7::jsonb IS NOT NULL
       )
       SELECT pg_notify('${REVISION_CHANNEL}', $4::text)`,
      [
        JSON.stringify(a.audit),
        JSON.stringify(a.outbox),
        a.occurredAt,
        a.revision,
        String(a.auditSize),
        a.auditHead,
        a.changes ? JSON.stringify(a.changes) : null,
      ],
    );
  }
}
