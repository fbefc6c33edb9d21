import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The assessor registry: audit organisations and their accreditation periods. Organisations already
 * named by assessments or auditor credentials are registered as accredited from 0001-01-01 with no
 * end (note: carried over), so existing decisions do not change; an administrator narrows them.
 */
export class AddAuditOrganizations1796089000701 implements MigrationInterface {
  name = 'AddAuditOrganizations1796089000701';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "name_en" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_audit_organizations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_audit_organizations_name" ON "audit_organizations"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "accreditations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "accredited_from" date NOT NULL, "accredited_until" date, "note" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_accreditations_period" CHECK (accredited_until IS NULL OR accredited_until >= accredited_from), CONSTRAINT "PK_accreditations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_accreditations_organization" ON "accreditations"  ("organization_id", "accredited_from") `);
    await queryRunner.query(
      `ALTER TABLE "accreditations" ADD CONSTRAINT "FK_accreditations_organization" FOREIGN KEY ("organization_id") REFERENCES "audit_organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO audit_organizations (name)
       SELECT assessor_organization FROM assessments
       UNION SELECT organization FROM api_credentials WHERE role = 'auditor' AND organization IS NOT NULL`,
    );
    await queryRunner.query(
      `INSERT INTO accreditations (organization_id, accredited_from, note) SELECT id, DATE '0001-01-01', 'carried over' FROM audit_organizations`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accreditations" DROP CONSTRAINT "FK_accreditations_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_accreditations_organization"`);
    await queryRunner.query(`DROP TABLE "accreditations"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_audit_organizations_name"`);
    await queryRunner.query(`DROP TABLE "audit_organizations"`);
  }
}
