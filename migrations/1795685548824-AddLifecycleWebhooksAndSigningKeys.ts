import { MigrationInterface, QueryRunner } from "typeorm";

export class AddLifecycleWebhooksAndSigningKeys1795685548824 implements MigrationInterface {
    name = 'AddLifecycleWebhooksAndSigningKeys1795685548824'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "signing_keys" ("key_id" text NOT NULL, "private_key_pem" text NOT NULL, "public_key_pem" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e02f744a41c3ffa8340aa850638" PRIMARY KEY ("key_id"))`);
        await queryRunner.query(`CREATE TABLE "decision_states" ("service_id" uuid NOT NULL, "profile_key" text NOT NULL, "edition" text NOT NULL, "decision" text NOT NULL, "valid_until" date, "expiring" boolean NOT NULL, "as_of" date NOT NULL, CONSTRAINT "PK_02797a382d5de642904245982a3" PRIMARY KEY ("service_id", "profile_key"))`);
        await queryRunner.query(`CREATE TABLE "scheduled_jobs" ("name" text NOT NULL, "next_run_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_run_at" TIMESTAMP WITH TIME ZONE, "last_result" jsonb, CONSTRAINT "PK_5c795bbd339d082a44c10f1bb4c" PRIMARY KEY ("name"))`);
        await queryRunner.query(`CREATE TABLE "service_usages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_code" character(6) NOT NULL, "service_id" uuid NOT NULL, "profile_key" text NOT NULL, "purpose" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c2e6f23172a3466802e04614a54" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_service_usages_service" ON "service_usages"  ("service_id", "profile_key") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_service_usages_municipality_service_profile" ON "service_usages"  ("municipality_code", "service_id", "profile_key") `);
        await queryRunner.query(`CREATE TABLE "sweep_marks" ("kind" text NOT NULL, "subject_id" uuid NOT NULL, "valid_until" date NOT NULL, "threshold" integer NOT NULL, "as_of" date NOT NULL, CONSTRAINT "PK_8e161ccfef214057253de7b524d" PRIMARY KEY ("kind", "subject_id", "valid_until", "threshold"))`);
        await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "url" text NOT NULL, "events" text array NOT NULL, "secret" text NOT NULL, "owner_credential_id" uuid NOT NULL, "owner_role" text NOT NULL, "municipality_code" character(6), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_subscriptions_owner" ON "webhook_subscriptions"  ("owner_credential_id") `);
        await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subscription_id" uuid NOT NULL, "event_seq" bigint NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lease_until" TIMESTAMP WITH TIME ZONE, "last_status_code" integer, "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_webhook_deliveries_status" CHECK (status IN ('pending', 'delivered', 'failed')), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_deliveries_due" ON "webhook_deliveries"  ("next_attempt_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_webhook_deliveries_subscription_event" ON "webhook_deliveries"  ("subscription_id", "event_seq") `);
        await queryRunner.query(`CREATE TABLE "webhook_attempts" ("id" BIGSERIAL NOT NULL, "delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status_code" integer, "error" text, "duration_ms" integer NOT NULL, CONSTRAINT "PK_2de7e7887ad97de459adab62638" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_attempts_delivery" ON "webhook_attempts"  ("delivery_id", "attempt") `);
        await queryRunner.query(`CREATE INDEX "IDX_outbox_events_undispatched" ON "outbox_events"  ("seq") WHERE dispatched = false`);
        await queryRunner.query(`ALTER TABLE "service_usages" ADD CONSTRAINT "FK_service_usages_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipalities"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "service_usages" ADD CONSTRAINT "FK_service_usages_service" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_webhook_deliveries_subscription" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_attempts" ADD CONSTRAINT "FK_webhook_attempts_delivery" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`INSERT INTO "scheduled_jobs" ("name", "next_run_at") VALUES ('expiry-sweep', now())`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_attempts" DROP CONSTRAINT "FK_webhook_attempts_delivery"`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_webhook_deliveries_subscription"`);
        await queryRunner.query(`ALTER TABLE "service_usages" DROP CONSTRAINT "FK_service_usages_service"`);
        await queryRunner.query(`ALTER TABLE "service_usages" DROP CONSTRAINT "FK_service_usages_municipality"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_outbox_events_undispatched"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_webhook_attempts_delivery"`);
        await queryRunner.query(`DROP TABLE "webhook_attempts"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_webhook_deliveries_subscription_event"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_webhook_deliveries_due"`);
        await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_webhook_subscriptions_owner"`);
        await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
        await queryRunner.query(`DROP TABLE "sweep_marks"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_service_usages_municipality_service_profile"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_service_usages_service"`);
        await queryRunner.query(`DROP TABLE "service_usages"`);
        await queryRunner.query(`DROP TABLE "scheduled_jobs"`);
        await queryRunner.query(`DROP TABLE "decision_states"`);
        await queryRunner.query(`DROP TABLE "signing_keys"`);
    }

}
