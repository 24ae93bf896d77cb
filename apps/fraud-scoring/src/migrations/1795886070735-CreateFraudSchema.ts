import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFraudSchema1795886070735 implements MigrationInterface {
  name = 'CreateFraudSchema1795886070735';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "fraud"."outbox_event" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "message_key" text NOT NULL, "payload" jsonb NOT NULL, "headers" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "outbox_event_event_id_key" ON "fraud"."outbox_event" ("event_id")`);
    await queryRunner.query(`CREATE TABLE "fraud"."processed_event" ("consumer_group" text NOT NULL, "event_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a98a72a0dcc9f99ceb874f2ab9" PRIMARY KEY ("consumer_group", "event_id"))`);
    await queryRunner.query(`CREATE INDEX "processed_event_processed_at" ON "fraud"."processed_event" ("processed_at")`);
    await queryRunner.query(`CREATE TABLE "fraud"."transaction_score" ("transaction_id" uuid NOT NULL, "bank_id" text NOT NULL, "account_ref" text NOT NULL, "score" smallint NOT NULL, "decision" text NOT NULL, "reasons" jsonb NOT NULL, "rule_set_version" text NOT NULL, "alert_id" uuid, "scored_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fe1abf8c0e5acc1f53277db8ef5" PRIMARY KEY ("transaction_id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "fraud"."transaction_score"`);
    await queryRunner.query(`DROP INDEX "fraud"."processed_event_processed_at"`);
    await queryRunner.query(`DROP TABLE "fraud"."processed_event"`);
    await queryRunner.query(`DROP INDEX "fraud"."outbox_event_event_id_key"`);
    await queryRunner.query(`DROP TABLE "fraud"."outbox_event"`);
  }
}
