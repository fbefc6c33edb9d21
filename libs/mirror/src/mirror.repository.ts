import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FORGET_CHANGES_SQL, REVISION_CHANNEL } from '@app/ledger';
import type { TableRows } from './snapshot';

/** Where a mirror records which snapshot it loaded (its manifest's digest), beside the seeds it loaded. */
const LOADED_SNAPSHOT = 'mirror:snapshot';

/**
 * The public registry's tables, parents before children, each with its primary key (the stable
 * order of its rows). Usages, credentials, webhooks, sweep bookkeeping and the audit trail are
 * not public and are not mirrored.
 */
export const MIRRORED_TABLES: readonly { table: string; key: string }[] = [
  { table: 'service_categories', key: 'key' },
  { table: 'schemes', key: 'key' },
  { table: 'municipalities', key: 'code' },
  { table: 'providers', key: 'id' },
  { table: 'services', key: 'id' },
  { table: 'service_category_changes', key: 'service_id, effective_on' },
  { table: 'endpoints', key: 'id' },
  { table: 'scheme_registrations', key: 'id' },
  { table: 'registration_states', key: 'seq' },
  { table: 'registration_coverage', key: 'id' },
  { table: 'profiles', key: 'id' },
  { table: 'requirements', key: 'profile_id, requirement_id' },
  { table: 'obligations', key: 'profile_id, obligation_id' },
  { table: 'assessments', key: 'id' },
  { table: 'findings', key: 'assessment_id, requirement_id' },
  { table: 'audit_organizations', key: 'id' },
  { table: 'accreditations', key: 'id' },
];

/** Rows fetched per round trip when a snapshot reads a table. */
const ROWS_PER_FETCH = 2000;

/** The public registry at one revision, as a snapshot reads it. */
export interface RegistryAtRevision {
  revision: string;
  localGovernmentListVersion: string | null;
  /** A mirrored table's rows in its key's order (as `to_jsonb` gives them), a batch at a time. */
  rows(table: string): AsyncGenerator<TableRows>;
}

async function* rowsOf(em: EntityManager, table: string): AsyncGenerator<TableRows> {
  const mirrored = MIRRORED_TABLES.find((t) => t.table === table);
  if (!mirrored) throw new RangeError(`${table} is not a mirrored table`);
  await em.query(`DECLARE snapshot_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY ${mirrored.key}`);
  try {
    for (;;) {
      const rows = await em.query<{ row: Record<string, unknown> }[]>(`FETCH ${ROWS_PER_FETCH} FROM snapshot_rows`);
      if (rows.length === 0) return;
      yield rows.map((r) => r.row);
    }
  } finally {
    await em.query('CLOSE snapshot_rows');
  }
}

/** Mirrored tables updated row by row (upsert on their key) instead of replaced whole. */
const UPDATED_IN_PLACE = new Set(['municipalities']);

/**
 * The declared replication model (see docs/ARCHITECTURE.md): the one place besides the facts read
 * model that names other libraries' tables, because a snapshot is the registry's public tables as
 * they are, and a mirror loads them as they were. It reads them in one snapshot transaction and
 * replaces them in one transaction, never row by row through the domains.
 */
@Injectable()
export class MirrorRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Every mirrored table read from one MVCC snapshot, with the revision it is at: `use` gets each
   * table's rows a batch at a time (a cursor), so no table is ever whole in memory.
   */
  read<T>(use: (registry: RegistryAtRevision) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (em) => {
      const [state] = await em.query<{ revision: string }[]>('SELECT revision::text AS revision FROM registry_state WHERE id = 1');
      const [seed] = await em.query<{ digest: string }[]>("SELECT digest FROM seed_versions WHERE name = 'localgov'");
      return use({
        revision: state.revision,
        localGovernmentListVersion: seed?.digest ?? null,
        rows: (table) => rowsOf(em, table),
      });
    });
  }

  /** The digest of the snapshot this mirror loaded last (of its revision and manifest), or null. */
  async loadedSnapshot(): Promise<string | null> {
    const [row] = await this.db.query<{ digest: string }[]>('SELECT digest FROM seed_versions WHERE name = $1', [LOADED_SNAPSHOT]);
    return row?.digest ?? null;
  }

  /** The revision this database serves (a mirror's: the last snapshot it loaded). */
  async revision(): Promise<string> {
    const [state] = await this.db.query<{ revision: string }[]>('SELECT revision::text AS revision FROM registry_state WHERE id = 1');
    return state.revision;
  }

  /**
   * Replaces every mirrored table with the snapshot's rows and takes its revision, in one
   * transaction: readers see the old registry or the new one, never a mix.
   */
  async replace(revision: string, tables: Record<string, unknown>, snapshotDigest: string): Promise<void> {
    await this.db.transaction(async (em) => {
      // The shipped list of local governments is updated in place, never truncated: the mirror's own
      // rows that name a municipality (its API keys, made with `cli api-key:create`) must survive a load.
      const replaced = MIRRORED_TABLES.filter((t) => !UPDATED_IN_PLACE.has(t.table));
      await em.query(`TRUNCATE ${replaced.map((t) => t.table).join(', ')} CASCADE`);
      for (const { table, key } of MIRRORED_TABLES) {
        const rows = JSON.stringify(tables[table] ?? []);
        if (!UPDATED_IN_PLACE.has(table)) {
          await em.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [rows]);
          continue;
        }
        const columns = (
          await em.query<{ name: string }[]>(
            `SELECT column_name AS name FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
            [table],
          )
        ).map((c) => `"${c.name}"`);
        await em.query(
          `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
           ON CONFLICT (${key}) DO UPDATE SET (${columns.join(', ')}) = (${columns.map((c) => `EXCLUDED.${c}`).join(', ')})`,
          [rows],
        );
      }
      await em.query('UPDATE registry_state SET revision = $1 WHERE id = 1', [revision]);
      await em.query(FORGET_CHANGES_SQL); // its own recorded changes no longer describe the revisions it serves
      await em.query(
        `INSERT INTO seed_versions (name, digest, applied_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET digest = EXCLUDED.digest, applied_at = EXCLUDED.applied_at`,
        [LOADED_SNAPSHOT, snapshotDigest],
      );
      await em.query(`SELECT pg_notify('${REVISION_CHANNEL}', $1::text)`, [revision]);
    });
  }
}
