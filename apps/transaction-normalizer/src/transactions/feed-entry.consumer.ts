import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FeedEntryReceivedV1, Topics } from '@kontor/contracts';
import { ConsumedMessage, ContractConsumer, EventPublisher, KafkaClient } from '@kontor/platform-kafka';
import { claimEvents, OutboxWriter } from '@kontor/platform-outbox';
import { BalanceBook } from '../balances/balance-book';
import { NormalizerConfig } from '../normalizer.config';
import { TransactionLedger } from './transaction-ledger';
import { assertRepresentableAmounts } from '../representable-amounts';

export const NORMALIZER_GROUP = 'transaction-normalizer';

/**
 * feed entry → canonical transaction. One database transaction per batch claims the event ids, applies the
 * entries to the ledger (new rows, new revisions of what they post or reverse), updates computed balances
 * and enqueues every announcement; only then are the offsets committed.
 */
@Injectable()
export class FeedEntryConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ContractConsumer<FeedEntryReceivedV1>;

  constructor(
    client: KafkaClient,
    publisher: EventPublisher,
    config: NormalizerConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly ledger: TransactionLedger,
    private readonly balances: BalanceBook,
  ) {
    this.consumer = new ContractConsumer(client, publisher, {
      groupId: NORMALIZER_GROUP,
      topic: Topics.feedEntryReceived,
      deadLetterTopic: Topics.deadLetterNormalizer,
      maxAttempts: config.NORMALIZER_MAX_ATTEMPTS,
      maxBatchSize: config.NORMALIZER_BATCH_SIZE,
      handleBatch: (items) => this.handleBatch(items),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  async handleBatch(items: readonly ConsumedMessage<FeedEntryReceivedV1>[]): Promise<void> {
    assertRepresentableAmounts(items.map((i) => i.message));
    const now = new Date();
    const announced = await this.dataSource.transaction(async (manager) => {
      const claimed = await claimEvents(manager, NORMALIZER_GROUP, items.map((i) => i.context.eventId));
      const seen = new Set<string>();
      // Claimed ids only, and each once even if the batch holds the same event twice.
      const fresh = items.filter((i) => claimed.has(i.context.eventId) && !seen.has(i.context.eventId) && seen.add(i.context.eventId));
      if (fresh.length === 0) return 0;
      const { events, postedAccounts } = await this.ledger.apply(manager, fresh.map((i) => ({ entry: i.message, context: i.context })), now);
      const balanceEvents = await this.balances.afterTransactions(manager, postedAccounts, fresh[fresh.length - 1].context.eventId, now);
      await this.outbox.enqueue(manager, [...events, ...balanceEvents]);
      return events.length + balanceEvents.length;
    });
    if (announced > 0) this.outbox.flush();
  }
}
