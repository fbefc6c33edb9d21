import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateCriteriaAndAssessments1795685310618 implements MigrationInterface {
    name = 'CreateCriteriaAndAssessments1795685310618'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "findings" ("assessment_id" uuid NOT NULL, "requirement_id" text NOT NULL, "position" integer NOT NULL, "outcome" text NOT NULL, "note" text, "evidence" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "CHK_findings_outcome" CHECK (outcome IN ('met', 'not_met', 'not_applicable')), CONSTRAINT "PK_7bb8115fbdd49f0077248aea4c2" PRIMARY KEY ("assessment_id", "requirement_id"))`);
        await queryRunner.query(`CREATE TABLE "assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_id" uuid NOT NULL, "profile_id" uuid NOT NULL, "profile_key" text NOT NULL, "edition" text NOT NULL, "assessor_organization" text NOT NULL, "assessor_name" text, "performed_on" date NOT NULL, "valid_until" date NOT NULL, "supersedes" uuid, "status" text NOT NULL DEFAULT 'published', "revoked_reason" text, "revoked_effective_on" date, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_assessments_validity" CHECK (valid_until >= performed_on), CONSTRAINT "CHK_assessments_status" CHECK (status IN ('published', 'revoked')), CONSTRAINT "PK_a3442bd80a00e9111cefca57f6c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_assessments_valid_until" ON "assessments"  ("valid_until") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_assessments_supersedes" ON "assessments"  ("supersedes") WHERE supersedes IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_assessments_service" ON "assessments"  ("service_id", "performed_on") `);
        await queryRunner.query(`CREATE TABLE "requirements" ("profile_id" uuid NOT NULL, "requirement_id" text NOT NULL, "position" integer NOT NULL, "kind" text NOT NULL, "mandatory" boolean NOT NULL, "title" text NOT NULL, "title_en" text NOT NULL, "params" jsonb NOT NULL, "source" text NOT NULL, CONSTRAINT "CHK_requirements_kind" CHECK (kind IN ('scheme', 'category', 'endpoints', 'attestation')), CONSTRAINT "PK_8bce9547b708117fa3fe56f3334" PRIMARY KEY ("profile_id", "requirement_id"))`);
        await queryRunner.query(`CREATE TABLE "profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "edition" text NOT NULL, "title" text NOT NULL, "title_en" text NOT NULL, "effective_from" date NOT NULL, "effective_until" date, "max_evidence_age_days" integer, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8e520eb4da7dc01d0e190447c8e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_profiles_key_edition" ON "profiles"  ("key", "edition") `);
        await queryRunner.query(`CREATE TABLE "obligations" ("profile_id" uuid NOT NULL, "obligation_id" text NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "title_en" text NOT NULL, "source" text NOT NULL, CONSTRAINT "PK_4776a035b70ef1d0ee5770b5d99" PRIMARY KEY ("profile_id", "obligation_id"))`);
        await queryRunner.query(`ALTER TABLE "findings" ADD CONSTRAINT "FK_findings_assessment" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD CONSTRAINT "FK_assessments_service" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD CONSTRAINT "FK_assessments_profile" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD CONSTRAINT "FK_assessments_supersedes" FOREIGN KEY ("supersedes") REFERENCES "assessments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "requirements" ADD CONSTRAINT "FK_requirements_profile" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "obligations" ADD CONSTRAINT "FK_obligations_profile" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "obligations" DROP CONSTRAINT "FK_obligations_profile"`);
        await queryRunner.query(`ALTER TABLE "requirements" DROP CONSTRAINT "FK_requirements_profile"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "FK_assessments_supersedes"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "FK_assessments_profile"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "FK_assessments_service"`);
        await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "FK_findings_assessment"`);
        await queryRunner.query(`DROP TABLE "obligations"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_profiles_key_edition"`);
        await queryRunner.query(`DROP TABLE "profiles"`);
        await queryRunner.query(`DROP TABLE "requirements"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_assessments_service"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_assessments_supersedes"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_assessments_valid_until"`);
        await queryRunner.query(`DROP TABLE "assessments"`);
        await queryRunner.query(`DROP TABLE "findings"`);
    }

}
