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

  async municipalityExists(em: EntityManager, code: string): Promise<boolean> {
    const rows = await em.query<unknown[]>('SELECT 1 FROM municipalities WHERE code = $1', [code]);
    return rows.length > 0;
  }

  insert(em: EntityManager, values: Partial<ApiCredentialEntity>): Promise<ApiCredentialEntity> {
    return em.getRepository(ApiCredentialEntity).save(em.create(ApiCredentialEntity, values));
  }
}
