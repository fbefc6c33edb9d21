import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An API credential may expire: from `expires_at` on it answers 401 CREDENTIAL_EXPIRED. Existing ones never expire. */
export class AddExpiryToApiCredentials1796089000101 implements MigrationInterface {
  name = 'AddExpiryToApiCredentials1796089000101';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_credentials" ADD "expires_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_credentials" DROP COLUMN "expires_at"`);
  }
}
