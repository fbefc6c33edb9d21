import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration scope (対象範囲): the published scope text on the registration, and the dated links
 * to the other services of the provider that a registration covers (effective_on inclusive,
 * ended_on exclusive, as endpoints). At most one open link per (registration, service).
 */
export class AddRegistrationCoverage1796089020000 implements MigrationInterface {
  name = 'AddRegistrationCoverage1796089020000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "scheme_registrations" ADD "scope" text`);
    await queryRunner.query(
      `CREATE TABLE "registration_coverage" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "registration_id" uuid NOT NULL, "service_id" uuid NOT NULL, "effective_on" date NOT NULL, "ended_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_registration_coverage_period" CHECK (ended_on IS NULL OR ended_on >= effective_on), CONSTRAINT "PK_registration_coverage" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_registration_coverage_open" ON "registration_coverage" ("registration_id", "service_id") WHERE ended_on IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_registration_coverage_service" ON "registration_coverage" ("service_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_registration_coverage_registration" ON "registration_coverage" ("registration_id", "service_id", "effective_on")`,
    );
    await queryRunner.query(
      `ALTER TABLE "registration_coverage" ADD CONSTRAINT "FK_registration_coverage_registration" FOREIGN KEY ("registration_id") REFERENCES "scheme_registrations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "registration_coverage" ADD CONSTRAINT "FK_registration_coverage_service" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "registration_coverage" DROP CONSTRAINT "FK_registration_coverage_service"`);
    await queryRunner.query(`ALTER TABLE "registration_coverage" DROP CONSTRAINT "FK_registration_coverage_registration"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_registration_coverage_registration"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_registration_coverage_service"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_registration_coverage_open"`);
    await queryRunner.query(`DROP TABLE "registration_coverage"`);
    await queryRunner.query(`ALTER TABLE "scheme_registrations" DROP COLUMN "scope"`);
  }
}
