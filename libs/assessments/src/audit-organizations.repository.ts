import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/ledger';
import { AccreditationEntity } from './entities/accreditation.entity';
import { AuditOrganizationEntity } from './entities/audit-organization.entity';

/** The only place that builds queries on audit_organizations and accreditations. */
@Injectable()
export class AuditOrganizationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  insert(tx: WriteTx, values: Pick<AuditOrganizationEntity, 'name' | 'nameEn'>): Promise<AuditOrganizationEntity> {
    return tx.em.getRepository(AuditOrganizationEntity).save(tx.em.create(AuditOrganizationEntity, values));
  }

  nameTaken(tx: WriteTx, name: string): Promise<boolean> {
    return tx.em.getRepository(AuditOrganizationEntity).exists({ where: { name } });
  }

  /** Whether an organisation of that name is registered (auditor credentials must name one). */
  isRegistered(name: string, tx?: Pick<WriteTx, 'em'>): Promise<boolean> {
    return (tx?.em ?? this.db.manager).getRepository(AuditOrganizationEntity).exists({ where: { name } });
  }

  lock(tx: WriteTx, id: string): Promise<AuditOrganizationEntity | null> {
    return tx.em.getRepository(AuditOrganizationEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  addAccreditation(tx: WriteTx, values: Pick<AccreditationEntity, 'organizationId' | 'accreditedFrom' | 'accreditedUntil' | 'note'>) {
    return tx.em.getRepository(AccreditationEntity).save(tx.em.create(AccreditationEntity, values));
  }

  /** One organisation with its accreditations (one statement). */
  find(id: string, tx?: Pick<WriteTx, 'em'>): Promise<AuditOrganizationEntity | null> {
    return (tx?.em ?? this.db.manager)
      .getRepository(AuditOrganizationEntity)
      .createQueryBuilder('o')
      .leftJoinAndSelect('o.accreditations', 'a')
      .where('o.id = :id', { id })
      .orderBy('a.accredited_from', 'ASC')
      .addOrderBy('a.recorded_at', 'ASC')
      .getOne();
  }

  /** Every organisation with its accreditations, by name (one statement; the list is short). */
  list(): Promise<AuditOrganizationEntity[]> {
    return this.db
      .getRepository(AuditOrganizationEntity)
      .createQueryBuilder('o')
      .leftJoinAndSelect('o.accreditations', 'a')
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .addOrderBy('a.accredited_from', 'ASC')
      .getMany();
  }
}
