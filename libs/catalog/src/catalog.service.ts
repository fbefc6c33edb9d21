import { Injectable } from '@nestjs/common';
import { RegistryWriter, type WriteTx } from '@app/ledger';
import {
  type Actor,
  assertIfMatch,
  decodeCursor,
  isValidCorporateNumber,
  type Page,
  searchText,
  strongEtag,
  toPage,
  validationFailed,
  Versioned,
} from '@app/shared';
import {
  duplicateCorporateNumber,
  duplicateEndpoint,
  endBeforeStart,
  endpointAlreadyEnded,
  endpointNotFound,
  invalidCorporateNumber,
  invalidEndpoint,
  providerNotFound,
  retirementInEffect,
  serviceNotFound,
  unknownCategory,
} from './catalog.errors';
import { CatalogRepository, type ImportEndpoint, type ImportProvider, type ImportService, type ServiceRow } from './catalog.repository';

/** What an import writes to the catalog (planned by @app/imports). */
export interface CatalogImportWrites {
  newProviders: ImportProvider[];
  providerUpdates: (ImportProvider & { before: ImportProvider })[];
  newServices: ImportService[];
  /** New name, and the category from the import's effective day (recorded only if it differs). */
  serviceUpdates: (ImportService & { before: ImportService })[];
}
import { CreateEndpointDto, EndpointResponseDto } from './dto/endpoint.dto';
/** What a destinations import writes (planned by @app/imports): ends first, then ports, then new declarations. */
export interface CatalogEndpointImportWrites {
  /** Sets `endedOn` (null cancels an end still ahead). */
  endChanges: { before: ImportEndpoint; endedOn: string | null }[];
  /** New ports of a destination from its own first day (a change that rewrites no past). */
  portChanges: { before: ImportEndpoint; ports: number[] }[];
  newEndpoints: ImportEndpoint[];
}
export type { ImportEndpoint };

import { CreateProviderDto, ListProvidersQueryDto, ProviderResponseDto, UpdateProviderDto } from './dto/provider.dto';
import { CategoryDto, CreateServiceDto, ListServicesQueryDto, ServiceResponseDto, UpdateServiceDto } from './dto/service.dto';
import { EndpointEntity } from './entities/endpoint.entity';
import { normalizeEndpoint } from './endpoint-input';
import type { ProviderEntity } from './entities/provider.entity';

export const toProviderResponse = (p: ProviderEntity): ProviderResponseDto => ({
  id: p.id,
  name: p.name,
  nameEn: p.nameEn,
  corporateNumber: p.corporateNumber,
  url: p.url,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

/** The category of a service in force on `date`: the latest change on or before it, else the first one. */
export const categoryOn = (s: Pick<ServiceRow, 'category' | 'categoryChanges'>, date: string): string =>
  s.categoryChanges.filter((c) => c.effectiveOn <= date).at(-1)?.category ?? s.category;

/** The file-import methods a service declares on `date` (null = none): dated like its category. */
export const methodsOn = (s: Pick<ServiceRow, 'fileImportMethods' | 'categoryChanges'>, date: string): string[] | null => {
  const change = s.categoryChanges.filter((c) => c.effectiveOn <= date).at(-1);
  return change ? change.fileImportMethods : s.fileImportMethods;
};

const sameMethods = (a: readonly string[] | null, b: readonly string[] | null): boolean =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** A service as of `today`: the category and lifecycle status in force, and the dated history behind them. */
export const toServiceResponse = (s: ServiceRow, today: string): ServiceResponseDto => ({
  id: s.id,
  providerId: s.providerId,
  name: s.name,
  nameEn: s.nameEn,
  category: categoryOn(s, today),
  fileImportMethods: methodsOn(s, today) ?? [],
  categoryHistory: [
    { category: s.category, effectiveOn: null, fileImportMethods: s.fileImportMethods ?? [] },
    ...s.categoryChanges.map((c) => ({ category: c.category, effectiveOn: c.effectiveOn, fileImportMethods: c.fileImportMethods ?? [] })),
  ],
  serviceModel: s.serviceModel,
  description: s.description,
  lifecycleStatus: s.retiredOn !== null && s.retiredOn <= today ? 'retired' : 'active',
  retiredOn: s.retiredOn,
  version: s.version,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export const toEndpointResponse = (e: EndpointEntity): EndpointResponseDto => ({
  id: e.id,
  serviceId: e.serviceId,
  kind: e.kind,
  value: e.value,
  ports: e.ports,
  purpose: e.purpose,
  effectiveOn: e.effectiveOn,
  endedOn: e.endedOn,
  createdAt: e.createdAt.toISOString(),
});

export const providerEtag = (p: { id: string; version: number }) => strongEtag('provider', p.id, p.version);
export const serviceEtag = (s: { id: string; version: number }) => strongEtag('service', s.id, s.version);

@Injectable()
export class CatalogService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly repo: CatalogRepository,
  ) {}

  // ---- providers -------------------------------------------------------------------------------

  /** Every service category key (to check references to them). */
  categoryKeys(tx?: WriteTx): Promise<string[]> {
    return this.repo.categoryKeys(tx);
  }

  async createProvider(actor: Actor, dto: CreateProviderDto): Promise<Versioned<ProviderResponseDto>> {
    if (dto.corporateNumber !== undefined && !isValidCorporateNumber(dto.corporateNumber)) throw invalidCorporateNumber();
    const created = await this.writer.transaction(actor, async (tx) => {
      if (dto.corporateNumber && (await this.repo.corporateNumberTaken(tx, dto.corporateNumber))) throw duplicateCorporateNumber();
      const row = await this.repo.insertProvider(tx, {
        name: dto.name,
        nameEn: dto.nameEn ?? null,
        corporateNumber: dto.corporateNumber ?? null,
        url: dto.url ?? null,
        searchText: searchText(dto.name, dto.nameEn),
      });
      tx.audit({ action: 'provider.created', subjectType: 'provider', subjectId: row.id, before: null, after: toProviderResponse(row) });
      return row;
    });
    return new Versioned(toProviderResponse(created), providerEtag(created));
  }

  async getProvider(id: string): Promise<Versioned<ProviderResponseDto>> {
    const row = await this.repo.findProvider(id);
    if (!row) throw providerNotFound(id);
    return new Versioned(toProviderResponse(row), providerEtag(row));
  }

  async listProviders(query: ListProvidersQueryDto): Promise<Page<ProviderResponseDto>> {
    const after = decodeCursor(query.cursor, ['text', 'uuid']) as [string, string] | null;
    const rows = await this.repo.listProviders(query.q, after, query.limit);
    return toPage(rows, query.limit, toProviderResponse, (p) => [p.name, p.id]);
  }

  async updateProvider(actor: Actor, id: string, dto: UpdateProviderDto, ifMatch?: string): Promise<Versioned<ProviderResponseDto>> {
    if (dto.corporateNumber !== undefined && !isValidCorporateNumber(dto.corporateNumber)) throw invalidCorporateNumber();
    const row = await this.writer.transaction(actor, async (tx) => {
      const current = await this.repo.findProvider(id, tx, true);
      if (!current) throw providerNotFound(id);
      assertIfMatch(ifMatch, providerEtag(current));
      if (dto.corporateNumber && (await this.repo.corporateNumberTaken(tx, dto.corporateNumber, id))) throw duplicateCorporateNumber();
      const before = toProviderResponse(current);
      Object.assign(current, definedOnly(dto));
      current.searchText = searchText(current.name, current.nameEn);
      current.version += 1;
      const saved = await this.repo.saveProvider(tx, current);
      tx.audit({ action: 'provider.updated', subjectType: 'provider', subjectId: id, before, after: toProviderResponse(saved) });
      return saved;
    });
    return new Versioned(toProviderResponse(row), providerEtag(row));
  }

  // ---- services --------------------------------------------------------------------------------

  async createService(actor: Actor, dto: CreateServiceDto, today: string): Promise<Versioned<ServiceResponseDto>> {
    const created = await this.writer.transaction(actor, async (tx) => {
      if (!(await this.repo.findProvider(dto.providerId, tx))) throw providerNotFound(dto.providerId);
      if (!(await this.repo.categoryExists(dto.category, tx))) throw unknownCategory(dto.category);
      const id = await this.repo.insertService(tx, {
        providerId: dto.providerId,
        name: dto.name,
        nameEn: dto.nameEn ?? null,
        category: dto.category,
        serviceModel: dto.serviceModel ?? null,
        description: dto.description ?? null,
        searchText: searchText(dto.name, dto.nameEn),
        fileImportMethods: normaliseMethods(dto.fileImportMethods),
      });
      const row = (await this.repo.findService(id, tx))!;
      tx.audit({ action: 'service.created', subjectType: 'service', subjectId: id, before: null, after: toServiceResponse(row, today) });
      return row;
    });
    return new Versioned(toServiceResponse(created, today), serviceEtag(created));
  }

  async getService(id: string, today: string): Promise<Versioned<ServiceResponseDto>> {
    const row = await this.repo.findService(id);
    if (!row) throw serviceNotFound(id);
    return new Versioned(toServiceResponse(row, today), serviceEtag(row));
  }

  /** Locks a service row for the rest of the transaction (writes that hang off a service); says whose it is. */
  async lockService(tx: WriteTx, id: string): Promise<{ providerId: string }> {
    const row = await this.repo.findService(id, tx, true);
    if (!row) throw serviceNotFound(id);
    return { providerId: row.providerId };
  }

  /** Throws SERVICE_NOT_FOUND unless the service exists. */
  async assertServiceExists(id: string): Promise<void> {
    if (!(await this.repo.findService(id))) throw serviceNotFound(id);
  }

  async listServices(query: ListServicesQueryDto, today: string): Promise<Page<ServiceResponseDto>> {
    const after = decodeCursor(query.cursor, ['text', 'uuid']) as [string, string] | null;
    const rows = await this.repo.listServices(query, today, after, query.limit);
    return toPage(
      rows,
      query.limit,
      (r) => toServiceResponse(r, today),
      (r) => [r.name, r.id],
    );
  }

  /** Every service matching the list's filters (name order, no paging): the CSV export, one statement. */
  async allServices(query: ListServicesQueryDto, today: string): Promise<ServiceResponseDto[]> {
    const rows = await this.repo.listServices(query, today, null, null);
    return rows.map((r) => toServiceResponse(r, today));
  }

  /**
   * Changes a service. Its own fields change at once; a category change and a retirement are dated
   * facts taking effect on `effectiveOn` (default today in Asia/Tokyo), so decisions for earlier
   * dates keep their answers. A retirement in effect is history: it cannot be undone (409), only a
   * retirement still ahead can be cancelled (`lifecycleStatus: active`) or moved.
   */
  async updateService(
    actor: Actor,
    id: string,
    dto: UpdateServiceDto,
    ifMatch: string | undefined,
    today: string,
  ): Promise<Versioned<ServiceResponseDto>> {
    const { effectiveOn = today, category, lifecycleStatus, fileImportMethods, ...fields } = definedOnly(dto);
    const row = await this.writer.transaction(actor, async (tx) => {
      const current = await this.repo.findService(id, tx, true);
      if (!current) throw serviceNotFound(id);
      assertIfMatch(ifMatch, serviceEtag(current));
      if (category !== undefined && !(await this.repo.categoryExists(category, tx))) throw unknownCategory(category);
      const before = toServiceResponse(current, today);
      let retiredOn = current.retiredOn;
      if (lifecycleStatus === 'retired' && (retiredOn === null || retiredOn > today)) retiredOn = effectiveOn;
      if (lifecycleStatus === 'active' && retiredOn !== null) {
        if (retiredOn <= today) throw retirementInEffect(id, retiredOn);
        retiredOn = null;
      }
      const next = { ...current, ...fields };
      await this.repo.updateService(tx, id, {
        name: next.name,
        nameEn: next.nameEn,
        serviceModel: next.serviceModel,
        description: next.description,
        searchText: searchText(next.name, next.nameEn),
        retiredOn,
      });
      const methods = fileImportMethods === undefined ? methodsOn(current, effectiveOn) : normaliseMethods(fileImportMethods);
      const categoryChanges = category !== undefined && category !== categoryOn(current, effectiveOn);
      if (categoryChanges || !sameMethods(methods, methodsOn(current, effectiveOn))) {
        await this.repo.recordCategoryChange(tx, id, effectiveOn, category ?? categoryOn(current, effectiveOn), methods);
      }
      const saved = (await this.repo.findService(id, tx))!;
      tx.audit({ action: 'service.updated', subjectType: 'service', subjectId: id, before, after: toServiceResponse(saved, today) });
      return saved;
    });
    return new Versioned(toServiceResponse(row, today), serviceEtag(row));
  }

  listCategories(): Promise<CategoryDto[]> {
    return this.repo.listCategories().then((rows) => rows.map(({ key, name, nameEn }) => ({ key, name, nameEn })));
  }

  // ---- imports ---------------------------------------------------------------------------------

  /** Providers and services as an import plans against them (categories in force on `today`). */
  async importSnapshot(tx: Pick<WriteTx, 'em'>, today: string) {
    const { providers, services } = await this.repo.importSnapshot(tx, today);
    const categories = await this.repo.listCategories(tx);
    return { providers, services, categories: categories.map(({ key, name, nameEn }) => ({ key, name, nameEn })) };
  }

  /**
   * Writes an import's catalog part inside its transaction: providers and services created or
   * renamed in a few statements, a changed category dated `effectiveOn`; one audit event per record.
   */
  async applyImport(tx: WriteTx, writes: CatalogImportWrites, effectiveOn: string): Promise<void> {
    const withSearch = <T extends { name: string }>(r: T) => ({ ...r, searchText: searchText(r.name) });
    await this.repo.insertProviders(tx, writes.newProviders.map(withSearch));
    await this.repo.updateProviders(
      tx,
      writes.providerUpdates.map(({ before: _b, ...p }) => withSearch(p)),
    );
    await this.repo.insertServices(tx, writes.newServices.map(withSearch));
    const renamed = writes.serviceUpdates.filter((u) => u.name !== u.before.name);
    await this.repo.renameServices(
      tx,
      renamed.map(({ id, name }) => withSearch({ id, name })),
    );
    const recategorised = writes.serviceUpdates.filter((u) => u.category !== u.before.category);
    await this.repo.recordCategoryChanges(
      tx,
      recategorised.map((u) => ({ serviceId: u.id, category: u.category })),
      effectiveOn,
    );
    for (const p of writes.newProviders) {
      tx.audit({ action: 'provider.created', subjectType: 'provider', subjectId: p.id, before: null, after: { ...p, source: 'import' } });
    }
    for (const { before, ...p } of writes.providerUpdates) {
      tx.audit({ action: 'provider.updated', subjectType: 'provider', subjectId: p.id, before, after: { ...p, source: 'import' } });
    }
    for (const s of writes.newServices) {
      tx.audit({ action: 'service.created', subjectType: 'service', subjectId: s.id, before: null, after: { ...s, source: 'import' } });
    }
    for (const { before, ...s } of writes.serviceUpdates) {
      tx.audit({
        action: 'service.updated',
        subjectType: 'service',
        subjectId: s.id,
        before,
        after: { ...s, effectiveOn, source: 'import' },
      });
    }
  }

  /** Every destination with its dated period, as a destinations import plans against them. */
  endpointSnapshot(tx: Pick<WriteTx, 'em'>): Promise<ImportEndpoint[]> {
    return this.repo.importEndpoints(tx);
  }

  /**
   * Writes a destinations import inside its transaction, a few statements however many rows: ends
   * (and moved or cancelled ends still ahead) first, so a destination whose ports change can be
   * declared again from the same day; one audit event per destination, each naming its service.
   */
  async applyEndpointImport(tx: WriteTx, writes: CatalogEndpointImportWrites): Promise<void> {
    await this.repo.setEndpointEnds(
      tx,
      writes.endChanges.map((c) => ({ id: c.before.id, endedOn: c.endedOn })),
    );
    await this.repo.setEndpointPorts(
      tx,
      writes.portChanges.map((c) => ({ id: c.before.id, ports: c.ports })),
    );
    await this.repo.insertEndpoints(tx, writes.newEndpoints);
    for (const { before, endedOn } of writes.endChanges) {
      tx.audit({
        action: endedOn === null ? 'endpoint.updated' : 'endpoint.ended',
        subjectType: 'endpoint',
        subjectId: before.id,
        before,
        after: { ...before, endedOn, source: 'import' },
      });
    }
    for (const { before, ports } of writes.portChanges) {
      tx.audit({
        action: 'endpoint.updated',
        subjectType: 'endpoint',
        subjectId: before.id,
        before,
        after: { ...before, ports, source: 'import' },
      });
    }
    for (const e of writes.newEndpoints) {
      tx.audit({ action: 'endpoint.created', subjectType: 'endpoint', subjectId: e.id, before: null, after: { ...e, source: 'import' } });
    }
  }

  // ---- endpoints -------------------------------------------------------------------------------

  /** Declares a destination from `effectiveOn` (default today in Asia/Tokyo) on. */
  async addEndpoint(actor: Actor, serviceId: string, dto: CreateEndpointDto, today: string): Promise<EndpointResponseDto> {
    const parsed = normalizeEndpoint(dto);
    if (!parsed.ok) throw invalidEndpoint(parsed.reason);
    const endpoint = parsed.endpoint;
    const row = await this.writer.transaction(actor, async (tx) => {
      if (!(await this.repo.findService(serviceId, tx, true))) throw serviceNotFound(serviceId);
      if (await this.repo.endpointDeclared(tx, serviceId, endpoint.kind, endpoint.value)) throw duplicateEndpoint(endpoint.value);
      const saved = await this.repo.insertEndpoint(tx, { serviceId, ...endpoint, effectiveOn: dto.effectiveOn ?? today });
      tx.audit({
        action: 'endpoint.created',
        subjectType: 'endpoint',
        subjectId: saved.id,
        before: null,
        after: toEndpointResponse(saved),
      });
      return saved;
    });
    return toEndpointResponse(row);
  }

  /** The service's destinations with their dated history (ended ones included), by value. */
  async listEndpoints(serviceId: string, cursor: string | undefined, limit: number): Promise<Page<EndpointResponseDto>> {
    await this.assertServiceExists(serviceId);
    const after = decodeCursor(cursor, ['text', 'uuid']) as [string, string] | null;
    const rows = await this.repo.listEndpoints(serviceId, after, limit);
    return toPage(rows, limit, toEndpointResponse, (e) => [e.value, e.id]);
  }

  /**
   * Removing a destination ends it on `effectiveOn` (default today): the first day it is no longer
   * declared. The record stays, so decisions for earlier dates keep it.
   */
  async endEndpoint(actor: Actor, id: string, effectiveOn: string): Promise<void> {
    await this.writer.transaction(actor, async (tx) => {
      const row = await this.repo.findEndpoint(id, tx);
      if (!row) throw endpointNotFound(id);
      if (row.endedOn !== null) throw endpointAlreadyEnded(id, row.endedOn);
      if (effectiveOn < row.effectiveOn) throw endBeforeStart(row.effectiveOn);
      await this.repo.endEndpoint(tx, id, effectiveOn);
      tx.audit({
        action: 'endpoint.ended',
        subjectType: 'endpoint',
        subjectId: id,
        before: toEndpointResponse(row),
        after: toEndpointResponse({ ...row, endedOn: effectiveOn }),
      });
    });
  }
}

/** The fields a PATCH actually sent; `null` clears an optional field and is refused for a required one. */
function definedOnly<T extends object>(dto: T, required: readonly string[] = ['name', 'category', 'lifecycleStatus']): Partial<T> {
  const sent = Object.entries(dto).filter(([, v]) => v !== undefined);
  const nulled = sent.filter(([k, v]) => v === null && required.includes(k));
  if (nulled.length > 0) {
    throw validationFailed(
      'required fields cannot be cleared',
      nulled.map(([k]) => ({ pointer: `/${k}`, detail: 'must not be null' })),
    );
  }
  return Object.fromEntries(sent) as Partial<T>;
}

/** Declared methods as stored: de-duplicated and sorted (a set), null for none. */
function normaliseMethods(methods: readonly string[] | undefined): string[] | null {
  return methods && methods.length > 0 ? [...new Set(methods)].sort() : null;
}
