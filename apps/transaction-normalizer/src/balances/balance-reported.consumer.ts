import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BalanceReportedV1, Topics } from '@kontor/contracts';
import { ConsumedMessage, ContractConsumer, EventPublisher, KafkaClient } from '@kontor/platform-kafka';
import { claimEvents, OutboxWriter } from '@kontor/platform-outbox';
import { NormalizerConfig } from '../normalizer.config';
import { BalanceBook } from './balance-book';
import { assertRepresentableAmounts } from '../representable-amounts';

export const BALANCE_GROUP = 'transaction-normalizer-balances';

/** Stated balances → balance_statement, checked against the transactions, announced on the compacted balance topic. */
@Injectable()
export class BalanceReportedConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ContractConsumer<BalanceReportedV1>;

  constructor(
    client: KafkaClient,
    publisher: EventPublisher,
    config: NormalizerConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly book: BalanceBook,
  ) {
    this.consumer = new ContractConsumer(client, publisher, {
      groupId: BALANCE_GROUP,
      topic: Topics.balanceReported,
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

  async handleBatch(items: readonly ConsumedMessage<BalanceReportedV1>[]): Promise<void> {
    assertRepresentableAmounts(items.map((i) => i.message));
    const now = new Date();
    const announced = await this.dataSource.transaction(async (manager) => {
      const claimed = await claimEvents(manager, BALANCE_GROUP, items.map((i) => i.context.eventId));
      const events = [];
      for (const { message, context } of items) {
        if (!claimed.delete(context.eventId)) continue;
        events.push(...(await this.book.applyStatement(manager, message, context.eventId, now)));
      }
      await this.outbox.enqueue(manager, events);
      return events.length;
    });
    if (announced > 0) this.outbox.flush();
  }
}
