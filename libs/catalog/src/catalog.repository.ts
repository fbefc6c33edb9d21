import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/audit';
import { containsPattern } from '@app/shared';
import { EndpointEntity } from './entities/endpoint.entity';
import { ProviderEntity } from './entities/provider.entity';
import { ServiceCategoryEntity } from './entities/service-category.entity';
import { ServiceEntity } from './entities/service.entity';

interface ServiceFilter {
  q?: string;
  providerId?: string;
  category?: string;
  scheme?: string;
}

/** The only place the catalog builds queries. Every list is one SQL statement with keyset paging. */
@Injectable()
export class CatalogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findProvider(id: string, tx?: WriteTx): Promise<ProviderEntity | null> {
    return (tx?.em ?? this.db.manager).getRepository(ProviderEntity).findOne({ where: { id } });
  }

  /** The provider, locked for the rest of the writer's transaction. */
  lockProvider(tx: WriteTx, id: string): Promise<ProviderEntity | null> {
    return tx.em.getRepository(ProviderEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insertProvider(tx: WriteTx, values: Omit<ProviderEntity, 'id' | 'version' | 'createdAt' | 'updatedAt'>): Promise<ProviderEntity> {
    return tx.em.save(tx.em.create(ProviderEntity, values));
  }

  saveProvider(tx: WriteTx, row: ProviderEntity): Promise<ProviderEntity> {
    return tx.em.save(row);
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

  findService(id: string): Promise<ServiceEntity | null> {
    return this.db.getRepository(ServiceEntity).findOne({ where: { id } });
  }

  /** The service, locked for the rest of the writer's transaction (writes that hang off a service). */
  lockService(tx: WriteTx, id: string): Promise<ServiceEntity | null> {
    return tx.em.getRepository(ServiceEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insertService(
    tx: WriteTx,
    values: Omit<ServiceEntity, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'provider' | 'categoryRef'>,
  ): Promise<ServiceEntity> {
    return tx.em.save(tx.em.create(ServiceEntity, values));
  }

  saveService(tx: WriteTx, row: ServiceEntity): Promise<ServiceEntity> {
    return tx.em.save(row);
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
      qb.andWhere('EXISTS (SELECT 1 FROM scheme_registrations r WHERE r.service_id = s.id AND r.scheme = :scheme)', {
        scheme: filter.scheme,
      });
    }
    if (after) qb.andWhere('(s.name, s.id) > (:name, :id)', { name: after[0], id: after[1] });
    return qb.getMany();
  }

  categoryExists(key: string, tx: WriteTx): Promise<boolean> {
    return tx.em.getRepository(ServiceCategoryEntity).exists({ where: { key } });
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

  lockEndpoint(tx: WriteTx, id: string): Promise<EndpointEntity | null> {
    return tx.em.getRepository(EndpointEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  endpointExists(tx: WriteTx, serviceId: string, kind: EndpointEntity['kind'], value: string): Promise<boolean> {
    return tx.em.getRepository(EndpointEntity).exists({ where: { serviceId, kind, value } });
  }

  insertEndpoint(tx: WriteTx, values: Omit<EndpointEntity, 'id' | 'createdAt' | 'service'>): Promise<EndpointEntity> {
    return tx.em.save(tx.em.create(EndpointEntity, values));
  }

  async deleteEndpoint(tx: WriteTx, id: string): Promise<void> {
    await tx.em.delete(EndpointEntity, { id });
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
