import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { WriteTx } from '@app/ledger';
import { ApiCredentialEntity } from './entities/api-credential.entity';

@Injectable()
export class CredentialsRepository {
  constructor(@InjectRepository(ApiCredentialEntity) private readonly repo: Repository<ApiCredentialEntity>) {}

  /** The credential of a key hash unless revoked (an expired one too: the caller tells the client it expired). */
  findActiveByHash(keyHash: string): Promise<ApiCredentialEntity | null> {
    return this.repo.findOne({ where: { keyHash, revokedAt: IsNull() } });
  }

  listPage(after: string | null, limit: number): Promise<ApiCredentialEntity[]> {
    const qb = this.repo
      .createQueryBuilder('c')
      .orderBy('c.id', 'ASC')
      .limit(limit + 1);
    if (after) qb.where('c.id > :after', { after });
    return qb.getMany();
  }

  insert(
    tx: WriteTx,
    values: Pick<ApiCredentialEntity, 'name' | 'role' | 'organization' | 'municipalityCode' | 'keyPrefix' | 'keyHash' | 'expiresAt'>,
  ): Promise<ApiCredentialEntity> {
    return tx.em.getRepository(ApiCredentialEntity).save(tx.em.create(ApiCredentialEntity, values));
  }

  /** The credential, locked for the rest of the writer's transaction. */
  lock(tx: WriteTx, id: string): Promise<ApiCredentialEntity | null> {
    return tx.em.getRepository(ApiCredentialEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(tx: WriteTx, row: ApiCredentialEntity): Promise<ApiCredentialEntity> {
    return tx.em.getRepository(ApiCredentialEntity).save(row);
  }
}
