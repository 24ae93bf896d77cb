import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FraudAlertRaisedV1, NormalizedTransactionV1, Topics, TransactionScoredV1 } from '@kontor/contracts';
import { BASELINE_RULE_SET, FraudRuleSet, scoreTransaction } from '@kontor/fraud-rules';
import { uuidV5 } from '@kontor/util';
import { childTraceparent, ConsumedMessage, ConsumedMessageContext, ContractConsumer, EventPublisher, KafkaClient, OutgoingEvent } from '@kontor/platform-kafka';
import { claimEvents, OutboxWriter } from '@kontor/platform-outbox';
import { FraudConfig } from '../fraud.config';
import { TransactionScoreEntity } from './transaction-score.entity';

export const FRAUD_GROUP = 'fraud-scoring';

const RULE_SETS: Record<string, FraudRuleSet> = { baseline: BASELINE_RULE_SET };

/** Scores every canonical transaction; stores the score and, in the same transaction, its events. */
@Injectable()
export class NormalizedTransactionConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ContractConsumer<NormalizedTransactionV1>;
  private readonly ruleSet: FraudRuleSet;

  constructor(
    client: KafkaClient,
    publisher: EventPublisher,
    config: FraudConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    this.ruleSet = RULE_SETS[config.FRAUD_RULE_SET];
    this.consumer = new ContractConsumer(client, publisher, {
      groupId: FRAUD_GROUP,
      topic: Topics.transactionNormalized,
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

  /** The score and its events for one transaction: pure, so a batch is computed before any I/O. */
  private assess(tx: NormalizedTransactionV1, context: ConsumedMessageContext, scoredAt: string) {
    const assessment = scoreTransaction(tx, this.ruleSet);
    const alertId = assessment.decision === 'alert' ? uuidV5(`alert|${tx.transactionId}|${assessment.ruleSetVersion}`) : null;
    const traceparent = childTraceparent(context.traceparent);
    const scored: TransactionScoredV1 = {
      transactionId: tx.transactionId,
      bankId: tx.bankId,
      accountRef: tx.accountRef,
      score: assessment.score,
      decision: assessment.decision,
      reasons: assessment.reasons,
      ruleSetVersion: assessment.ruleSetVersion,
      scoredAt,
    };
    const events: OutgoingEvent[] = [
      { topic: Topics.transactionScored, key: tx.accountRef, payload: scored, eventId: uuidV5(`${Topics.transactionScored.name}|${tx.transactionId}`), traceparent },
    ];
    if (alertId) {
      const alert: FraudAlertRaisedV1 = {
        alertId,
        transactionId: tx.transactionId,
        bankId: tx.bankId,
        accountRef: tx.accountRef,
        accountMasked: tx.accountMasked,
        ...(tx.merchant?.name !== undefined && { merchantName: tx.merchant.name }),
        ...(tx.card !== undefined && { card: tx.card }),
        amountMinor: tx.amountMinor,
        currency: tx.currency,
        currencyExponent: tx.currencyExponent,
        score: assessment.score,
        reasons: assessment.reasons,
        ruleSetVersion: assessment.ruleSetVersion,
        raisedAt: scoredAt,
      };
      events.push({ topic: Topics.fraudAlertRaised, key: tx.accountRef, payload: alert, eventId: alertId, traceparent });
    }
    // The stored score is the event without its timestamp (the row has its own) plus the alert it raised.
    const { scoredAt: _scoredAt, ...scoreFields } = scored;
    const row = { ...scoreFields, alertId };
    return { context, row, events };
  }

  async handleBatch(items: readonly ConsumedMessage<NormalizedTransactionV1>[]): Promise<void> {
    const scoredAt = new Date().toISOString();
    const assessed = items.map(({ message, context }) => this.assess(message, context, scoredAt));
    const published = await this.dataSource.transaction(async (manager) => {
      const claimed = await claimEvents(manager, FRAUD_GROUP, items.map((i) => i.context.eventId));
      const fresh = new Map<string, (typeof assessed)[number]>();
      for (const item of assessed) if (claimed.has(item.context.eventId) && !fresh.has(item.row.transactionId)) fresh.set(item.row.transactionId, item);
      if (fresh.size === 0) return 0;
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(TransactionScoreEntity)
        .values([...fresh.values()].map(({ row }) => row))
        .orIgnore()
        .returning('transaction_id')
        .execute();
      // A transaction scored before keeps its first score and events.
      const inserted = new Set((result.raw as { transaction_id: string }[]).map((r) => r.transaction_id));
      const events = [...fresh.values()].filter(({ row }) => inserted.has(row.transactionId)).flatMap(({ events }) => events);
      await this.outbox.enqueue(manager, events);
      return events.length;
    });
    if (published > 0) this.outbox.flush();
  }
}
