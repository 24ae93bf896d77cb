import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FraudAlertRaisedV1, NormalizedTransactionV1, Topics, TransactionScoredV1 } from '@kontor/contracts';
import { BASELINE_RULE_SET, FraudRuleSet, scoreTransaction } from '@kontor/fraud-rules';
import { uuidV5 } from '@kontor/util';
import { childTraceparent, ConsumedMessageContext, ContractConsumer, EventPublisher, KafkaClient, OutgoingEvent } from '@kontor/platform-kafka';
import { claimEvent, enqueueEvents, OutboxRelay } from '@kontor/platform-outbox';
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
    private readonly relay: OutboxRelay,
  ) {
    this.ruleSet = RULE_SETS[config.FRAUD_RULE_SET];
    this.consumer = new ContractConsumer(client, publisher, {
      groupId: FRAUD_GROUP,
      topic: Topics.transactionNormalized,
      deadLetterTopic: Topics.deadLetterFraudScoring,
      maxAttempts: config.FRAUD_MAX_ATTEMPTS,
      handle: (tx, context) => this.handle(tx, context),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  async handle(tx: NormalizedTransactionV1, context: ConsumedMessageContext): Promise<void> {
    const assessment = scoreTransaction(tx, this.ruleSet);
    const scoredAt = new Date().toISOString();
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

    const stored = await this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, FRAUD_GROUP, context.eventId))) return false;
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(TransactionScoreEntity)
        .values({
          transactionId: tx.transactionId,
          bankId: tx.bankId,
          accountRef: tx.accountRef,
          score: assessment.score,
          decision: assessment.decision,
          reasons: assessment.reasons,
          ruleSetVersion: assessment.ruleSetVersion,
          alertId,
        })
        .orIgnore()
        .returning(['transaction_id'])
        .execute();
      if ((result.raw as unknown[]).length === 0) return false;
      await enqueueEvents(manager, FRAUD_GROUP, events);
      return true;
    });
    if (stored) this.relay.notify();
  }
}
