import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ServiceSchemeFilter } from '@app/catalog';
import type { WriteTx } from '@app/ledger';
import { RegistrationCoverageEntity } from './entities/registration-coverage.entity';
import { RegistrationStateEntity } from './entities/registration-state.entity';
import { SchemeRegistrationEntity } from './entities/scheme-registration.entity';
import { SchemeEntity } from './entities/scheme.entity';

export interface ImportedRegistration {
  id: string;
  serviceId: string;
  scheme: string;
  registrationNumber: string;
  registeredOn: string;
  source: string;
  scope?: string | null;
}

export interface RegistrationWithStates {
  registration: SchemeRegistrationEntity;
  states: RegistrationStateEntity[];
  scheme: SchemeEntity;
  /** The other services it covers (ended links included), by service, then effectiveOn. */
  coverage: RegistrationCoverageEntity[];
}

/** A coverage link as an import reads and writes it. */
export interface CoverageLink {
  registrationId: string;
  serviceId: string;
  effectiveOn: string;
}

/**
 * The catalog's `scheme=` filter: services with a registration (of any status) under the scheme,
 * their own or one whose scope covers them (over any period).
 */
@Injectable()
export class RegisteredUnderScheme extends ServiceSchemeFilter {
  condition(serviceAlias: string, param: string): string {
    return `(EXISTS (SELECT 1 FROM scheme_registrations r WHERE r.service_id = ${serviceAlias}.id AND r.scheme = :${param})
      OR EXISTS (SELECT 1 FROM registration_coverage c JOIN scheme_registrations rc ON rc.id = c.registration_id
                 WHERE c.service_id = ${serviceAlias}.id AND rc.scheme = :${param}))`;
  }
}

@Injectable()
export class SchemesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  listSchemes(tx?: Pick<WriteTx, 'em'>): Promise<SchemeEntity[]> {
    return (tx?.em ?? this.db.manager).getRepository(SchemeEntity).find({ order: { key: 'ASC' } });
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
    values: Pick<SchemeRegistrationEntity, 'serviceId' | 'scheme' | 'registrationNumber' | 'registeredOn' | 'source' | 'scope'>,
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

  /** Every registration with its history and scheme (an import's snapshot): one statement. */
  allWithStates(tx: Pick<WriteTx, 'em'>): Promise<RegistrationWithStates[]> {
    return this.query(tx.em, {}, null, 2_147_483_647);
  }

  async insertRegistrations(tx: WriteTx, rows: ImportedRegistration[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `INSERT INTO scheme_registrations (id, service_id, scheme, registration_number, registered_on, source, scope)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[])`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.serviceId),
        rows.map((r) => r.scheme),
        rows.map((r) => r.registrationNumber),
        rows.map((r) => r.registeredOn),
        rows.map((r) => r.source),
        rows.map((r) => r.scope ?? null),
      ],
    );
  }

  /** Appends dated states (one statement) and bumps the version of each registration that got one. */
  async insertStates(tx: WriteTx, rows: Omit<RegistrationStateEntity, 'seq' | 'recordedAt' | 'registration'>[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    await tx.em.query(
      `INSERT INTO registration_states (registration_id, status, effective_on, audit_period_end, valid_until, renewal_filed_on, last_confirmed_on, note)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[], $5::date[], $6::date[], $7::date[], $8::text[])`,
      [
        col('registrationId'),
        col('status'),
        col('effectiveOn'),
        col('auditPeriodEnd'),
        col('validUntil'),
        col('renewalFiledOn'),
        col('lastConfirmedOn'),
        col('note'),
      ],
    );
  }

  async bumpVersions(tx: WriteTx, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.em.query(`UPDATE scheme_registrations SET version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  // ---- coverage (scope) ------------------------------------------------------------------------

  /** A registration's links to one service (ended ones included), oldest first. */
  coverageOf(tx: WriteTx, registrationId: string, serviceId: string): Promise<RegistrationCoverageEntity[]> {
    return tx.em.getRepository(RegistrationCoverageEntity).find({ where: { registrationId, serviceId }, order: { effectiveOn: 'ASC' } });
  }

  insertCoverage(tx: WriteTx, values: Pick<RegistrationCoverageEntity, 'registrationId' | 'serviceId' | 'effectiveOn'>) {
    return tx.em.save(tx.em.create(RegistrationCoverageEntity, { ...values, endedOn: null }));
  }

  async endCoverage(tx: WriteTx, id: string, endedOn: string): Promise<void> {
    await tx.em.getRepository(RegistrationCoverageEntity).update({ id }, { endedOn });
  }

  /** Links of many registrations in one statement (an import inserts them; ended ones get endedOn). */
  async insertCoverages(tx: WriteTx, rows: CoverageLink[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `INSERT INTO registration_coverage (registration_id, service_id, effective_on)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[])`,
      [rows.map((r) => r.registrationId), rows.map((r) => r.serviceId), rows.map((r) => r.effectiveOn)],
    );
  }

  /** Ends the open links of the given (registration, service) pairs on endedOn: one statement. */
  async endCoverages(tx: WriteTx, rows: { registrationId: string; serviceId: string; endedOn: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `UPDATE registration_coverage c SET ended_on = GREATEST(x.ended_on, c.effective_on)
       FROM unnest($1::uuid[], $2::uuid[], $3::date[]) AS x(registration_id, service_id, ended_on)
       WHERE c.registration_id = x.registration_id AND c.service_id = x.service_id AND c.ended_on IS NULL`,
      [rows.map((r) => r.registrationId), rows.map((r) => r.serviceId), rows.map((r) => r.endedOn)],
    );
  }

  async setScopes(tx: WriteTx, rows: { id: string; scope: string | null }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.em.query(
      `UPDATE scheme_registrations r SET scope = x.scope FROM unnest($1::uuid[], $2::text[]) AS x(id, scope) WHERE r.id = x.id`,
      [rows.map((r) => r.id), rows.map((r) => r.scope)],
    );
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

  /**
   * A service's registrations, its own and those whose scope covers it (keyset on scheme,
   * registered_on, id), with their histories: one statement.
   */
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
      .leftJoinAndSelect('r.coverage', 'cov')
      .orderBy('r.scheme', 'ASC')
      .addOrderBy('r.registered_on', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .addOrderBy('st.effective_on', 'ASC')
      .addOrderBy('st.seq', 'ASC')
      .addOrderBy('cov.service_id', 'ASC')
      .addOrderBy('cov.effective_on', 'ASC');
    const coveredOrOwn = (alias: string) =>
      `(${alias}.service_id = :serviceId OR EXISTS (SELECT 1 FROM registration_coverage c WHERE c.registration_id = ${alias}.id AND c.service_id = :serviceId))`;
    if (where.id) qb.andWhere('r.id = :id', { id: where.id });
    if (where.serviceId) qb.setParameter('serviceId', where.serviceId);
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
    if (where.serviceId) ids.andWhere(coveredOrOwn('p'));
    if (after) ids.andWhere('(p.scheme, p.registered_on, p.id) > (:a0, :a1, :a2)');
    qb.andWhere(`r.id IN (${ids.getQuery()})`);
    const rows = await qb.getMany();
    return rows.map((registration) => ({
      registration,
      states: registration.states ?? [],
      scheme: registration.schemeRef!,
      coverage: registration.coverage ?? [],
    }));
  }
}
