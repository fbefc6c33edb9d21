import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing keys are published and rotated: a retired key stays listed (retired_at) so what it
 * signed still verifies; a key from AUDIT_SIGNING_KEY is recorded with its public key only;
 * an admin rotation remembers its Idempotency-Key.
 */
export class AddRotationToSigningKeys1796088199829 implements MigrationInterface {
  name = 'AddRotationToSigningKeys1796088199829';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "signing_keys" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "signing_keys" ADD "idempotency_key" text`);
    await queryRunner.query(`ALTER TABLE "signing_keys" ALTER COLUMN "private_key_pem" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_signing_keys_idempotency_key" ON "signing_keys" ("idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_signing_keys_idempotency_key"`);
    // configured keys were recorded without their private key: the old schema cannot hold them
    await queryRunner.query(`DELETE FROM "signing_keys" WHERE "private_key_pem" IS NULL`);
    await queryRunner.query(`ALTER TABLE "signing_keys" ALTER COLUMN "private_key_pem" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "signing_keys" DROP COLUMN "idempotency_key"`);
    await queryRunner.query(`ALTER TABLE "signing_keys" DROP COLUMN "retired_at"`);
  }
}
