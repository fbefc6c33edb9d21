import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { WriteTx } from '@app/ledger';
import { ApiCredentialEntity } from './entities/api-credential.entity';
import { BootstrapAdminEntity } from './entities/bootstrap-admin.entity';

@Injectable()
export class CredentialsRepository {
  constructor(
    @InjectRepository(ApiCredentialEntity) private readonly repo: Repository<ApiCredentialEntity>,
    @InjectRepository(BootstrapAdminEntity) private readonly bootstrap: Repository<BootstrapAdminEntity>,
  ) {}

  /** When the bootstrap administrator was disabled, or null while it is not (one primary-key read). */
  bootstrapDisabled(tx?: WriteTx): Promise<BootstrapAdminEntity | null> {
    return (tx ? tx.em.getRepository(BootstrapAdminEntity) : this.bootstrap).findOne({ where: { id: 1 } });
  }

  async disableBootstrap(tx: WriteTx, disabledAt: Date, disabledBy: string): Promise<BootstrapAdminEntity> {
    return tx.em.getRepository(BootstrapAdminEntity).save(tx.em.create(BootstrapAdminEntity, { id: 1, disabledAt, disabledBy }));
  }

  /**
   * Serialises the changes that could leave no working administrator credential (disabling the
   * bootstrap key, revoking an admin key) until the transaction ends.
   */
  async lockAdministrators(tx: WriteTx): Promise<void> {
    await tx.em.query(`SELECT pg_advisory_xact_lock(hashtext('registry:administrators'))`);
  }

  /** Stored admin credentials working at `now` (not revoked, not expired), `except` one. */
  activeAdminCount(now: Date, except: string | null = null, tx?: WriteTx): Promise<number> {
    const qb = (tx ? tx.em.getRepository(ApiCredentialEntity) : this.repo)
      .createQueryBuilder('c')
      .where(`c.role = 'admin' AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > :now)`, { now });
    if (except !== null) qb.andWhere('c.id <> :except', { except });
    return qb.getCount();
  }

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
