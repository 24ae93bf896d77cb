/**
 * The topic catalogue: every Kafka topic Kontor produces or consumes. The platform creates topics from
 * this list (never by auto-creation), and docs/topics.md, the AsyncAPI document and the JSON Schemas are
 * generated from it, so the running system and its documentation cannot drift.
 */
import { AccountBalanceV1, BalanceReportedV1 } from './messages/balance.v1';
import { ConsentChangedV1 } from './messages/consent-changed.v1';
import { FeedEntryReceivedV1 } from './messages/feed-entry-received.v1';
import { FraudCaseUpdatedV1 } from './messages/fraud-case-updated.v1';
import { FraudFeedbackReceivedV1 } from './messages/fraud-feedback.v1';
import { FraudAlertRaisedV1 } from './messages/fraud-alert-raised.v1';
import { MerchantOrderReportedV1 } from './messages/merchant-order-reported.v1';
import { NormalizedTransactionV1 } from './messages/normalized-transaction.v1';
import { TransactionScoredV1 } from './messages/transaction-scored.v1';

export type ServiceName = 'bank-ingestion' | 'transaction-normalizer' | 'fraud-scoring' | 'messenger-gateway';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TopicDefinition<TPayload = unknown> {
  /** Full topic name, `kontor.<domain>.<event>.v<N>`. */
  readonly name: string;
  readonly summary: string;
  /** What the message key is: the entity whose order matters. */
  readonly key: string;
  /** The message class; absent for dead-letter topics, whose value is the original bytes. */
  readonly payload?: new () => TPayload;
  readonly schemaVersion: number;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly producers: readonly ServiceName[];
  readonly consumers: readonly ServiceName[];
}

function topic<T>(definition: TopicDefinition<T>): TopicDefinition<T> {
  return Object.freeze(definition);
}

export const Topics = {
  feedEntryReceived: topic({
    name: 'kontor.ingestion.feed-entry-received.v1',
    summary: 'One entry of an accepted partner-bank feed, card numbers already tokenized.',
    key: 'accountRef (tokenized account), so entries of one account stay in order',
    payload: FeedEntryReceivedV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['bank-ingestion'],
    consumers: ['transaction-normalizer'],
  }),
  balanceReported: topic({
    name: 'kontor.ingestion.balance-reported.v1',
    summary: 'A balance a partner bank stated in a feed (opening, closing, available), exactly as stated.',
    key: 'accountRef (tokenized account), so balances and entries of one account stay in order',
    payload: BalanceReportedV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['bank-ingestion'],
    consumers: ['transaction-normalizer'],
  }),
  transactionNormalized: topic({
    name: 'kontor.transactions.normalized.v1',
    summary:
      'The canonical transaction: one per real-world event, amounts in integer minor units. Every revision is published (pending, booked, superseded, reversed, expired), ' +
      'with event id = UUIDv5(topic, transactionId, revision); consumers deduplicate by event id and keep the highest revision. Identity, matching and categories: docs/normalization.md.',
    key: 'accountRef (tokenized account)',
    payload: NormalizedTransactionV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['transaction-normalizer'],
    consumers: ['fraud-scoring', 'messenger-gateway'],
  }),
  accountBalance: topic({
    name: 'kontor.balances.account-balance.v1',
    summary: 'The latest booked and available balance of an account, with its consistency check. Compacted.',
    key: 'accountRef (tokenized account)',
    payload: AccountBalanceV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 365 * DAY_MS,
    cleanupPolicy: 'compact',
    producers: ['transaction-normalizer'],
    consumers: ['messenger-gateway'],
  }),
  transactionScored: topic({
    name: 'kontor.fraud.transaction-scored.v1',
    summary: 'The fraud score of every normalized transaction, with reasons and the rule-set version.',
    key: 'accountRef (tokenized account)',
    payload: TransactionScoredV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['fraud-scoring'],
    consumers: [],
  }),
  fraudAlertRaised: topic({
    name: 'kontor.fraud.alert-raised.v1',
    summary: 'A transaction scored at or above the alert threshold of the rule set; the customer is to be asked.',
    key: 'accountRef (tokenized account)',
    payload: FraudAlertRaisedV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['fraud-scoring'],
    consumers: ['messenger-gateway'],
  }),
  fraudFeedbackReceived: topic({
    name: 'kontor.fraud.feedback-received.v1',
    summary: 'The customer\'s answer to a fraud alert ("It was me" / "Not me"); resolves the case and teaches the profile.',
    key: 'accountRef (tokenized account)',
    payload: FraudFeedbackReceivedV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['messenger-gateway'],
    consumers: ['fraud-scoring'],
  }),
  fraudCaseUpdated: topic({
    name: 'kontor.fraud.case-updated.v1',
    summary: 'A fraud case was settled: confirmed fraud or genuine (by the customer or a bank analyst), or expired unanswered.',
    key: 'accountRef (tokenized account)',
    payload: FraudCaseUpdatedV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['fraud-scoring'],
    consumers: [],
  }),
  consentChanged: topic({
    name: 'kontor.consent.changed.v1',
    summary: 'The current state of a customer\'s consent (granted, revoked by customer or bank, expired). Compacted.',
    key: 'consentId',
    payload: ConsentChangedV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 365 * DAY_MS,
    cleanupPolicy: 'compact',
    producers: ['messenger-gateway'],
    consumers: [],
  }),
  merchantOrderReported: topic({
    name: 'kontor.orders.merchant-order-reported.v1',
    summary: 'A merchant order (items, totals, shipment status) reported through the ingestion API, card tokenized.',
    key: 'orderId, so the reports of one order stay in order',
    payload: MerchantOrderReportedV1,
    schemaVersion: 1,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['bank-ingestion'],
    consumers: ['messenger-gateway'],
  }),
  deadLetterIngestion: deadLetterTopic('bank-ingestion'),
  deadLetterNormalizer: deadLetterTopic('transaction-normalizer'),
  deadLetterFraudScoring: deadLetterTopic('fraud-scoring'),
  deadLetterMessengerGateway: deadLetterTopic('messenger-gateway'),
} as const;

function deadLetterTopic(service: ServiceName): TopicDefinition<never> {
  return topic<never>({
    name: `kontor.deadletter.${service}.v1`,
    summary:
      `Messages ${service} could not process: the original key, value and headers, plus ` +
      '`kontor-dlt-*` headers naming the source topic, partition, offset, consumer group and reason.',
    key: 'the original message key',
    schemaVersion: 1,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: [service],
    consumers: [],
  });
}

export type TopicKey = keyof typeof Topics;

export const ALL_TOPICS: readonly TopicDefinition[] = Object.values(Topics);
