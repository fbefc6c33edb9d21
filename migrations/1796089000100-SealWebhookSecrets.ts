import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook secrets sealed at rest (AES-256-GCM). The key is configuration (WEBHOOK_SECRET_KEY) that
 * SQL does not have, so this migration only makes room: `secret_sealed` beside the clear `secret`
 * (now nullable, exactly one of the two set) and `webhook_secret_keys` for a generated key. The
 * application reseals every clear secret when it boots (`WebhookSecrets.resealAll`).
 * `down` works only while no secret is sealed: a sealed one cannot be put back in clear here.
 */
export class SealWebhookSecrets1796089000100 implements MigrationInterface {
  name = 'SealWebhookSecrets1796089000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_secret_keys" ("key_id" text NOT NULL, "key_material" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a3f6d30b85b722583a67bbf2d2" PRIMARY KEY ("key_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD "secret_sealed" text`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ALTER COLUMN "secret" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "CHK_webhook_subscriptions_one_secret" CHECK ((secret IS NULL) <> (secret_sealed IS NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "CHK_webhook_subscriptions_one_secret"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ALTER COLUMN "secret" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP COLUMN "secret_sealed"`);
    await queryRunner.query(`DROP TABLE "webhook_secret_keys"`);
  }
}
