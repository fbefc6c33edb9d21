import { Injectable } from '@nestjs/common';
import { parseEndpoint } from '@app/eligibility-engine';
import { RegistryWriter, type WriteTx } from '@app/audit';
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
  endpointNotFound,
  invalidCorporateNumber,
  invalidEndpoint,
  providerNotFound,
  serviceNotFound,
  unknownCategory,
} from './catalog.errors';
import { CatalogRepository } from './catalog.repository';
import { CreateEndpointDto, EndpointResponseDto } from './dto/endpoint.dto';
import { CreateProviderDto, ListProvidersQueryDto, ProviderResponseDto, UpdateProviderDto } from './dto/provider.dto';
import { CategoryDto, CreateServiceDto, ListServicesQueryDto, ServiceResponseDto, UpdateServiceDto } from './dto/service.dto';
import type { EndpointEntity } from './entities/endpoint.entity';
import type { ProviderEntity } from './entities/provider.entity';
import type { ServiceEntity } from './entities/service.entity';

const toProviderResponse = (p: ProviderEntity): ProviderResponseDto => ({
  id: p.id,
  name: p.name,
  nameEn: p.nameEn,
  corporateNumber: p.corporateNumber,
  url: p.url,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const toServiceResponse = (s: ServiceEntity): ServiceResponseDto => ({
  id: s.id,
  providerId: s.providerId,
  name: s.name,
  nameEn: s.nameEn,
  category: s.category,
  serviceModel: s.serviceModel,
  description: s.description,
  lifecycleStatus: s.lifecycleStatus,
  version: s.version,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

const toEndpointResponse = (e: EndpointEntity): EndpointResponseDto => ({
  id: e.id,
  serviceId: e.serviceId,
  kind: e.kind,
  value: e.value,
  ports: e.ports,
  purpose: e.purpose,
  createdAt: e.createdAt.toISOString(),
});

const providerEtag = (p: { id: string; version: number }) => strongEtag('provider', p.id, p.version);
const serviceEtag = (s: { id: string; version: number }) => strongEtag('service', s.id, s.version);

@Injectable()
export class CatalogService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly repo: CatalogRepository,
  ) {}

  // ---- providers -------------------------------------------------------------------------------

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
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const rows = await this.repo.listProviders(query.q, after, query.limit);
    return toPage(rows, query.limit, toProviderResponse, (p) => [p.name, p.id]);
  }

  async updateProvider(actor: Actor, id: string, dto: UpdateProviderDto, ifMatch?: string): Promise<Versioned<ProviderResponseDto>> {
    if (dto.corporateNumber !== undefined && !isValidCorporateNumber(dto.corporateNumber)) throw invalidCorporateNumber();
    const row = await this.writer.transaction(actor, async (tx) => {
      const current = await this.repo.lockProvider(tx, id);
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

  async createService(actor: Actor, dto: CreateServiceDto): Promise<Versioned<ServiceResponseDto>> {
    const created = await this.writer.transaction(actor, async (tx) => {
      if (!(await this.repo.findProvider(dto.providerId, tx))) throw providerNotFound(dto.providerId);
      if (!(await this.repo.categoryExists(dto.category, tx))) throw unknownCategory(dto.category);
      const row = await this.repo.insertService(tx, {
        providerId: dto.providerId,
        name: dto.name,
        nameEn: dto.nameEn ?? null,
        category: dto.category,
        serviceModel: dto.serviceModel ?? null,
        description: dto.description ?? null,
        lifecycleStatus: 'active',
        searchText: searchText(dto.name, dto.nameEn),
      });
      tx.audit({ action: 'service.created', subjectType: 'service', subjectId: row.id, before: null, after: toServiceResponse(row) });
      return row;
    });
    return new Versioned(toServiceResponse(created), serviceEtag(created));
  }

  async getService(id: string): Promise<Versioned<ServiceResponseDto>> {
    const row = await this.repo.findService(id);
    if (!row) throw serviceNotFound(id);
    return new Versioned(toServiceResponse(row), serviceEtag(row));
  }

  /** Locks a service row for the rest of the transaction (writes that hang off a service). */
  async lockService(tx: WriteTx, id: string): Promise<ServiceEntity> {
    const row = await this.repo.lockService(tx, id);
    if (!row) throw serviceNotFound(id);
    return row;
  }

  /** Throws SERVICE_NOT_FOUND unless the service exists. */
  async assertServiceExists(id: string): Promise<void> {
    if (!(await this.repo.findService(id))) throw serviceNotFound(id);
  }

  async listServices(query: ListServicesQueryDto): Promise<Page<ServiceResponseDto>> {
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const rows = await this.repo.listServices(query, after, query.limit);
    return toPage(rows, query.limit, toServiceResponse, (s) => [s.name, s.id]);
  }

  async updateService(actor: Actor, id: string, dto: UpdateServiceDto, ifMatch?: string): Promise<Versioned<ServiceResponseDto>> {
    const row = await this.writer.transaction(actor, async (tx) => {
      const current = await this.repo.lockService(tx, id);
      if (!current) throw serviceNotFound(id);
      assertIfMatch(ifMatch, serviceEtag(current));
      if (dto.category !== undefined && !(await this.repo.categoryExists(dto.category, tx))) throw unknownCategory(dto.category);
      const before = toServiceResponse(current);
      Object.assign(current, definedOnly(dto));
      current.searchText = searchText(current.name, current.nameEn);
      current.version += 1;
      const saved = await this.repo.saveService(tx, current);
      tx.audit({ action: 'service.updated', subjectType: 'service', subjectId: id, before, after: toServiceResponse(saved) });
      return saved;
    });
    return new Versioned(toServiceResponse(row), serviceEtag(row));
  }

  listCategories(): Promise<CategoryDto[]> {
    return this.repo.listCategories().then((rows) => rows.map(({ key, name, nameEn }) => ({ key, name, nameEn })));
  }

  // ---- endpoints -------------------------------------------------------------------------------

  async addEndpoint(actor: Actor, serviceId: string, dto: CreateEndpointDto): Promise<EndpointResponseDto> {
    const parsed = parseEndpoint(dto.kind, dto.value);
    if (!parsed.ok) throw invalidEndpoint(parsed.reason);
    const row = await this.writer.transaction(actor, async (tx) => {
      if (!(await this.repo.lockService(tx, serviceId))) throw serviceNotFound(serviceId);
      if (await this.repo.endpointExists(tx, serviceId, dto.kind, parsed.value)) throw duplicateEndpoint(parsed.value);
      const saved = await this.repo.insertEndpoint(tx, {
        serviceId,
        kind: dto.kind,
        value: parsed.value,
        ports: [...new Set(dto.ports ?? [])].sort((a, b) => a - b),
        purpose: dto.purpose ?? null,
      });
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

  async listEndpoints(serviceId: string, cursor: string | undefined, limit: number): Promise<Page<EndpointResponseDto>> {
    await this.assertServiceExists(serviceId);
    const after = decodeCursor(cursor, 1);
    const rows = await this.repo.listEndpoints(serviceId, after ? String(after[0]) : null, limit);
    return toPage(rows, limit, toEndpointResponse, (e) => [e.value]);
  }

  async removeEndpoint(actor: Actor, id: string): Promise<void> {
    await this.writer.transaction(actor, async (tx) => {
      const row = await this.repo.lockEndpoint(tx, id);
      if (!row) throw endpointNotFound(id);
      const before = toEndpointResponse(row);
      await this.repo.deleteEndpoint(tx, id);
      tx.audit({ action: 'endpoint.deleted', subjectType: 'endpoint', subjectId: id, before, after: null });
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
