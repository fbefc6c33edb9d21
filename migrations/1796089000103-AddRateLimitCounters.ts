import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counters shared by every replica. UNLOGGED: no WAL for a write on every request, and
 * after a crash PostgreSQL empties the table, which only forgets the current one-minute windows
 * (it is also not copied to streaming replicas, which never serve the counter).
 */
export class AddRateLimitCounters1796089000103 implements MigrationInterface {
  name = 'AddRateLimitCounters1796089000103';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNLOGGED TABLE "rate_limit_counters" ("key" text NOT NULL, "hits" integer NOT NULL, "reset_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ad665f1998311a7bd0e8265365d" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
  }
}
