import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * File-import controls as catalog entries judged against a benchmark: the category
 * `file_import_control`, the methods a product declares (dated like its category: from the start
 * on `services`, later on `service_category_changes`), `method` requirements, measured values on
 * findings (judged against thresholds in profile data), and obligations' municipality conditions
 * (network models, breakout points, what meets them).
 */
export class AddFileImportControls1796089000500 implements MigrationInterface {
  name = 'AddFileImportControls1796089000500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO "service_categories" ("key", "name", "name_en") VALUES ('file_import_control', 'ファイル取込み対策（無害化・多重スキャン・サンドボックス）', 'File import control (sanitization, multi-engine scanning, sandbox)')`,
    );
    await queryRunner.query(`ALTER TABLE "services" ADD "file_import_methods" text array`);
    await queryRunner.query(`ALTER TABLE "service_category_changes" ADD "file_import_methods" text array`);
    await queryRunner.query(`ALTER TABLE "findings" ADD "measurements" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "obligations" ADD "conditions" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "requirements" DROP CONSTRAINT "CHK_requirements_kind"`);
    await queryRunner.query(
      `ALTER TABLE "requirements" ADD CONSTRAINT "CHK_requirements_kind" CHECK (kind IN ('scheme', 'category', 'endpoints', 'attestation', 'method'))`,
    );
    // an already stored tokutei-tsushin R6.10 gets the municipality conditions its shipped file now carries
    // (they say for whom an obligation applies and what meets it; the edition's decisions are unchanged)
    await queryRunner.query(
      `UPDATE "obligations" o SET "conditions" = c.conditions::jsonb
       FROM "profiles" p, (VALUES
         ('FILE_IMPORT_CONTROL', '{"requiredUnder":["alpha","alpha_prime","beta"],"metBy":{"usageOf":"file-import-control"}}'),
         ('ENDPOINT_EDR', '{"requiredUnder":["alpha_prime","beta","beta_prime"],"metBy":{"measure":"EDR_DEPLOYED"}}'),
         ('OUTBOUND_ONLY', '{"metBy":{"measure":"OUTBOUND_ONLY_CONFIGURED"}}'),
         ('LBO_RISK_ASSESSMENT', '{"requiredAtBreakout":["own_firewall"],"metBy":{"measure":"LBO_RISK_ASSESSMENT"}}')
       ) AS c(obligation_id, conditions)
       WHERE p.id = o.profile_id AND p.key = 'tokutei-tsushin' AND p.edition = 'R6.10' AND o.obligation_id = c.obligation_id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "requirements" DROP CONSTRAINT "CHK_requirements_kind"`);
    await queryRunner.query(
      `ALTER TABLE "requirements" ADD CONSTRAINT "CHK_requirements_kind" CHECK (kind IN ('scheme', 'category', 'endpoints', 'attestation'))`,
    );
    await queryRunner.query(`ALTER TABLE "obligations" DROP COLUMN "conditions"`);
    await queryRunner.query(`ALTER TABLE "findings" DROP COLUMN "measurements"`);
    await queryRunner.query(`ALTER TABLE "service_category_changes" DROP COLUMN "file_import_methods"`);
    await queryRunner.query(`ALTER TABLE "services" DROP COLUMN "file_import_methods"`);
    await queryRunner.query(`DELETE FROM "service_categories" WHERE "key" = 'file_import_control'`);
  }
}
