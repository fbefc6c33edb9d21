import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { WriteTx } from '@app/ledger';
import { containsPattern } from '@app/shared';
import { EndpointEntity } from './entities/endpoint.entity';
import { ProviderEntity } from './entities/provider.entity';
import { ServiceCategoryEntity } from './entities/service-category.entity';
import type { ServiceModel } from './entities/service.entity';
import { ServiceSchemeFilter } from './service-scheme-filter';

export interface ServiceFilter {
  q?: string;
  providerId?: string;
  category?: string;
  scheme?: string;
}

/** A service as the catalog reads it: its own columns and its dated category changes (oldest first). */
export interface ServiceRow {
  id: string;
  providerId: string;
  name: string;
  nameEn: string | null;
  /** The category from the start (before the first change). */
  category: string;
  serviceModel: ServiceModel | null;
  description: string | null;
  retiredOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Declared file-import methods from the start (before the first change); null = none. */
  fileImportMethods: string[] | null;
  categoryChanges: { effectiveOn: string; category: string; fileImportMethods: string[] | null }[];
}

export interface ImportProvider {
  id: string;
  name: string;
  corporateNumber: string | null;
}
export interface ImportService {
  id: string;
  providerId: string;
  name: string;
  category: string;
}

/** A destination as an import plans against it (dates as ISO text). */
export interface ImportEndpoint {
  id: string;
  serviceId: string;
  kind: 'fqdn' | 'cidr';
  value: string;
  ports: number[];
  purpose: string | null;
  effectiveOn: string;
  endedOn: string | null;
}

export type ServiceFields = Pick<ServiceRow, 'name' | 'nameEn' | 'serviceModel' | 'description' | 'retiredOn'> & { searchText: string };
export type NewService = Omit<ServiceFields, 'retiredOn'> & { providerId: string; category: string; fileImportMethods: string[] | null };

interface RawService {
  id: string;
  provider_id: string;
  name: string;
  name_en: string | null;
  category: string;
  service_model: ServiceModel | null;
  description: string | null;
  retired_on: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  file_import_methods: string[] | null;
  category_changes: { effectiveOn: string; category: string; fileImportMethods: string[] | null }[];
}

const SERVICE_COLUMNS = `s.id, s.provider_id, s.name, s.name_en, s.category, s.service_model, s.description, to_char(s.retired_on, 'YYYY-MM-DD') AS retired_on,
  s.version, s.created_at, s.updated_at, s.file_import_methods,
  COALESCE((SELECT json_agg(json_build_object('effectiveOn', c.effective_on, 'category', c.category, 'fileImportMethods', c.file_import_methods)
                            ORDER BY c.effective_on)
            FROM service_category_changes c WHERE c.service_id = s.id), '[]'::json) AS category_changes`;

/** SQL for the category of service `alias` in force on the date in parameter `today`. */
const currentCategory = (alias: string, today: string) =>
  `COALESCE((SELECT c.category FROM service_category_changes c WHERE c.service_id = ${alias}.id AND c.effective_on <= ${today}::date
             ORDER BY c.effective_on DESC LIMIT 1), ${alias}.category)`;

const toServiceRow = (r: RawService): ServiceRow => ({
  id: r.id,
  providerId: r.provider_id,
  name: r.name,
  nameEn: r.name_en,
  category: r.category,
  serviceModel: r.service_model,
  description: r.description,
  retiredOn: r.retired_on,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  fileImportMethods: r.file_import_methods,
  categoryChanges: r.category_changes,
});

/** The only place the catalog builds queries. Every list is one SQL statement with keyset paging. */
@Injectable()
export class CatalogRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() private readonly schemeFilter?: ServiceSchemeFilter,
  ) {}

  findProvider(id: string, tx?: WriteTx, lock = false): Promise<ProviderEntity | null> {
    return (tx?.em ?? this.db.manager)
      .getRepository(ProviderEntity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  insertProvider(
    tx: WriteTx,
    values: Pick<ProviderEntity, 'name' | 'nameEn' | 'corporateNumber' | 'url' | 'searchText'>,
  ): Promise<ProviderEntity> {
    return tx.em.getRepository(ProviderEntity).save(tx.em.create(ProviderEntity, values));
  }

  saveProvider(tx: WriteTx, provider: ProviderEntity): Promise<ProviderEntity> {
    return tx.em.getRepository(ProviderEntity).save(provider);
  }

  listProviders(q: string | undefined, after: [string, string] | null, limit: number): Promise<ProviderEntity[]> {
    const qb = this.db
      .getRepository(ProviderEntity)
      .createQueryBuilder('p')
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit + 1);
    if (q) qb.andWhere(`p.search_text LIKE :q ESCAPE '\\'`, { q: containsPattern(q) });
    if (after) qb.andWhere('(p.name, p.id) > (:name, :id)', { name: after[0], id: after[1] });
    return qb.getMany();
  }

  /** One service with its dated category changes; `lock` holds the row for the rest of the transaction. */
  async findService(id: string, tx?: WriteTx, lock = false): Promise<ServiceRow | null> {
    const rows = await (tx?.em ?? this.db.manager).query<RawService[]>(
      `SELECT ${SERVICE_COLUMNS} FROM services s WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
      [id],
    );
    return rows.length ? toServiceRow(rows[0]) : null;
  }

  /** A page of services by (name, id); `category` filters on the category in force on `today`. One statement. */
  /** Services matching the filter by (name, id), `limit + 1` of them after `after`; every one with `limit` null. */
  async listServices(filter: ServiceFilter, today: string, after: [string, string] | null, limit: number | null): Promise<ServiceRow[]> {
    // LIMIT NULL is LIMIT ALL
    const params: unknown[] = [limit === null ? null : limit + 1];
    const where: string[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (filter.q) {
      const q = param(containsPattern(filter.q));
      where.push(
        `(s.search_text LIKE ${q} ESCAPE '\\' OR EXISTS (SELECT 1 FROM providers p WHERE p.id = s.provider_id AND p.search_text LIKE ${q} ESCAPE '\\'))`,
      );
    }
    if (filter.providerId) where.push(`s.provider_id = ${param(filter.providerId)}`);
    if (filter.category) where.push(`${currentCategory('s', param(today))} = ${param(filter.category)}`);
    if (filter.scheme) {
      if (!this.schemeFilter) throw new Error('the scheme filter needs @app/schemes (SchemesModule) in the application');
      // the condition may name the parameter more than once (own and covering registrations)
      where.push(this.schemeFilter.condition('s', 'scheme').replaceAll(':scheme', param(filter.scheme)));
    }
    if (after) where.push(`(s.name, s.id) > (${param(after[0])}, ${param(after[1])})`);
    const rows = await this.db.query<RawService[]>(
      `SELECT ${SERVICE_COLUMNS} FROM services s ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.name, s.id LIMIT $1`,
      params,
    );
    return rows.map(toServiceRow);
  }

  async insertService(tx: WriteTx, values: NewService): Promise<string> {
    const [row] = await tx.em.query<{ id: string }[]>(
      `INSERT INTO services (provider_id, name, name_en, category, service_model, description, search_text, file_import_methods)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        values.providerId,
        values.name,
        values.nameEn,
        values.category,
        values.serviceModel,
        values.description,
        values.searchText,
        values.fileImportMethods,
      ],
    );
    return row.id;
  }

  /** Writes the service's own fields and bumps its version. */
  async updateService(tx: WriteTx, id: string, values: ServiceFields): Promise<void> {
    await tx.em.query(
      `UPDATE services SET name = $2, name_en = $3, service_model = $4, description = $5, search_text = $6, retired_on = $7,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [id, values.name, values.nameEn, values.serviceModel, values.description, values.searchText, values.retiredOn],
    );
  }

  /** The category (and declared methods) from `effectiveOn` on; a second change dated the same day replaces that day's value. */
  async recordCategoryChange(
    tx: WriteTx,
    serviceId: string,
    effectiveOn: string,
    category: string,
    fileImportMethods: string[] | null,
  ): Promise<void> {
    await tx.em.query(
      `INSERT INTO service_category_changes (service_id, effective_on, category, file_import_methods) VALUES ($1, $2, $3, $4)
       ON CONFLICT (service_id, effective_on) DO UPDATE SET category = EXCLUDED.category,
         file_import_methods = EXCLUDED.file_import_methods, created_at = now()`,
      [serviceId, effectiveOn, category, fileImportMethods],
    );
  }

  async categoryKeys(tx?: WriteTx): Promise<string[]> {
    const rows = await (tx?.em ?? this.db.manager).getRepository(ServiceCategoryEntity).find({ select: { key: true } });
    return rows.map((c) => c.key);
  }

  categoryExists(key: string, tx?: WriteTx): Promise<boolean> {
    return (tx?.em ?? this.db.manager).getRepository(ServiceCategoryEntity).exists({ where: { key } });
  }

  listCategories(tx?: Pick<WriteTx, 'em'>): Promise<ServiceCategoryEntity[]> {
    return (tx?.em ?? this.db.manager).getRepository(ServiceCategoryEntity).find({ order: { key: 'ASC' } });
  }

  /** A service's destinations, current and ended (their dated history), by value. */
  listEndpoints(serviceId: string, after: [string, string] | null, limit: number): Promise<EndpointEntity[]> {
    const qb = this.db
      .getRepository(EndpointEntity)
      .createQueryBuilder('e')
      .where('e.service_id = :serviceId', { serviceId })
      .orderBy('e.value', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(limit + 1);
    if (after) qb.andWhere('(e.value, e.id) > (:value, :id)', { value: after[0], id: after[1] });
    return qb.getMany();
  }

  findEndpoint(id: string, tx: WriteTx): Promise<EndpointEntity | null> {
    return tx.em.getRepository(EndpointEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Whether the service declares this destination now (an ended one may be declared again). */
  endpointDeclared(tx: WriteTx, serviceId: string, kind: string, value: string): Promise<boolean> {
    return tx.em.getRepository(EndpointEntity).exists({ where: { serviceId, kind: kind as 'fqdn' | 'cidr', value, endedOn: IsNull() } });
  }

  insertEndpoint(
    tx: WriteTx,
    values: Pick<EndpointEntity, 'serviceId' | 'kind' | 'value' | 'ports' | 'purpose' | 'effectiveOn'>,
  ): Promise<EndpointEntity> {
    return tx.em.getRepository(EndpointEntity).save(tx.em.create(EndpointEntity, { ...values, endedOn: null }));
  }

  async endEndpoint(tx: WriteTx, id: string, endedOn: string): Promise<void> {
    await tx.em.getRepository(EndpointEntity).update({ id }, { endedOn });
  }

  // ---- bulk writes of an import (one statement each, however many rows) ----------------------------

  /** Every provider and every service with its category in force on `today`: two statements. */
  async importSnapshot(tx: Pick<WriteTx, 'em'>, today: string): Promise<{ providers: ImportProvider[]; services: ImportService[] }> {
    const providers = await tx.em.query<ImportProvider[]>(
      `SELECT id, name, corporate_number AS "corporateNumber" FROM providers ORDER BY id`,
    );
    const services = await tx.em.query<ImportService[]>(
      `SELECT s.id, s.provider_id AS "providerId", s.name, ${currentCategory('s', '$1')} AS category FROM services s ORDER BY s.id`,
      [today],
    );
    return { providers, services };
  }

  async insertProviders(tx: WriteTx, rows: (ImportProvider & { searchText: string })[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `INSERT INTO providers (id, name, corporate_number, search_text)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
      [rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.corporateNumber), rows.map((r) => r.searchText)],
    );
  }

  async updateProviders(tx: WriteTx, rows: (ImportProvider & { searchText: string })[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `UPDATE providers p SET name = u.name, corporate_number = u.corporate_number, search_text = u.search_text,
         version = p.version + 1, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, name, corporate_number, search_text)
       WHERE p.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.corporateNumber), rows.map((r) => r.searchText)],
    );
  }

  async insertServices(tx: WriteTx, rows: (ImportService & { searchText: string })[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `INSERT INTO services (id, provider_id, name, category, search_text)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.providerId),
        rows.map((r) => r.name),
        rows.map((r) => r.category),
        rows.map((r) => r.searchText),
      ],
    );
  }

  /** Renames services (bumping their versions). */
  async renameServices(tx: WriteTx, rows: { id: string; name: string; searchText: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `UPDATE services s SET name = u.name, search_text = u.search_text, version = s.version + 1, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, name, search_text) WHERE s.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.searchText)],
    );
  }

  /** Dated category changes, like {@link recordCategoryChange}, in one statement. */
  async recordCategoryChanges(tx: WriteTx, rows: { serviceId: string; category: string }[], effectiveOn: string): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `INSERT INTO service_category_changes (service_id, effective_on, category)
       SELECT u.service_id, $3::date, u.category FROM unnest($1::uuid[], $2::text[]) AS u(service_id, category)
       ON CONFLICT (service_id, effective_on) DO UPDATE SET category = EXCLUDED.category, created_at = now()`,
      [rows.map((r) => r.serviceId), rows.map((r) => r.category), effectiveOn],
    );
  }

  // ---- destinations of an import (the destinations layout) -------------------------------------

  /** Every destination, current and ended (their dated history): one statement. */
  importEndpoints(tx: Pick<WriteTx, 'em'>): Promise<ImportEndpoint[]> {
    return tx.em.query<ImportEndpoint[]>(
      `SELECT e.id, e.service_id AS "serviceId", e.kind, e.value, e.ports, e.purpose,
         to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn", to_char(e.ended_on, 'YYYY-MM-DD') AS "endedOn"
       FROM endpoints e ORDER BY e.service_id, e.kind, e.value, e.effective_on, e.id`,
    );
  }

  async insertEndpoints(tx: WriteTx, rows: ImportEndpoint[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `INSERT INTO endpoints (id, service_id, kind, value, ports, purpose, effective_on, ended_on)
       SELECT u.id, u.service_id, u.kind, u.value, u.ports, u.purpose, u.effective_on, u.ended_on
       FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, service_id uuid, kind text, value text, ports integer[], purpose text,
                                                effective_on date, ended_on date)`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            service_id: r.serviceId,
            kind: r.kind,
            value: r.value,
            ports: r.ports,
            purpose: r.purpose,
            effective_on: r.effectiveOn,
            ended_on: r.endedOn,
          })),
        ),
      ],
    );
  }

  /** Sets (or clears, for an end still ahead) the first day destinations are no longer declared. */
  async setEndpointEnds(tx: WriteTx, rows: { id: string; endedOn: string | null }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `UPDATE endpoints e SET ended_on = u.ended_on FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, ended_on date) WHERE e.id = u.id`,
      [JSON.stringify(rows.map((r) => ({ id: r.id, ended_on: r.endedOn })))],
    );
  }

  /** New ports of destinations that do not take effect before the change (so no past is rewritten). */
  async setEndpointPorts(tx: WriteTx, rows: { id: string; ports: number[] }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `UPDATE endpoints e SET ports = u.ports FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, ports integer[]) WHERE e.id = u.id`,
      [JSON.stringify(rows)],
    );
  }

  corporateNumberTaken(tx: WriteTx, corporateNumber: string, exceptId?: string): Promise<boolean> {
    const qb = tx.em
      .getRepository(ProviderEntity)
      .createQueryBuilder('p')
      .where('p.corporate_number = :corporateNumber', { corporateNumber });
    if (exceptId) qb.andWhere('p.id <> :exceptId', { exceptId });
    return qb.getExists();
  }
}
