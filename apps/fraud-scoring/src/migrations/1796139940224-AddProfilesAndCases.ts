import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddProfilesAndCases1796139940224 implements MigrationInterface {
  name = 'AddProfilesAndCases1796139940224';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "fraud"."fraud_case" ("alert_id" uuid NOT NULL, "transaction_id" uuid NOT NULL, "bank_id" text NOT NULL, "account_ref" text NOT NULL, "account_masked" text NOT NULL, "card_last4" text, "merchant_name" text, "amount_minor" text NOT NULL, "currency" text NOT NULL, "currency_exponent" smallint NOT NULL, "score" smallint NOT NULL, "reasons" jsonb NOT NULL, "rule_set_version" text NOT NULL, "features" jsonb NOT NULL, "status" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" text, "note" text, CONSTRAINT "PK_3f4958e31c4dfabb19cab05c85e" PRIMARY KEY ("alert_id"))`);
    await queryRunner.query(`CREATE INDEX "fraud_case_open_expires" ON "fraud"."fraud_case" ("expires_at") WHERE "status" = 'open'`);
    await queryRunner.query(`CREATE INDEX "fraud_case_bank_status_opened" ON "fraud"."fraud_case" ("bank_id", "status", "opened_at")`);
    await queryRunner.query(`CREATE TABLE "fraud"."behaviour_profile" ("account_ref" text NOT NULL, "subject" text NOT NULL, "profile" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_384c0f31038b475e66681afc33f" PRIMARY KEY ("account_ref", "subject"))`);
    await queryRunner.query(`ALTER TABLE "fraud"."transaction_score" ADD "revision" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "fraud"."transaction_score" ADD "amount_minor" text`);
    await queryRunner.query(`ALTER TABLE "fraud"."transaction_score" ADD "currency" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fraud"."transaction_score" DROP COLUMN "currency"`);
    await queryRunner.query(`ALTER TABLE "fraud"."transaction_score" DROP COLUMN "amount_minor"`);
    await queryRunner.query(`ALTER TABLE "fraud"."transaction_score" DROP COLUMN "revision"`);
    await queryRunner.query(`DROP TABLE "fraud"."behaviour_profile"`);
    await queryRunner.query(`DROP INDEX "fraud"."fraud_case_bank_status_opened"`);
    await queryRunner.query(`DROP INDEX "fraud"."fraud_case_open_expires"`);
    await queryRunner.query(`DROP TABLE "fraud"."fraud_case"`);
  }
}
