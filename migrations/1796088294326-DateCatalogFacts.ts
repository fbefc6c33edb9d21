import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every catalog fact a decision reads is dated: a service's category changes (with the day each
 * takes effect), its retirement (retired_on), and its destinations (effective_on … ended_on).
 * Today's data is carried over: destinations are in force from the day they were created, a
 * retired service from the day it was last changed (Asia/Tokyo), and the category a service has
 * now is its category from the start (services.category keeps the first value; later changes
 * are rows of service_category_changes).
 */
export class DateCatalogFacts1796088294326 implements MigrationInterface {
  name = 'DateCatalogFacts1796088294326';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "service_category_changes" ("service_id" uuid NOT NULL, "effective_on" date NOT NULL, "category" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_service_category_changes" PRIMARY KEY ("service_id", "effective_on"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_category_changes" ADD CONSTRAINT "FK_service_category_changes_service" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_category_changes" ADD CONSTRAINT "FK_service_category_changes_category" FOREIGN KEY ("category") REFERENCES "service_categories"("key") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    await queryRunner.query(`ALTER TABLE "services" ADD "retired_on" date`);
    await queryRunner.query(
      `UPDATE "services" SET "retired_on" = ("updated_at" AT TIME ZONE 'Asia/Tokyo')::date WHERE "lifecycle_status" = 'retired'`,
    );
    await queryRunner.query(`ALTER TABLE "services" DROP CONSTRAINT "CHK_services_lifecycle_status"`);
    await queryRunner.query(`ALTER TABLE "services" DROP COLUMN "lifecycle_status"`);

    await queryRunner.query(`ALTER TABLE "endpoints" ADD "effective_on" date`);
    await queryRunner.query(`UPDATE "endpoints" SET "effective_on" = ("created_at" AT TIME ZONE 'Asia/Tokyo')::date`);
    await queryRunner.query(`ALTER TABLE "endpoints" ALTER COLUMN "effective_on" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "endpoints" ADD "ended_on" date`);
    await queryRunner.query(`ALTER TABLE "endpoints" ADD CONSTRAINT "CHK_endpoints_period" CHECK (ended_on IS NULL OR ended_on >= effective_on)`);
    await queryRunner.query(`DROP INDEX "public"."UQ_endpoints_service_kind_value"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_endpoints_service_kind_value" ON "endpoints" ("service_id", "kind", "value") WHERE ended_on IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_endpoints_service_kind_value"`);
    await queryRunner.query(`DELETE FROM "endpoints" WHERE "ended_on" IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_endpoints_service_kind_value" ON "endpoints" ("service_id", "kind", "value") `);
    await queryRunner.query(`ALTER TABLE "endpoints" DROP CONSTRAINT "CHK_endpoints_period"`);
    await queryRunner.query(`ALTER TABLE "endpoints" DROP COLUMN "ended_on"`);
    await queryRunner.query(`ALTER TABLE "endpoints" DROP COLUMN "effective_on"`);

    await queryRunner.query(`ALTER TABLE "services" ADD "lifecycle_status" text NOT NULL DEFAULT 'active'`);
    await queryRunner.query(`UPDATE "services" SET "lifecycle_status" = 'retired' WHERE "retired_on" IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "services" ADD CONSTRAINT "CHK_services_lifecycle_status" CHECK (lifecycle_status IN ('active', 'retired'))`,
    );
    await queryRunner.query(`ALTER TABLE "services" DROP COLUMN "retired_on"`);

    await queryRunner.query(
      `UPDATE "services" s SET "category" = c."category" FROM (SELECT DISTINCT ON (service_id) service_id, category FROM "service_category_changes" ORDER BY service_id, effective_on DESC) c WHERE c.service_id = s.id`,
    );
    await queryRunner.query(`DROP TABLE "service_category_changes"`);
  }
}
