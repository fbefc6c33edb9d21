import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateRegistryFoundation1795684548756 implements MigrationInterface {
    name = 'CreateRegistryFoundation1795684548756'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_events" ("seq" bigint NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "actor_id" uuid NOT NULL, "actor_role" text NOT NULL, "action" text NOT NULL, "subject_type" text NOT NULL, "subject_id" text NOT NULL, "before" jsonb, "after" jsonb, "digest" character(64) NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "IDX_audit_events_subject" ON "audit_events"  ("subject_type", "subject_id") `);
        await queryRunner.query(`CREATE TABLE "outbox_events" ("seq" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "type" text NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "subject_type" text NOT NULL, "subject_id" text NOT NULL, "service_id" uuid, "municipality_code" character(6), "data" jsonb NOT NULL, "dispatched" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_cc48a1566b3b842a82f0b2615c8" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "IDX_outbox_events_service_seq" ON "outbox_events"  ("service_id", "seq") `);
        await queryRunner.query(`CREATE INDEX "IDX_outbox_events_type_seq" ON "outbox_events"  ("type", "seq") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_outbox_events_id" ON "outbox_events"  ("id") `);
        await queryRunner.query(`CREATE TABLE "registry_state" ("id" smallint NOT NULL, "revision" bigint NOT NULL, "audit_size" bigint NOT NULL, "audit_head" character(64) NOT NULL, CONSTRAINT "CHK_registry_state_singleton" CHECK (id = 1), CONSTRAINT "PK_191f8852898ddbc5f566cc3916d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "api_credentials" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "role" text NOT NULL, "organization" text, "municipality_code" character(6), "key_prefix" text NOT NULL, "key_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_api_credentials_scope" CHECK ((role <> 'auditor' OR organization IS NOT NULL) AND (role <> 'municipality' OR municipality_code IS NOT NULL)), CONSTRAINT "CHK_api_credentials_role" CHECK (role IN ('admin', 'auditor', 'municipality')), CONSTRAINT "PK_3e97de2b2f8c5d0897b67e89e3c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_credentials_key_hash" ON "api_credentials"  ("key_hash") `);
        await queryRunner.query(`CREATE TABLE "providers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "name_en" text, "corporate_number" character(13), "url" text, "search_text" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_af13fc2ebf382fe0dad2e4793aa" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_providers_corporate_number" ON "providers"  ("corporate_number") WHERE corporate_number IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "service_categories" ("key" text NOT NULL, "name" text NOT NULL, "name_en" text NOT NULL, CONSTRAINT "PK_a21bd9fc99cbce9da472fb2ae38" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE TABLE "services" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "name" text NOT NULL, "name_en" text, "category" text NOT NULL, "service_model" text, "description" text, "lifecycle_status" text NOT NULL DEFAULT 'active', "search_text" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_services_lifecycle_status" CHECK (lifecycle_status IN ('active', 'retired')), CONSTRAINT "CHK_services_service_model" CHECK (service_model IN ('SaaS', 'PaaS', 'IaaS')), CONSTRAINT "PK_ba2d347a3168a296416c6c5ccb2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_services_category" ON "services"  ("category") `);
        await queryRunner.query(`CREATE INDEX "IDX_services_provider_id" ON "services"  ("provider_id") `);
        await queryRunner.query(`CREATE TABLE "endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_id" uuid NOT NULL, "kind" text NOT NULL, "value" text NOT NULL, "ports" integer array NOT NULL DEFAULT '{}', "purpose" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_endpoints_kind" CHECK (kind IN ('fqdn', 'cidr')), CONSTRAINT "PK_70835610dfa54ad5d990e02f70a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_endpoints_service_kind_value" ON "endpoints"  ("service_id", "kind", "value") `);
        await queryRunner.query(`CREATE TABLE "municipalities" ("code" character(6) NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "name_kana" text NOT NULL, "name_en" text, "prefecture_code" character(6) NOT NULL, "parent_code" character(6), "url" text, "search_text" text NOT NULL, "network_model" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "CHK_municipalities_network_model" CHECK (network_model IN ('alpha', 'alpha_prime', 'beta', 'beta_prime')), CONSTRAINT "CHK_municipalities_kind" CHECK (kind IN ('prefecture', 'designated_city', 'city', 'special_ward', 'town', 'village', 'ward')), CONSTRAINT "CHK_municipalities_code" CHECK (code ~ '^[0-9]{6}$'), CONSTRAINT "PK_9e0e960d7323bb120dc5e915dd8" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE INDEX "IDX_municipalities_parent" ON "municipalities"  ("parent_code") `);
        await queryRunner.query(`CREATE INDEX "IDX_municipalities_prefecture" ON "municipalities"  ("prefecture_code", "code") `);
        await queryRunner.query(`CREATE TABLE "schemes" ("key" text NOT NULL, "name" text NOT NULL, "name_en" text NOT NULL, "validity_rule" jsonb NOT NULL, "number_pattern" text, "source" text NOT NULL, CONSTRAINT "PK_aabb87fb3afabd1e484320b7759" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE TABLE "scheme_registrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_id" uuid NOT NULL, "scheme" text NOT NULL, "registration_number" text NOT NULL, "registered_on" date NOT NULL, "source" text NOT NULL DEFAULT 'manual', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_44f7e3884fe61496acf7e25a49b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_scheme_registrations_scheme_number" ON "scheme_registrations"  ("scheme", "registration_number") `);
        await queryRunner.query(`CREATE INDEX "IDX_scheme_registrations_service_id" ON "scheme_registrations"  ("service_id") `);
        await queryRunner.query(`CREATE TABLE "registration_states" ("seq" BIGSERIAL NOT NULL, "registration_id" uuid NOT NULL, "status" text NOT NULL, "effective_on" date NOT NULL, "audit_period_end" date, "valid_until" date, "renewal_filed_on" date, "last_confirmed_on" date, "note" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_registration_states_status" CHECK (status IN ('registered', 'renewal_pending', 'expired', 'revoked', 'withdrawn', 'suspended')), CONSTRAINT "PK_e037d58243bf1fd213f08183163" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "IDX_registration_states_registration" ON "registration_states"  ("registration_id", "effective_on", "seq") `);
        await queryRunner.query(`CREATE TABLE "seed_versions" ("name" text NOT NULL, "digest" character(64) NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_63469db7b32696e8eb3d9745b63" PRIMARY KEY ("name"))`);
        await queryRunner.query(`ALTER TABLE "api_credentials" ADD CONSTRAINT "FK_api_credentials_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipalities"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "services" ADD CONSTRAINT "FK_services_provider" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "services" ADD CONSTRAINT "FK_services_category" FOREIGN KEY ("category") REFERENCES "service_categories"("key") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "endpoints" ADD CONSTRAINT "FK_endpoints_service" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "scheme_registrations" ADD CONSTRAINT "FK_scheme_registrations_service" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "scheme_registrations" ADD CONSTRAINT "FK_scheme_registrations_scheme" FOREIGN KEY ("scheme") REFERENCES "schemes"("key") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "registration_states" ADD CONSTRAINT "FK_registration_states_registration" FOREIGN KEY ("registration_id") REFERENCES "scheme_registrations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // --- reference data (editable later as data; sources noted per row) ---
        await queryRunner.query(`INSERT INTO "registry_state" ("id", "revision", "audit_size", "audit_head") VALUES (1, 0, 0, repeat('0', 64))`);
        await queryRunner.query(`INSERT INTO "service_categories" ("key", "name", "name_en") VALUES
            ('web_conferencing', 'ウェブ会議', 'Web conferencing'),
            ('file_sharing', 'ファイル共有', 'File sharing'),
            ('groupware', 'グループウェア', 'Groupware'),
            ('chat', 'チャット', 'Chat'),
            ('e_learning', 'eラーニング', 'e-learning'),
            ('business_application', '業務アプリケーション', 'Business application'),
            ('other', 'その他', 'Other')`);
        await queryRunner.query(`INSERT INTO "schemes" ("key", "name", "name_en", "validity_rule", "number_pattern", "source") VALUES
            ('ISMAP', '政府情報システムのためのセキュリティ評価制度', 'ISMAP (Information system Security Management and Assessment Program)',
             '{"kind":"audit_period_months","months":16}', '^[A-Z]\\d{2}-\\d{4}-\\d+$',
             'ISMAP rules: valid until 1 year 4 months from the day after the audited period ends (Civil Code art. 143 counting); number pattern unverified'),
            ('ISMAP_LIU', 'ISMAP-LIU（ISMAP for Low-Impact Use）', 'ISMAP for Low-Impact Use',
             '{"kind":"audit_period_months","months":16}', '^[A-Z]\\d{2}-\\d{4}-\\d+$',
             'Same validity and renewal logic as ISMAP assumed (unverified)'),
            ('LGWAN_ASP', 'LGWAN-ASP（地方公共団体情報システム機構）', 'LGWAN-ASP (J-LIS)',
             '{"kind":"confirmation","staleAfterDays":365}', NULL,
             'J-LIS registration; no fixed expiry is known, so listings are re-confirmed (365-day staleness window is a registry default)'),
            ('ISO27001', 'ISO/IEC 27001 認証', 'ISO/IEC 27001 certification', '{"kind":"explicit"}', NULL,
             'Certificate validity is taken from the certificate (explicit validUntil)'),
            ('CSA_STAR', 'CSA STAR 認証', 'CSA STAR certification', '{"kind":"explicit"}', NULL,
             'Validity is taken from the certificate (explicit validUntil)'),
            ('ASPIC', 'ASPIC クラウドサービス情報開示認定', 'ASPIC cloud service disclosure certification',
             '{"kind":"years_from_registration","years":2}', NULL, '2-year validity from certification (unverified)')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "registration_states" DROP CONSTRAINT "FK_registration_states_registration"`);
        await queryRunner.query(`ALTER TABLE "scheme_registrations" DROP CONSTRAINT "FK_scheme_registrations_scheme"`);
        await queryRunner.query(`ALTER TABLE "scheme_registrations" DROP CONSTRAINT "FK_scheme_registrations_service"`);
        await queryRunner.query(`ALTER TABLE "endpoints" DROP CONSTRAINT "FK_endpoints_service"`);
        await queryRunner.query(`ALTER TABLE "services" DROP CONSTRAINT "FK_services_category"`);
        await queryRunner.query(`ALTER TABLE "services" DROP CONSTRAINT "FK_services_provider"`);
        await queryRunner.query(`ALTER TABLE "api_credentials" DROP CONSTRAINT "FK_api_credentials_municipality"`);
        await queryRunner.query(`DROP TABLE "seed_versions"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_registration_states_registration"`);
        await queryRunner.query(`DROP TABLE "registration_states"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_scheme_registrations_service_id"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_scheme_registrations_scheme_number"`);
        await queryRunner.query(`DROP TABLE "scheme_registrations"`);
        await queryRunner.query(`DROP TABLE "schemes"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_municipalities_prefecture"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_municipalities_parent"`);
        await queryRunner.query(`DROP TABLE "municipalities"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_endpoints_service_kind_value"`);
        await queryRunner.query(`DROP TABLE "endpoints"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_services_provider_id"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_services_category"`);
        await queryRunner.query(`DROP TABLE "services"`);
        await queryRunner.query(`DROP TABLE "service_categories"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_providers_corporate_number"`);
        await queryRunner.query(`DROP TABLE "providers"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_api_credentials_key_hash"`);
        await queryRunner.query(`DROP TABLE "api_credentials"`);
        await queryRunner.query(`DROP TABLE "registry_state"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_outbox_events_id"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_outbox_events_type_seq"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_outbox_events_service_seq"`);
        await queryRunner.query(`DROP TABLE "outbox_events"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_subject"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
    }

}
