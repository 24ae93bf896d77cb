import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNormalizerSchema1795886070302 implements MigrationInterface {
  name = 'CreateNormalizerSchema1795886070302';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "normalizer"."outbox_event" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "message_key" text NOT NULL, "payload" jsonb NOT NULL, "headers" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "outbox_event_event_id_key" ON "normalizer"."outbox_event" ("event_id")`);
    await queryRunner.query(`CREATE TABLE "normalizer"."processed_event" ("consumer_group" text NOT NULL, "event_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a98a72a0dcc9f99ceb874f2ab9" PRIMARY KEY ("consumer_group", "event_id"))`);
    await queryRunner.query(`CREATE INDEX "processed_event_processed_at" ON "normalizer"."processed_event" ("processed_at")`);
    await queryRunner.query(`CREATE TABLE "normalizer"."transaction" ("id" uuid NOT NULL, "bank_id" text NOT NULL, "account_ref" text NOT NULL, "account_masked" text NOT NULL, "amount_minor" bigint NOT NULL, "currency" character(3) NOT NULL, "currency_exponent" smallint NOT NULL, "direction" text NOT NULL, "status" text NOT NULL, "booking_date" date NOT NULL, "value_date" date, "occurred_at" TIMESTAMP WITH TIME ZONE, "description" text, "merchant" jsonb, "card_token" text, "card_last4" character(4), "card_present" boolean, "source_feed_id" uuid NOT NULL, "source_entry_index" integer NOT NULL, "source_format" text NOT NULL, "bank_entry_id" text, "normalized_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_89eadb93a89810556e1cbcd6ab9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "transaction_account_booking_date" ON "normalizer"."transaction" ("account_ref", "booking_date")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "normalizer"."transaction_account_booking_date"`);
    await queryRunner.query(`DROP TABLE "normalizer"."transaction"`);
    await queryRunner.query(`DROP INDEX "normalizer"."processed_event_processed_at"`);
    await queryRunner.query(`DROP TABLE "normalizer"."processed_event"`);
    await queryRunner.query(`DROP INDEX "normalizer"."outbox_event_event_id_key"`);
    await queryRunner.query(`DROP TABLE "normalizer"."outbox_event"`);
  }
}
