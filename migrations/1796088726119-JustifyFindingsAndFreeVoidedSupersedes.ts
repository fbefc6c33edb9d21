import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A not_applicable finding carries its justification (required for new findings by the API), and a
 * successor revoked from its start (void) no longer holds its predecessor: another assessment may
 * supersede it.
 */
export class JustifyFindingsAndFreeVoidedSupersedes1796088726119 implements MigrationInterface {
  name = 'JustifyFindingsAndFreeVoidedSupersedes1796088726119';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "findings" ADD "justification" text`);
    await queryRunner.query(`DROP INDEX "public"."UQ_assessments_supersedes"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_assessments_supersedes" ON "assessments" ("supersedes") WHERE supersedes IS NOT NULL AND NOT (status = 'revoked' AND revoked_effective_on IS NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_assessments_supersedes"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_assessments_supersedes" ON "assessments" ("supersedes") WHERE supersedes IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "findings" DROP COLUMN "justification"`);
  }
}
