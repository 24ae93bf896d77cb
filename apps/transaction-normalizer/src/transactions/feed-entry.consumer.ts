import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FeedEntryReceivedV1, NormalizedTransactionV1, Topics } from '@kontor/contracts';
import { InvalidAmountError, UnknownCurrencyError } from '@kontor/money';
import { normalizeFeedEntry } from '@kontor/normalization';
import { childTraceparent, ConsumedMessage, ContractConsumer, EventPublisher, KafkaClient, PermanentMessageError } from '@kontor/platform-kafka';
import { claimEvents, OutboxWriter } from '@kontor/platform-outbox';
import { uuidV5 } from '@kontor/util';
import { NormalizerConfig } from '../normalizer.config';
import { TransactionEntity } from './transaction.entity';

export const NORMALIZER_GROUP = 'transaction-normalizer';

function toRow(tx: NormalizedTransactionV1): Partial<TransactionEntity> {
  return {
    id: tx.transactionId,
    bankId: tx.bankId,
    accountRef: tx.accountRef,
    accountMasked: tx.accountMasked,
    amountMinor: tx.amountMinor,
    currency: tx.currency,
    currencyExponent: tx.currencyExponent,
    direction: tx.direction,
    status: tx.status,
    bookingDate: tx.bookingDate,
    valueDate: tx.valueDate ?? null,
    occurredAt: tx.occurredAt ? new Date(tx.occurredAt) : null,
    description: tx.description ?? null,
    merchant: tx.merchant ?? null,
    cardToken: tx.card?.token ?? null,
    cardLast4: tx.card?.last4 ?? null,
    cardPresent: tx.cardPresent ?? null,
    sourceFeedId: tx.source.feedId,
    sourceEntryIndex: tx.source.entryIndex,
    sourceFormat: tx.source.format,
    bankEntryId: tx.source.bankEntryId ?? null,
    normalizedAt: new Date(tx.normalizedAt),
  };
}

/**
 * feed entry → canonical transaction. One database transaction per batch claims the events, inserts the
 * rows that are new and enqueues their announcements; only then are the offsets committed.
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
  ) {
    this.consumer = new ContractConsumer(client, publisher, {
      groupId: NORMALIZER_GROUP,
      topic: Topics.feedEntryReceived,
      deadLetterTopic: Topics.deadLetterNormalizer,
      maxAttempts: config.NORMALIZER_MAX_ATTEMPTS,
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
    const now = new Date();
    const normalized = items.map(({ message, context }) => {
      try {
        return { tx: normalizeFeedEntry(message, now), context };
      } catch (error) {
        // Retrying cannot fix an amount the currency cannot hold: the message goes to the dead-letter topic.
        if (error instanceof InvalidAmountError || error instanceof UnknownCurrencyError) throw new PermanentMessageError(error.message);
        throw error;
      }
    });
    const announced = await this.dataSource.transaction(async (manager) => {
      const claimed = await claimEvents(manager, NORMALIZER_GROUP, items.map((i) => i.context.eventId));
      // A re-sent entry has the same canonical id as the first: keep one per id, in stream order.
      const fresh = new Map<string, (typeof normalized)[number]>();
      for (const item of normalized) if (claimed.has(item.context.eventId) && !fresh.has(item.tx.transactionId)) fresh.set(item.tx.transactionId, item);
      if (fresh.size === 0) return 0;
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(TransactionEntity)
        .values([...fresh.values()].map(({ tx }) => toRow(tx)))
        .orIgnore()
        .returning('id')
        .execute();
      // Rows that already existed were stored and announced by an earlier feed: nothing more to do.
      const inserted = new Set((result.raw as { id: string }[]).map((row) => row.id));
      const events = [...fresh.values()]
        .filter(({ tx }) => inserted.has(tx.transactionId))
        .map(({ tx, context }) => ({
          topic: Topics.transactionNormalized,
          key: tx.accountRef,
          payload: tx,
          eventId: uuidV5(`${Topics.transactionNormalized.name}|${tx.transactionId}`),
          traceparent: childTraceparent(context.traceparent),
        }));
      await this.outbox.enqueue(manager, events);
      return events.length;
    });
    if (announced > 0) this.outbox.flush();
  }
}
