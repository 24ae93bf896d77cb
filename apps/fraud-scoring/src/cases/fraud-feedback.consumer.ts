import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FraudFeedbackReceivedV1, Topics } from '@kontor/contracts';
import { ConsumedMessage, ContractConsumer, EventPublisher, KafkaClient } from '@kontor/platform-kafka';
import { claimEvent, OutboxWriter } from '@kontor/platform-outbox';
import { FraudConfig } from '../fraud.config';
import { resolveCase } from './case-resolution';

export const FEEDBACK_GROUP = 'fraud-scoring-feedback';

/** The customer's answer from the messenger: resolves the case; "it was me" teaches the profile. */
@Injectable()
export class FraudFeedbackConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FraudFeedbackConsumer.name);
  private readonly consumer: ContractConsumer<FraudFeedbackReceivedV1>;

  constructor(
    client: KafkaClient,
    publisher: EventPublisher,
    config: FraudConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    this.consumer = new ContractConsumer(client, publisher, {
      groupId: FEEDBACK_GROUP,
      topic: Topics.fraudFeedbackReceived,
      deadLetterTopic: Topics.deadLetterFraudScoring,
      maxAttempts: config.FRAUD_MAX_ATTEMPTS,
      handleBatch: (items) => this.handleBatch(items),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  async handleBatch(items: readonly ConsumedMessage<FraudFeedbackReceivedV1>[]): Promise<void> {
    const resolved = await this.dataSource.transaction(async (manager) => {
      let count = 0;
      for (const { message, context } of items) {
        if (!(await claimEvent(manager, FEEDBACK_GROUP, context.eventId))) continue;
        const verdict = message.verdict === 'genuine' ? 'confirmed_genuine' : 'confirmed_fraud';
        const result = await resolveCase(manager, message.alertId, verdict, 'customer', { bankId: message.bankId, at: new Date(message.answeredAt) });
        // No case: an alert of another deployment or one already purged. Nothing to undo, so not an error.
        if (result.outcome === 'resolved') count++;
        else this.logger.log(`feedback ${message.feedbackId} for alert ${message.alertId}: ${result.outcome}`);
      }
      return count;
    });
    if (resolved > 0) this.outbox.flush();
  }
}
