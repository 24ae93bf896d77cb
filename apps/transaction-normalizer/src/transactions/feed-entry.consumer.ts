import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FeedEntryReceivedV1, Topics } from '@kontor/contracts';
import { InvalidAmountError, UnknownCurrencyError } from '@kontor/money';
import { normalizeFeedEntry } from '@kontor/normalization';
import { uuidV5 } from '@kontor/util';
import { childTraceparent, ConsumedMessageContext, ContractConsumer, EventPublisher, KafkaClient, PermanentMessageError } from '@kontor/platform-kafka';
import { claimEvent, enqueueEvents, OutboxRelay } from '@kontor/platform-outbox';
import { NormalizerConfig } from '../normalizer.config';
import { TransactionEntity } from './transaction.entity';

export const NORMALIZER_GROUP = 'transaction-normalizer';

/**
 * feed entry → canonical transaction. One database transaction claims the event, upserts the row and
 * enqueues the announcement; only then is the offset committed.
 */
@Injectable()
export class FeedEntryConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ContractConsumer<FeedEntryReceivedV1>;

  constructor(
    client: KafkaClient,
    publisher: EventPublisher,
    config: NormalizerConfig,
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {
    this.consumer = new ContractConsumer(client, publisher, {
      groupId: NORMALIZER_GROUP,
      topic: Topics.feedEntryReceived,
      deadLetterTopic: Topics.deadLetterNormalizer,
      maxAttempts: config.NORMALIZER_MAX_ATTEMPTS,
      handle: (entry, context) => this.handle(entry, context),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  async handle(entry: FeedEntryReceivedV1, context: ConsumedMessageContext): Promise<void> {
    let tx;
    try {
      tx = normalizeFeedEntry(entry, new Date());
    } catch (error) {
      if (error instanceof InvalidAmountError || error instanceof UnknownCurrencyError) throw new PermanentMessageError(error.message);
      throw error;
    }
    const inserted = await this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, NORMALIZER_GROUP, context.eventId))) return false;
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(TransactionEntity)
        .values({
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
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      // A re-sent entry (same canonical id) is already stored and announced: nothing more to do.
      if ((result.raw as unknown[]).length === 0) return false;
      await enqueueEvents(manager, NORMALIZER_GROUP, [
        {
          topic: Topics.transactionNormalized,
          key: tx.accountRef,
          payload: tx,
          eventId: uuidV5(`${Topics.transactionNormalized.name}|${tx.transactionId}`),
          traceparent: childTraceparent(context.traceparent),
        },
      ]);
      return true;
    });
    if (inserted) this.relay.notify();
  }
}
