import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ServiceSchemeFilter } from '@app/catalog';
import type { WriteTx } from '@app/ledger';
import { RegistrationStateEntity } from './entities/registration-state.entity';
import { SchemeRegistrationEntity } from './entities/scheme-registration.entity';
import { SchemeEntity } from './entities/scheme.entity';

export interface RegistrationWithStates {
  registration: SchemeRegistrationEntity;
  states: RegistrationStateEntity[];
  scheme: SchemeEntity;
}

/** The catalog's `scheme=` filter: services with a registration (of any status) under the scheme. */
@Injectable()
export class RegisteredUnderScheme extends ServiceSchemeFilter {
  condition(serviceAlias: string, param: string): string {
    return `EXISTS (SELECT 1 FROM scheme_registrations r WHERE r.service_id = ${serviceAlias}.id AND r.scheme = :${param})`;
  }
}

@Injectable()
export class SchemesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  listSchemes(): Promise<SchemeEntity[]> {
    return this.db.getRepository(SchemeEntity).find({ order: { key: 'ASC' } });
  }

  async schemeKeys(tx?: WriteTx): Promise<string[]> {
    const rows = await (tx?.em ?? this.db.manager).getRepository(SchemeEntity).find({ select: { key: true } });
    return rows.map((s) => s.key);
  }

  findScheme(key: string, tx: WriteTx): Promise<SchemeEntity | null> {
    return tx.em.getRepository(SchemeEntity).findOne({ where: { key } });
  }

  lockRegistration(tx: WriteTx, id: string): Promise<SchemeRegistrationEntity | null> {
    return tx.em.getRepository(SchemeRegistrationEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insertRegistration(
    tx: WriteTx,
    values: Pick<SchemeRegistrationEntity, 'serviceId' | 'scheme' | 'registrationNumber' | 'registeredOn' | 'source'>,
  ): Promise<SchemeRegistrationEntity> {
    return tx.em.save(tx.em.create(SchemeRegistrationEntity, values));
  }

  saveRegistration(tx: WriteTx, row: SchemeRegistrationEntity): Promise<SchemeRegistrationEntity> {
    return tx.em.save(row);
  }

  /** Appends a dated state to a registration's history. */
  async insertState(tx: WriteTx, values: Omit<RegistrationStateEntity, 'seq' | 'recordedAt' | 'registration'>): Promise<void> {
    await tx.em.save(tx.em.create(RegistrationStateEntity, values));
  }

  numberTaken(tx: WriteTx, scheme: string, registrationNumber: string, exceptId?: string): Promise<boolean> {
    const qb = tx.em
      .getRepository(SchemeRegistrationEntity)
      .createQueryBuilder('r')
      .where('r.scheme = :scheme AND r.registration_number = :registrationNumber', { scheme, registrationNumber });
    if (exceptId) qb.andWhere('r.id <> :exceptId', { exceptId });
    return qb.getExists();
  }

  /** One registration with its history and scheme, in one statement. */
  async findWithStates(id: string, tx?: WriteTx): Promise<RegistrationWithStates | null> {
    const page = await this.query(tx?.em ?? this.db.manager, { id }, null, 1);
    return page[0] ?? null;
  }

  /** A service's registrations (keyset on scheme, registered_on, id) with their histories: one statement. */
  listForService(serviceId: string, after: [string, string, string] | null, limit: number): Promise<RegistrationWithStates[]> {
    return this.query(this.db.manager, { serviceId }, after, limit + 1);
  }

  private async query(
    em: EntityManager,
    where: { id?: string; serviceId?: string },
    after: [string, string, string] | null,
    limit: number,
  ): Promise<RegistrationWithStates[]> {
    const qb = em
      .getRepository(SchemeRegistrationEntity)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.schemeRef', 'scheme')
      .leftJoinAndSelect('r.states', 'st')
      .orderBy('r.scheme', 'ASC')
      .addOrderBy('r.registered_on', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .addOrderBy('st.effective_on', 'ASC')
      .addOrderBy('st.seq', 'ASC');
    if (where.id) qb.andWhere('r.id = :id', { id: where.id });
    if (where.serviceId) qb.andWhere('r.service_id = :serviceId', { serviceId: where.serviceId });
    if (after) {
      qb.andWhere('(r.scheme, r.registered_on, r.id) > (:a0, :a1, :a2)', { a0: after[0], a1: after[1], a2: after[2] });
    }
    // limit parents without LIMIT on the joined rows: a sub-select of ids keeps this one statement
    const ids = em
      .getRepository(SchemeRegistrationEntity)
      .createQueryBuilder('p')
      .select('p.id')
      .orderBy('p.scheme', 'ASC')
      .addOrderBy('p.registered_on', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit);
    if (where.id) ids.andWhere('p.id = :id');
    if (where.serviceId) ids.andWhere('p.service_id = :serviceId');
    if (after) ids.andWhere('(p.scheme, p.registered_on, p.id) > (:a0, :a1, :a2)');
    qb.andWhere(`r.id IN (${ids.getQuery()})`);
    const rows = await qb.getMany();
    return rows.map((registration) => ({
      registration,
      states: registration.states ?? [],
      scheme: registration.schemeRef!,
    }));
  }
}
