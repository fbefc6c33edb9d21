import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The bootstrap administrator (ADMIN_API_KEY) can be disabled for every replica: one row once disabled. */
export class AddBootstrapAdminDisablement1796089000102 implements MigrationInterface {
  name = 'AddBootstrapAdminDisablement1796089000102';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bootstrap_admin" ("id" smallint NOT NULL, "disabled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "disabled_by" uuid NOT NULL, CONSTRAINT "CHK_bootstrap_admin_single_row" CHECK (id = 1), CONSTRAINT "PK_e81228d4b1a9af00b0a1d3f1bbb" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bootstrap_admin"`);
  }
}
