import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { containsPattern } from '@app/shared';
import { EndpointEntity } from './entities/endpoint.entity';
import { ProviderEntity } from './entities/provider.entity';
import { ServiceCategoryEntity } from './entities/service-category.entity';
import { ServiceEntity } from './entities/service.entity';
import { ServiceSchemeFilter } from './service-scheme-filter';

export interface ServiceFilter {
  q?: string;
  providerId?: string;
  category?: string;
  scheme?: string;
}

/** The only place the catalog builds queries. Every list is one SQL statement with keyset paging. */
@Injectable()
export class CatalogRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() private readonly schemeFilter?: ServiceSchemeFilter,
  ) {}

  findProvider(id: string, em: EntityManager = this.db.manager, lock = false): Promise<ProviderEntity | null> {
    return em.getRepository(ProviderEntity).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
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

  findService(id: string, em: EntityManager = this.db.manager, lock = false): Promise<ServiceEntity | null> {
    return em.getRepository(ServiceEntity).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  listServices(filter: ServiceFilter, after: [string, string] | null, limit: number): Promise<ServiceEntity[]> {
    const qb = this.db
      .getRepository(ServiceEntity)
      .createQueryBuilder('s')
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit + 1);
    if (filter.q) {
      qb.andWhere(
        `(s.search_text LIKE :q ESCAPE '\\' OR EXISTS (SELECT 1 FROM providers p WHERE p.id = s.provider_id AND p.search_text LIKE :q ESCAPE '\\'))`,
        { q: containsPattern(filter.q) },
      );
    }
    if (filter.providerId) qb.andWhere('s.provider_id = :providerId', { providerId: filter.providerId });
    if (filter.category) qb.andWhere('s.category = :category', { category: filter.category });
    if (filter.scheme) {
      if (!this.schemeFilter) throw new Error('the scheme filter needs @app/schemes (SchemesModule) in the application');
      qb.andWhere(this.schemeFilter.condition('s', 'scheme'), { scheme: filter.scheme });
    }
    if (after) qb.andWhere('(s.name, s.id) > (:name, :id)', { name: after[0], id: after[1] });
    return qb.getMany();
  }

  async categoryKeys(em: EntityManager = this.db.manager): Promise<string[]> {
    const rows = await em.getRepository(ServiceCategoryEntity).find({ select: { key: true } });
    return rows.map((c) => c.key);
  }

  categoryExists(key: string, em: EntityManager = this.db.manager): Promise<boolean> {
    return em.getRepository(ServiceCategoryEntity).exists({ where: { key } });
  }

  listCategories(): Promise<ServiceCategoryEntity[]> {
    return this.db.getRepository(ServiceCategoryEntity).find({ order: { key: 'ASC' } });
  }

  listEndpoints(serviceId: string, after: string | null, limit: number): Promise<EndpointEntity[]> {
    const qb = this.db
      .getRepository(EndpointEntity)
      .createQueryBuilder('e')
      .where('e.service_id = :serviceId', { serviceId })
      .orderBy('e.value', 'ASC')
      .limit(limit + 1);
    if (after) qb.andWhere('e.value > :after', { after });
    return qb.getMany();
  }

  findEndpoint(id: string, em: EntityManager): Promise<EndpointEntity | null> {
    return em.getRepository(EndpointEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  endpointExists(em: EntityManager, serviceId: string, kind: string, value: string): Promise<boolean> {
    return em.getRepository(EndpointEntity).exists({ where: { serviceId, kind: kind as 'fqdn' | 'cidr', value } });
  }

  corporateNumberTaken(em: EntityManager, corporateNumber: string, exceptId?: string): Promise<boolean> {
    const qb = em.getRepository(ProviderEntity).createQueryBuilder('p').where('p.corporate_number = :corporateNumber', { corporateNumber });
    if (exceptId) qb.andWhere('p.id <> :exceptId', { exceptId });
    return qb.getExists();
  }
}
