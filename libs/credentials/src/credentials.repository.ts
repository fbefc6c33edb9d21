import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { ApiCredentialEntity } from './entities/api-credential.entity';

@Injectable()
export class CredentialsRepository {
  constructor(@InjectRepository(ApiCredentialEntity) private readonly repo: Repository<ApiCredentialEntity>) {}

  findActiveByHash(keyHash: string): Promise<ApiCredentialEntity | null> {
    return this.repo.findOne({ where: { keyHash, revokedAt: IsNull() } });
  }

  findById(id: string): Promise<ApiCredentialEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  listPage(after: string | null, limit: number): Promise<ApiCredentialEntity[]> {
    const qb = this.repo
      .createQueryBuilder('c')
      .orderBy('c.id', 'ASC')
      .limit(limit + 1);
    if (after) qb.where('c.id > :after', { after });
    return qb.getMany();
  }

  lock(em: EntityManager, id: string): Promise<ApiCredentialEntity | null> {
    return em.getRepository(ApiCredentialEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(em: EntityManager, row: ApiCredentialEntity): Promise<ApiCredentialEntity> {
    return em.getRepository(ApiCredentialEntity).save(row);
  }

  insert(em: EntityManager, values: Partial<ApiCredentialEntity>): Promise<ApiCredentialEntity> {
    return em.getRepository(ApiCredentialEntity).save(em.create(ApiCredentialEntity, values));
  }
}
