import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { FraudAlertRaisedV1, NormalizedTransactionV1, Topics, TransactionScoredV1 } from '@kontor/contracts';
import { assessTransaction, BehaviourProfile, emptyProfile, extractFeatures, FraudAssessment, FraudRuleSet, RULE_SETS, scoreFeatures, TransactionFeatures } from '@kontor/fraud-rules';
import { uuidV5 } from '@kontor/util';
import { childTraceparent, ConsumedMessage, ConsumedMessageContext, ContractConsumer, EventPublisher, KafkaClient, OutgoingEvent } from '@kontor/platform-kafka';
import { claimEvents, OutboxWriter } from '@kontor/platform-outbox';
import { caseFor } from '../cases/case-record';
import { FraudCaseEntity } from '../cases/fraud-case.entity';
import { FraudConfig } from '../fraud.config';
import { ACCOUNT_SUBJECT, cardSubject, ProfileRepository } from '../profiles/profile.repository';
import { TransactionScoreEntity } from './transaction-score.entity';

export const FRAUD_GROUP = 'fraud-scoring';

/** The alert id: one per transaction and rule-set version, so no redelivery or revision makes a second alert. */
export const alertIdFor = (transactionId: string, ruleSetVersion: string) => uuidV5(`alert|${transactionId}|${ruleSetVersion}`);

/**
 * A later revision (pending → booked, enriched) is scored again only when it changed in a way that could
 * change the risk: another currency, or a booked amount more than 20 % above the one scored.
 */
export function changedMaterially(scored: { amountMinor: string | null; currency: string | null }, tx: NormalizedTransactionV1): boolean {
  if (scored.amountMinor === null || scored.currency === null) return false;
  if (tx.currency !== scored.currency) return true;
  return BigInt(tx.amountMinor) * 5n > BigInt(scored.amountMinor) * 6n;
}

/** Statuses a transaction is scored in on first sight; superseded, expired and reversed are lifecycle updates. */
const SCORED_STATUSES: ReadonlySet<string> = new Set(['pending', 'booked']);

/** The pending transaction a booked one posts, per the normalizer's link (docs/normalization.md). */
export function settledPendingId(tx: NormalizedTransactionV1): string[] {
  return tx.supersedes?.relation === 'posts-pending' ? [tx.supersedes.transactionId] : [];
}

interface PlannedScore {
  row: Partial<TransactionScoreEntity> & { transactionId: string };
  events: OutgoingEvent[];
  fraudCase?: ReturnType<typeof caseFor>;
  isNew: boolean;
}

/**
 * Scores every canonical transaction against its account's and card's behaviour profiles, and in the same
 * database transaction stores the score, the updated profiles, the case an alert opens and the events.
 * Deterministic from the stream: profiles advance by the transactions' own timestamps, a transaction id
 * is applied once (later revisions never count twice), and a batch of one account runs in order under a lock.
 */
@Injectable()
export class NormalizedTransactionConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ContractConsumer<NormalizedTransactionV1>;
  readonly ruleSet: FraudRuleSet;

  constructor(
    client: KafkaClient,
    publisher: EventPublisher,
    private readonly config: FraudConfig,
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

  /** The score event, and the alert and its case when the decision is `alert` and this transaction has none yet. */
  private outputs(tx: NormalizedTransactionV1, features: TransactionFeatures, assessment: FraudAssessment, context: ConsumedMessageContext, now: Date, first: boolean, alreadyAlerted: boolean) {
    const scoredAt = now.toISOString();
    const alertId = assessment.decision === 'alert' && !alreadyAlerted ? alertIdFor(tx.transactionId, assessment.ruleSetVersion) : undefined;
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
      revision: tx.revision,
      ...(alertId !== undefined && { alertId }),
    };
    const scoredEventId = uuidV5(first ? `${Topics.transactionScored.name}|${tx.transactionId}` : `${Topics.transactionScored.name}|${tx.transactionId}|r${tx.revision}`);
    const events: OutgoingEvent[] = [{ topic: Topics.transactionScored, key: tx.accountRef, payload: scored, eventId: scoredEventId, traceparent }];
    let fraudCase: ReturnType<typeof caseFor> | undefined;
    if (alertId !== undefined) {
      const expires = new Date(now.getTime() + this.config.FRAUD_CASE_TTL_HOURS * 3_600_000);
      const alert: FraudAlertRaisedV1 = {
        alertId,
        transactionId: tx.transactionId,
        bankId: tx.bankId,
        accountRef: tx.accountRef,
        accountMasked: tx.accountMasked,
        ...((tx.displayName ?? tx.merchant?.name) !== undefined && { merchantName: tx.displayName ?? tx.merchant?.name }),
        ...(tx.card !== undefined && { card: tx.card }),
        amountMinor: tx.amountMinor,
        currency: tx.currency,
        currencyExponent: tx.currencyExponent,
        score: assessment.score,
        reasons: assessment.reasons,
        ruleSetVersion: assessment.ruleSetVersion,
        raisedAt: scoredAt,
        ...(tx.occurredAt !== undefined && { occurredAt: tx.occurredAt }),
        caseExpiresAt: expires.toISOString(),
      };
      events.push({ topic: Topics.fraudAlertRaised, key: tx.accountRef, payload: alert, eventId: alertId, traceparent });
      fraudCase = caseFor(alert, features, now, this.config.FRAUD_CASE_TTL_HOURS);
    }
    return { events, alertId, fraudCase };
  }

  async handleBatch(items: readonly ConsumedMessage<NormalizedTransactionV1>[]): Promise<void> {
    const published = await this.dataSource.transaction((manager) => this.applyBatch(manager, items));
    if (published > 0) this.outbox.flush();
  }

  private async applyBatch(manager: EntityManager, items: readonly ConsumedMessage<NormalizedTransactionV1>[]): Promise<number> {
    const now = new Date();
    const claimed = await claimEvents(manager, FRAUD_GROUP, items.map((i) => i.context.eventId));
    const seenEvents = new Set<string>();
    const fresh = items.filter(({ context }) => claimed.has(context.eventId) && !seenEvents.has(context.eventId) && seenEvents.add(context.eventId));
    if (fresh.length === 0) return 0;
    const accountRefs = fresh.map((i) => i.message.accountRef);
    await ProfileRepository.lockAccounts(manager, accountRefs);
    const profiles = await ProfileRepository.load(manager, accountRefs);
    const known = new Map(
      (
        await manager
          .getRepository(TransactionScoreEntity)
          .createQueryBuilder('s')
          .where('s.transaction_id = ANY(:ids)', { ids: [...new Set(fresh.flatMap((i) => [i.message.transactionId, ...settledPendingId(i.message)]))] })
          .getMany()
      ).map((s) => [s.transactionId, s]),
    );
    const changedProfiles = new Map<string, BehaviourProfile>();
    const planned: PlannedScore[] = [];
    const profileOf = (key: string) => changedProfiles.get(key) ?? profiles.get(key);

    for (const { message: tx, context } of fresh) {
      const accountKey = ProfileRepository.key(tx.accountRef, ACCOUNT_SUBJECT);
      const cardKey = tx.card ? ProfileRepository.key(tx.accountRef, cardSubject(tx.card.token)) : undefined;
      const pair = { account: profileOf(accountKey) ?? emptyProfile(), ...(cardKey && { card: profileOf(cardKey) ?? emptyProfile() }) };
      const prior = known.get(tx.transactionId);
      const settled = prior === undefined ? settledPendingId(tx).map((id) => known.get(id)).find((row) => row !== undefined) : undefined;
      if (settled !== undefined) {
        // The booked posting of a pending transaction already scored: the same real-world payment, so it
        // takes the pending one's score (and alert) and does not count in the profiles a second time.
        // Re-scored only on a material change, and it never raises an alert when the pending one did.
        const materially = changedMaterially(settled, tx);
        const assessment: FraudAssessment = materially
          ? scoreFeatures(extractFeatures(tx), tx.bankId, pair, this.ruleSet)
          : { score: settled.score, decision: settled.decision, reasons: settled.reasons, ruleSetVersion: settled.ruleSetVersion };
        const features = extractFeatures(tx);
        const out = this.outputs(tx, features, assessment, context, now, true, settled.alertId !== null || !materially);
        const row = this.scoreRow(tx, assessment, settled.alertId ?? out.alertId ?? null);
        known.set(tx.transactionId, row as TransactionScoreEntity);
        planned.push({ row, events: out.events, ...(out.fraudCase && { fraudCase: out.fraudCase }), isNew: true });
        continue;
      }
      if (prior === undefined && !SCORED_STATUSES.has(tx.status)) continue; // a lifecycle update of a transaction never seen here
      if (prior === undefined) {
        // First sight: score, then advance the profiles. This is the only time a transaction counts.
        const { assessment, features, next } = assessTransaction(tx, pair, this.ruleSet);
        changedProfiles.set(accountKey, next.account);
        if (cardKey && next.card) changedProfiles.set(cardKey, next.card);
        const out = this.outputs(tx, features, assessment, context, now, true, false);
        const row = this.scoreRow(tx, assessment, out.alertId ?? null);
        known.set(tx.transactionId, row as TransactionScoreEntity);
        planned.push({ row, events: out.events, ...(out.fraudCase && { fraudCase: out.fraudCase }), isNew: true });
        continue;
      }
      if (tx.revision <= prior.revision) continue; // a redelivery or an out-of-date revision
      prior.revision = tx.revision;
      if (tx.status !== 'booked' || !changedMaterially(prior, tx)) {
        planned.push({ row: { transactionId: tx.transactionId, revision: tx.revision }, events: [], isNew: false });
        continue;
      }
      // Re-score the booked amount against the profiles as they are; the profiles do not count it again.
      const features = extractFeatures(tx);
      const assessment = scoreFeatures(features, tx.bankId, pair, this.ruleSet);
      const out = this.outputs(tx, features, assessment, context, now, false, prior.alertId !== null);
      const row = { ...this.scoreRow(tx, assessment, prior.alertId ?? out.alertId ?? null) };
      Object.assign(prior, row);
      planned.push({ row, events: out.events, ...(out.fraudCase && { fraudCase: out.fraudCase }), isNew: false });
    }

    await ProfileRepository.save(manager, changedProfiles);
    const inserts = planned.filter((p) => p.isNew).map((p) => p.row);
    if (inserts.length > 0) await manager.createQueryBuilder().insert().into(TransactionScoreEntity).values(inserts).execute();
    for (const update of planned.filter((p) => !p.isNew)) {
      const { transactionId, ...fields } = update.row;
      await manager.getRepository(TransactionScoreEntity).update({ transactionId }, fields);
    }
    const cases = planned.flatMap((p) => (p.fraudCase ? [p.fraudCase] : []));
    if (cases.length > 0) await manager.createQueryBuilder().insert().into(FraudCaseEntity).values(cases).orIgnore().execute();
    const events = planned.flatMap((p) => p.events);
    await this.outbox.enqueue(manager, events);
    return events.length;
  }

  private scoreRow(tx: NormalizedTransactionV1, assessment: FraudAssessment, alertId: string | null) {
    return {
      transactionId: tx.transactionId,
      bankId: tx.bankId,
      accountRef: tx.accountRef,
      score: assessment.score,
      decision: assessment.decision,
      reasons: assessment.reasons,
      ruleSetVersion: assessment.ruleSetVersion,
      revision: tx.revision,
      amountMinor: tx.amountMinor,
      currency: tx.currency,
      alertId,
    };
  }
}
