import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The municipality's own context: where its 特定通信 breaks out (its own firewall or the
 * prefecture's security cloud) and the measures it attests for itself, dated (EDR deployed, LBO risk
 * assessment done on D …). Obligation statuses per municipality read them.
 */
export class AddMunicipalityContext1796089010500 implements MigrationInterface {
  name = 'AddMunicipalityContext1796089010500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "municipalities" ADD "breakout_point" text`);
    await queryRunner.query(
      `ALTER TABLE "municipalities" ADD CONSTRAINT "CHK_municipalities_breakout_point" CHECK (breakout_point IN ('own_firewall', 'security_cloud'))`,
    );
    await queryRunner.query(
      `CREATE TABLE "municipality_measures" ("municipality_code" character(6) NOT NULL, "measure" text NOT NULL, "effective_on" date NOT NULL, "valid_until" date, "note" text, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_municipality_measures_period" CHECK (valid_until IS NULL OR valid_until >= effective_on), CONSTRAINT "PK_municipality_measures" PRIMARY KEY ("municipality_code", "measure", "effective_on"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "municipality_measures" ADD CONSTRAINT "FK_municipality_measures_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipalities"("code") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "municipality_measures" DROP CONSTRAINT "FK_municipality_measures_municipality"`);
    await queryRunner.query(`DROP TABLE "municipality_measures"`);
    await queryRunner.query(`ALTER TABLE "municipalities" DROP CONSTRAINT "CHK_municipalities_breakout_point"`);
    await queryRunner.query(`ALTER TABLE "municipalities" DROP COLUMN "breakout_point"`);
  }
}
