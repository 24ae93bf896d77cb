import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddConversationsConsentAndInbox1796142825194 implements MigrationInterface {
  name = 'AddConversationsConsentAndInbox1796142825194';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "gateway"."access_audit" ("id" BIGSERIAL NOT NULL, "psid" text NOT NULL, "consent_id" uuid NOT NULL, "scope" text NOT NULL, "purpose" text NOT NULL, "accessor" text NOT NULL, "account_masked" text NOT NULL, "record_count" integer NOT NULL, "accessed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6a4e188bb1a19cc67bda200569" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "access_audit_psid" ON "gateway"."access_audit" ("psid", "accessed_at")`);
    await queryRunner.query(`CREATE TABLE "gateway"."account_link_request" ("id" text NOT NULL, "psid" text NOT NULL, "locale" text NOT NULL DEFAULT 'en', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "code_hash" text, "bank_id" text, "accounts" jsonb NOT NULL DEFAULT '[]', "scopes" text array NOT NULL DEFAULT '{}', "valid_for_days" integer NOT NULL DEFAULT '90', "redeemed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e1bfe3396c21018ec5452ee4709" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "account_link_request_code" ON "gateway"."account_link_request" ("code_hash")`);
    await queryRunner.query(`CREATE TABLE "gateway"."messenger_user" ("psid" text NOT NULL, "locale" text NOT NULL DEFAULT 'en', "last_user_message_at" TIMESTAMP WITH TIME ZONE, "unreachable_at" TIMESTAMP WITH TIME ZONE, "last_send_error" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4864b08d62483421fa970feb4c0" PRIMARY KEY ("psid"))`);
    await queryRunner.query(`CREATE TABLE "gateway"."merchant_order" ("order_id" uuid NOT NULL, "bank_id" text NOT NULL, "merchant_name" text NOT NULL, "order_number" text NOT NULL, "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "currency" text NOT NULL, "total_minor" bigint NOT NULL, "shipping_minor" bigint, "tax_minor" bigint, "items" jsonb NOT NULL, "card_token" text, "card_last4" text, "account_ref" text, "bank_entry_id" text, "shipment" jsonb, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "transaction_id" uuid, CONSTRAINT "PK_75d1e01e1bb77a35c7b92715d14" PRIMARY KEY ("order_id"))`);
    await queryRunner.query(`CREATE INDEX "merchant_order_unlinked_card" ON "gateway"."merchant_order" ("card_token", "total_minor")`);
    await queryRunner.query(`CREATE INDEX "merchant_order_transaction" ON "gateway"."merchant_order" ("transaction_id")`);
    await queryRunner.query(`CREATE TABLE "gateway"."account_balance" ("bank_id" text NOT NULL, "account_ref" text NOT NULL, "account_masked" text NOT NULL, "currency" text NOT NULL, "booked_minor" bigint NOT NULL, "available_minor" bigint, "as_of" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_31ca87cb8f9b96cd67a0f068a0f" PRIMARY KEY ("bank_id", "account_ref"))`);
    await queryRunner.query(`CREATE TABLE "gateway"."account_transaction" ("transaction_id" uuid NOT NULL, "bank_id" text NOT NULL, "account_ref" text NOT NULL, "account_masked" text NOT NULL, "amount_minor" bigint NOT NULL, "currency" text NOT NULL, "direction" text NOT NULL, "status" text NOT NULL, "revision" integer NOT NULL, "booking_date" date NOT NULL, "display_name" text, "category_primary" text, "card_token" text, "card_last4" text, "bank_entry_id" text, CONSTRAINT "PK_ac0143a7454486dda0518441a2c" PRIMARY KEY ("transaction_id"))`);
    await queryRunner.query(`CREATE INDEX "account_transaction_card" ON "gateway"."account_transaction" ("card_token", "amount_minor")`);
    await queryRunner.query(`CREATE INDEX "account_transaction_account_date" ON "gateway"."account_transaction" ("bank_id", "account_ref", "booking_date")`);
    await queryRunner.query(`CREATE TABLE "gateway"."webhook_event" ("id" BIGSERIAL NOT NULL, "dedup_key" text NOT NULL, "kind" text NOT NULL, "page_id" text NOT NULL, "psid" text, "event" jsonb NOT NULL, "standby" boolean NOT NULL DEFAULT false, "event_time" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, CONSTRAINT "PK_0f56d2f40f5ec823acf8e8edad1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "webhook_event_psid" ON "gateway"."webhook_event" ("psid", "id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "webhook_event_dedup_key" ON "gateway"."webhook_event" ("dedup_key")`);
    await queryRunner.query(`CREATE INDEX "webhook_event_due" ON "gateway"."webhook_event" ("status", "next_attempt_at")`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" ADD "kind" text NOT NULL DEFAULT 'fraud_alert'`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" ADD "transaction_id" uuid`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" ADD "bank_id" text`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" ADD "account_ref" text`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" ADD "feedback_verdict" text`);
    await queryRunner.query(`ALTER TABLE "gateway"."customer_consent" ADD "revoked_by" text`);
    await queryRunner.query(`ALTER TABLE "gateway"."customer_consent" ADD "revision" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "gateway"."customer_consent" ADD "expiry_published_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "gateway"."customer_consent" ADD "reminded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "customer_consent_psid" ON "gateway"."customer_consent" ("psid")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "gateway"."customer_consent_psid"`);
    await queryRunner.query(`ALTER TABLE "gateway"."customer_consent" DROP COLUMN "reminded_at"`);
    await queryRunner.query(`ALTER TABLE "gateway"."customer_consent" DROP COLUMN "expiry_published_at"`);
    await queryRunner.query(`ALTER TABLE "gateway"."customer_consent" DROP COLUMN "revision"`);
    await queryRunner.query(`ALTER TABLE "gateway"."customer_consent" DROP COLUMN "revoked_by"`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" DROP COLUMN "feedback_verdict"`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" DROP COLUMN "account_ref"`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" DROP COLUMN "bank_id"`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" DROP COLUMN "transaction_id"`);
    await queryRunner.query(`ALTER TABLE "gateway"."alert_delivery" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP INDEX "gateway"."webhook_event_due"`);
    await queryRunner.query(`DROP INDEX "gateway"."webhook_event_dedup_key"`);
    await queryRunner.query(`DROP INDEX "gateway"."webhook_event_psid"`);
    await queryRunner.query(`DROP TABLE "gateway"."webhook_event"`);
    await queryRunner.query(`DROP INDEX "gateway"."account_transaction_account_date"`);
    await queryRunner.query(`DROP INDEX "gateway"."account_transaction_card"`);
    await queryRunner.query(`DROP TABLE "gateway"."account_transaction"`);
    await queryRunner.query(`DROP TABLE "gateway"."account_balance"`);
    await queryRunner.query(`DROP INDEX "gateway"."merchant_order_transaction"`);
    await queryRunner.query(`DROP INDEX "gateway"."merchant_order_unlinked_card"`);
    await queryRunner.query(`DROP TABLE "gateway"."merchant_order"`);
    await queryRunner.query(`DROP TABLE "gateway"."messenger_user"`);
    await queryRunner.query(`DROP INDEX "gateway"."account_link_request_code"`);
    await queryRunner.query(`DROP TABLE "gateway"."account_link_request"`);
    await queryRunner.query(`DROP INDEX "gateway"."access_audit_psid"`);
    await queryRunner.query(`DROP TABLE "gateway"."access_audit"`);
  }
}
