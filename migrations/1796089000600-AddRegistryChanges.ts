import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What each revision changed (services and subject types), so readers refresh only what a write touched. */
export class AddRegistryChanges1796089000600 implements MigrationInterface {
  name = 'AddRegistryChanges1796089000600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "registry_changes" ("revision" bigint NOT NULL, "service_ids" uuid array NOT NULL, "subject_types" text array NOT NULL, "unscoped_types" text array NOT NULL, CONSTRAINT "PK_registry_changes" PRIMARY KEY ("revision"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "registry_changes"`);
  }
}
