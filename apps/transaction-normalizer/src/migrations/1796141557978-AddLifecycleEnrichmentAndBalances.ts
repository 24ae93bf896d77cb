import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddLifecycleEnrichmentAndBalances1796141557978 implements MigrationInterface {
  name = 'AddLifecycleEnrichmentAndBalances1796141557978';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "normalizer"."balance_statement" ("account_ref" text NOT NULL, "currency" character(3) NOT NULL, "balance_type" text NOT NULL, "as_of_date" date NOT NULL, "bank_id" text NOT NULL, "account_masked" text NOT NULL, "amount_minor" bigint NOT NULL, "as_of_date_time" TIMESTAMP WITH TIME ZONE, "feed_id" uuid NOT NULL, "statement_ref" text, "computed_minor" bigint, "check_status" text NOT NULL, "difference_minor" bigint, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f1b6700b942c28dc366ab8a5173" PRIMARY KEY ("account_ref", "currency", "balance_type", "as_of_date"))`);
    await queryRunner.query(`CREATE INDEX "balance_statement_account_date" ON "normalizer"."balance_statement" ("account_ref", "currency", "as_of_date")`);
    await queryRunner.query(`CREATE TABLE "normalizer"."feed_entry" ("feed_id" uuid NOT NULL, "entry_index" integer NOT NULL, "account_ref" text NOT NULL, "fingerprint" uuid NOT NULL, "bank_entry_id" text, "transaction_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f2789e52362fb42c6b9d401ae51" PRIMARY KEY ("feed_id", "entry_index"))`);
    await queryRunner.query(`CREATE INDEX "feed_entry_created_at" ON "normalizer"."feed_entry" ("created_at")`);
    await queryRunner.query(`CREATE INDEX "feed_entry_feed_bank_entry" ON "normalizer"."feed_entry" ("feed_id", "account_ref", "bank_entry_id")`);
    await queryRunner.query(`CREATE INDEX "feed_entry_feed_fingerprint" ON "normalizer"."feed_entry" ("feed_id", "fingerprint")`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" ADD "revision" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" ADD "display_name" text`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" ADD "category_detailed" text`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" ADD "identity" text`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" ADD "fingerprint" uuid`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" ADD "supersedes" jsonb`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" ADD "superseded_by" jsonb`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" ADD "payload" jsonb`);
    await queryRunner.query(`CREATE INDEX "transaction_open_pending" ON "normalizer"."transaction" ("account_ref", "booking_date") WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "normalizer"."transaction_open_pending"`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" DROP COLUMN "payload"`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" DROP COLUMN "superseded_by"`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" DROP COLUMN "supersedes"`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" DROP COLUMN "fingerprint"`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" DROP COLUMN "identity"`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" DROP COLUMN "category_detailed"`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" DROP COLUMN "display_name"`);
    await queryRunner.query(`ALTER TABLE "normalizer"."transaction" DROP COLUMN "revision"`);
    await queryRunner.query(`DROP INDEX "normalizer"."feed_entry_feed_fingerprint"`);
    await queryRunner.query(`DROP INDEX "normalizer"."feed_entry_feed_bank_entry"`);
    await queryRunner.query(`DROP INDEX "normalizer"."feed_entry_created_at"`);
    await queryRunner.query(`DROP TABLE "normalizer"."feed_entry"`);
    await queryRunner.query(`DROP INDEX "normalizer"."balance_statement_account_date"`);
    await queryRunner.query(`DROP TABLE "normalizer"."balance_statement"`);
  }
}
