import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Applied imports of the official lists (who, when, file digest, counts). */
export class AddImports1796089000700 implements MigrationInterface {
  name = 'AddImports1796089000700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid NOT NULL, "actor_role" text NOT NULL, "file_name" text, "file_digest" text NOT NULL, "file_size" integer NOT NULL, "format" text NOT NULL, "layout" text NOT NULL, "layout_version" integer NOT NULL, "full_list" boolean NOT NULL, "effective_on" date NOT NULL, "end_missing_on" date, "counts" jsonb NOT NULL, CONSTRAINT "CHK_imports_file_digest" CHECK (file_digest ~ '^[0-9a-f]{64}$'), CONSTRAINT "PK_imports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_imports_recorded_at" ON "imports" ("recorded_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_imports_recorded_at"`);
    await queryRunner.query(`DROP TABLE "imports"`);
  }
}
