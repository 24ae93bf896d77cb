import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountBalanceV1, NormalizedTransactionV1, Topics } from '@kontor/contracts';
import { ConsumedMessage, ContractConsumer, EventPublisher, KafkaClient } from '@kontor/platform-kafka';
import { GatewayConfig } from '../gateway.config';
import { ConsumerLifecycle } from '../messaging/consumer-lifecycle';

/**
 * The gateway's read model of transactions and balances, so answers never reach into another service's
 * tables. Both upserts are idempotent by construction (highest revision / latest update wins), so
 * redeliveries and replays need no claim table.
 */
export async function upsertTransactions(manager: EntityManager, transactions: readonly NormalizedTransactionV1[]): Promise<void> {
  for (const t of transactions) {
    await manager.query(
      `INSERT INTO gateway.account_transaction (transaction_id, bank_id, account_ref, account_masked, amount_minor, currency, direction, status, revision,
         booking_date, display_name, category_primary, card_token, card_last4, bank_entry_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
       ON CONFLICT (transaction_id) DO UPDATE SET account_masked = EXCLUDED.account_masked, amount_minor = EXCLUDED.amount_minor,
         currency = EXCLUDED.currency, direction = EXCLUDED.direction, status = EXCLUDED.status, revision = EXCLUDED.revision,
         booking_date = EXCLUDED.booking_date, display_name = EXCLUDED.display_name, category_primary = EXCLUDED.category_primary,
         card_token = EXCLUDED.card_token, card_last4 = EXCLUDED.card_last4, bank_entry_id = EXCLUDED.bank_entry_id
       WHERE account_transaction.revision < EXCLUDED.revision`,
      [
        t.transactionId, t.bankId, t.accountRef, t.accountMasked, t.amountMinor, t.currency, t.direction, t.status, t.revision, t.bookingDate,
        t.displayName ?? t.merchant?.name ?? null, t.category?.primary ?? null, t.card?.token ?? null, t.card?.last4 ?? null, t.source.bankEntryId ?? null,
      ],
    );
    // An order reported before its payment arrived links now (see orders/merchant-order.service.ts for the rule).
    await manager.query(
      `UPDATE gateway.merchant_order o SET transaction_id = $1
        WHERE o.transaction_id IS NULL AND o.bank_id = $2 AND o.currency = $5
          AND ((o.bank_entry_id IS NOT NULL AND o.bank_entry_id = $6)
            OR (o.card_token IS NOT NULL AND o.card_token = $3 AND o.total_minor = $4::bigint
                AND $7::date BETWEEN (o.placed_at AT TIME ZONE 'UTC')::date - 1 AND (o.placed_at AT TIME ZONE 'UTC')::date + 7))`,
      [t.transactionId, t.bankId, t.card?.token ?? null, t.amountMinor, t.currency, t.source.bankEntryId ?? null, t.bookingDate],
    );
  }
}

export async function upsertBalances(manager: EntityManager, balances: readonly AccountBalanceV1[]): Promise<void> {
  for (const b of balances) {
    await manager.query(
      `INSERT INTO gateway.account_balance (bank_id, account_ref, account_masked, currency, booked_minor, available_minor, as_of, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (bank_id, account_ref) DO UPDATE SET account_masked = EXCLUDED.account_masked, currency = EXCLUDED.currency,
         booked_minor = EXCLUDED.booked_minor, available_minor = EXCLUDED.available_minor, as_of = EXCLUDED.as_of, updated_at = EXCLUDED.updated_at
       WHERE (account_balance.as_of, account_balance.updated_at) <= (EXCLUDED.as_of, EXCLUDED.updated_at)`,
      [b.bankId, b.accountRef, b.accountMasked, b.currency, b.bookedMinor, b.availableMinor ?? null, b.asOf, b.updatedAt],
    );
  }
}

abstract class ReadModelConsumer<T extends object> implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ContractConsumer<T>;

  protected constructor(client: KafkaClient, publisher: EventPublisher, config: GatewayConfig, protected readonly dataSource: DataSource, groupId: string, topic: typeof Topics.transactionNormalized | typeof Topics.accountBalance) {
    this.consumer = new ContractConsumer<T>(client, publisher, {
      groupId,
      topic: topic as never,
      deadLetterTopic: Topics.deadLetterMessengerGateway,
      maxAttempts: config.GATEWAY_MAX_ATTEMPTS,
      handleBatch: (items) => this.dataSource.transaction((manager) => this.apply(manager, items.map((i) => i.message))),
    });
  }

  protected abstract apply(manager: EntityManager, messages: T[]): Promise<void>;

  private lifecycle?: ConsumerLifecycle;

  onApplicationBootstrap(): void {
    this.lifecycle = new ConsumerLifecycle(this.consumer, new Logger(this.constructor.name));
    this.lifecycle.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.lifecycle?.stop();
  }

  /** For tests: apply messages as the consumer would. */
  handleBatch(items: readonly ConsumedMessage<T>[]): Promise<void> {
    return this.dataSource.transaction((manager) => this.apply(manager, items.map((i) => i.message)));
  }
}

@Injectable()
export class TransactionReadModelConsumer extends ReadModelConsumer<NormalizedTransactionV1> {
  constructor(client: KafkaClient, publisher: EventPublisher, config: GatewayConfig, dataSource: DataSource) {
    super(client, publisher, config, dataSource, 'messenger-gateway.transactions', Topics.transactionNormalized);
  }

  protected apply(manager: EntityManager, messages: NormalizedTransactionV1[]): Promise<void> {
    return upsertTransactions(manager, messages);
  }
}

@Injectable()
export class BalanceReadModelConsumer extends ReadModelConsumer<AccountBalanceV1> {
  constructor(client: KafkaClient, publisher: EventPublisher, config: GatewayConfig, dataSource: DataSource) {
    super(client, publisher, config, dataSource, 'messenger-gateway.balances', Topics.accountBalance);
  }

  protected apply(manager: EntityManager, messages: AccountBalanceV1[]): Promise<void> {
    return upsertBalances(manager, messages);
  }
}
