import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGatewaySchema1795886071175 implements MigrationInterface {
  name = 'CreateGatewaySchema1795886071175';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "gateway"."outbox_event" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "message_key" text NOT NULL, "payload" jsonb NOT NULL, "headers" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "outbox_event_event_id_key" ON "gateway"."outbox_event" ("event_id")`);
    await queryRunner.query(`CREATE TABLE "gateway"."processed_event" ("consumer_group" text NOT NULL, "event_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a98a72a0dcc9f99ceb874f2ab9" PRIMARY KEY ("consumer_group", "event_id"))`);
    await queryRunner.query(`CREATE INDEX "processed_event_processed_at" ON "gateway"."processed_event" ("processed_at")`);
    await queryRunner.query(`CREATE TABLE "gateway"."alert_delivery" ("alert_id" uuid NOT NULL, "psid" text NOT NULL, "consent_id" uuid NOT NULL, "locale" text NOT NULL DEFAULT 'en', "message" jsonb NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "graph_message_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_14d2bc24763e5cd8a8e28ce8dfe" PRIMARY KEY ("alert_id", "psid"))`);
    await queryRunner.query(`CREATE INDEX "alert_delivery_due" ON "gateway"."alert_delivery" ("status", "next_attempt_at")`);
    await queryRunner.query(`CREATE TABLE "gateway"."customer_consent" ("id" uuid NOT NULL, "psid" text NOT NULL, "bank_id" text NOT NULL, "account_ref" text NOT NULL, "account_masked" text NOT NULL, "scopes" text array NOT NULL, "locale" text NOT NULL DEFAULT 'en', "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4d910b56add7a1df69bc44bef54" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "customer_consent_account" ON "gateway"."customer_consent" ("bank_id", "account_ref")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "gateway"."customer_consent_account"`);
    await queryRunner.query(`DROP TABLE "gateway"."customer_consent"`);
    await queryRunner.query(`DROP INDEX "gateway"."alert_delivery_due"`);
    await queryRunner.query(`DROP TABLE "gateway"."alert_delivery"`);
    await queryRunner.query(`DROP INDEX "gateway"."processed_event_processed_at"`);
    await queryRunner.query(`DROP TABLE "gateway"."processed_event"`);
    await queryRunner.query(`DROP INDEX "gateway"."outbox_event_event_id_key"`);
    await queryRunner.query(`DROP TABLE "gateway"."outbox_event"`);
  }
}
