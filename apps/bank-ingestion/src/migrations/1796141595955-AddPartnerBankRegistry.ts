import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPartnerBankRegistry1796141595955 implements MigrationInterface {
  name = 'AddPartnerBankRegistry1796141595955';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ingestion"."bank_account_permission" ("bank_id" text NOT NULL, "pattern" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6152ec1d47d2ab47c75c101e50f" PRIMARY KEY ("bank_id", "pattern"))`);
    await queryRunner.query(`CREATE TABLE "ingestion"."seen_signature" ("signature_sha256" character(64) NOT NULL, "bank_id" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d699121250cc4c155061cfe36f9" PRIMARY KEY ("signature_sha256"))`);
    await queryRunner.query(`CREATE INDEX "seen_signature_expires_at" ON "ingestion"."seen_signature" ("expires_at")`);
    await queryRunner.query(`CREATE TABLE "ingestion"."feed_rejection" ("feed_id" uuid NOT NULL, "seq" integer NOT NULL, "entry_index" integer, "reason" text NOT NULL, "detail" text NOT NULL, "location" jsonb NOT NULL, CONSTRAINT "PK_e8b1525c54a872e3a15bf8b7c1a" PRIMARY KEY ("feed_id", "seq"))`);
    await queryRunner.query(`CREATE TABLE "ingestion"."feed_statement" ("feed_id" uuid NOT NULL, "seq" integer NOT NULL, "account_masked" text NOT NULL, "statement_ref" text, "location" jsonb NOT NULL, "entry_count" integer NOT NULL, "balance_check" text NOT NULL, "currencies" jsonb NOT NULL, CONSTRAINT "PK_527d03f4dff8ac88cd72b8d0d85" PRIMARY KEY ("feed_id", "seq"))`);
    await queryRunner.query(`ALTER TABLE "ingestion"."partner_bank" ADD "csv_profile" jsonb`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" ADD "body_bytes" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" ADD "parsed_entries" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" ADD "rejected_entries" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" ADD "balance_count" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" ADD "statement_count" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" ADD "completed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "feed_bank_body_sha256" ON "ingestion"."feed" ("bank_id", "body_sha256")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ingestion"."feed_bank_body_sha256"`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" DROP COLUMN "completed_at"`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" DROP COLUMN "statement_count"`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" DROP COLUMN "balance_count"`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" DROP COLUMN "rejected_entries"`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" DROP COLUMN "parsed_entries"`);
    await queryRunner.query(`ALTER TABLE "ingestion"."feed" DROP COLUMN "body_bytes"`);
    await queryRunner.query(`ALTER TABLE "ingestion"."partner_bank" DROP COLUMN "csv_profile"`);
    await queryRunner.query(`DROP TABLE "ingestion"."feed_statement"`);
    await queryRunner.query(`DROP TABLE "ingestion"."feed_rejection"`);
    await queryRunner.query(`DROP INDEX "ingestion"."seen_signature_expires_at"`);
    await queryRunner.query(`DROP TABLE "ingestion"."seen_signature"`);
    await queryRunner.query(`DROP TABLE "ingestion"."bank_account_permission"`);
  }
}
