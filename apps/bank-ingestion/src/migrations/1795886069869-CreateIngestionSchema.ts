import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIngestionSchema1795886069869 implements MigrationInterface {
  name = 'CreateIngestionSchema1795886069869';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ingestion"."outbox_event" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "message_key" text NOT NULL, "payload" jsonb NOT NULL, "headers" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "outbox_event_event_id_key" ON "ingestion"."outbox_event" ("event_id")`);
    await queryRunner.query(`CREATE TABLE "ingestion"."processed_event" ("consumer_group" text NOT NULL, "event_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a98a72a0dcc9f99ceb874f2ab9" PRIMARY KEY ("consumer_group", "event_id"))`);
    await queryRunner.query(`CREATE INDEX "processed_event_processed_at" ON "ingestion"."processed_event" ("processed_at")`);
    await queryRunner.query(`CREATE TABLE "ingestion"."bank_signing_key" ("bank_id" text NOT NULL, "key_id" text NOT NULL, "secret_sealed" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4b21fe91b76df3d99b7bb8c3382" PRIMARY KEY ("bank_id", "key_id"))`);
    await queryRunner.query(`CREATE TABLE "ingestion"."partner_bank" ("id" text NOT NULL, "name" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d687d4bed96fe079cf62a644d6b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "ingestion"."feed" ("id" uuid NOT NULL, "bank_id" text NOT NULL, "idempotency_key" text NOT NULL, "body_sha256" character(64) NOT NULL, "format" text NOT NULL, "status" text NOT NULL, "entry_count" integer NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a8dfd1ff306ccdf65f0b5d04b2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "feed_bank_idempotency_key" ON "ingestion"."feed" ("bank_id", "idempotency_key")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ingestion"."feed_bank_idempotency_key"`);
    await queryRunner.query(`DROP TABLE "ingestion"."feed"`);
    await queryRunner.query(`DROP TABLE "ingestion"."partner_bank"`);
    await queryRunner.query(`DROP TABLE "ingestion"."bank_signing_key"`);
    await queryRunner.query(`DROP INDEX "ingestion"."processed_event_processed_at"`);
    await queryRunner.query(`DROP TABLE "ingestion"."processed_event"`);
    await queryRunner.query(`DROP INDEX "ingestion"."outbox_event_event_id_key"`);
    await queryRunner.query(`DROP TABLE "ingestion"."outbox_event"`);
  }
}
