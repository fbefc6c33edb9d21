import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/ledger';
import { ImportRecordEntity } from './entities/import-record.entity';

/** Imports run one at a time: each plans against the registry as the previous one left it. */
const IMPORT_LOCK = 0x1d7017;

@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Serialises imports (a transaction-scoped advisory lock). */
  async lock(tx: WriteTx): Promise<void> {
    await tx.em.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
  }

  insert(tx: WriteTx, values: Omit<ImportRecordEntity, 'id' | 'recordedAt'>): Promise<ImportRecordEntity> {
    return tx.em.getRepository(ImportRecordEntity).save(tx.em.create(ImportRecordEntity, values));
  }

  /** Newest first, keyset on (recorded_at, id): one statement. */
  list(after: [string, string] | null, limit: number): Promise<ImportRecordEntity[]> {
    const qb = this.db
      .getRepository(ImportRecordEntity)
      .createQueryBuilder('i')
      .orderBy("date_trunc('milliseconds', i.recorded_at)", 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(limit + 1);
    if (after)
      qb.andWhere("(date_trunc('milliseconds', i.recorded_at), i.id) < (:at::timestamptz, :id::uuid)", { at: after[0], id: after[1] });
    return qb.getMany();
  }
}
