import type { EntityManager } from 'typeorm';
import { FraudCaseResolver, FraudCaseStatus, FraudCaseUpdatedV1, Topics } from '@kontor/contracts';
import { teachGenuine, teachGenuineCard } from '@kontor/fraud-rules';
import type { OutgoingEvent } from '@kontor/platform-kafka';
import { enqueueEvents } from '@kontor/platform-outbox';
import { uuidV5 } from '@kontor/util';
import { ACCOUNT_SUBJECT, cardSubject, ProfileRepository } from '../profiles/profile.repository';
import { FraudCaseEntity } from './fraud-case.entity';

export const FRAUD_SOURCE = 'fraud-scoring';

/** The event announcing a case's new status; its id is deterministic per case and status. */
export function caseUpdatedEvent(c: Pick<FraudCaseEntity, 'alertId' | 'transactionId' | 'bankId' | 'accountRef' | 'status' | 'resolvedBy' | 'ruleSetVersion'>, at: Date): OutgoingEvent<FraudCaseUpdatedV1> {
  const payload: FraudCaseUpdatedV1 = {
    alertId: c.alertId,
    transactionId: c.transactionId,
    bankId: c.bankId,
    accountRef: c.accountRef,
    status: c.status,
    ...(c.resolvedBy !== null && { resolvedBy: c.resolvedBy }),
    ruleSetVersion: c.ruleSetVersion,
    updatedAt: at.toISOString(),
  };
  return { topic: Topics.fraudCaseUpdated, key: c.accountRef, payload, eventId: uuidV5(`case|${c.alertId}|${c.status}`) };
}

export type CaseVerdict = 'confirmed_fraud' | 'confirmed_genuine';
export type ResolveOutcome = { outcome: 'resolved'; fraudCase: FraudCaseEntity } | { outcome: 'not-found' } | { outcome: 'already-resolved'; fraudCase: FraudCaseEntity };

/** Cases a verdict may still settle: open ones, and expired ones (a late answer is still the customer's answer). */
const SETTLEABLE: readonly FraudCaseStatus[] = ['open', 'expired'];

/**
 * Resolves a case inside the caller's transaction and announces it (outbox, same transaction). A genuine
 * verdict teaches the profiles what the customer confirmed (merchant, country, amount, hour, place), once:
 * only on the case's transition. The caller flushes the outbox after the commit.
 */
export async function resolveCase(
  manager: EntityManager,
  alertId: string,
  verdict: CaseVerdict,
  by: FraudCaseResolver,
  options: { bankId?: string; note?: string; at: Date },
): Promise<ResolveOutcome> {
  const repository = manager.getRepository(FraudCaseEntity);
  const peek = await repository.findOne({ where: { alertId } });
  if (peek === null || (options.bankId !== undefined && peek.bankId !== options.bankId)) return { outcome: 'not-found' };
  // The account lock first (as scoring takes it), then the row: profile updates stay in stream order.
  await ProfileRepository.lockAccounts(manager, [peek.accountRef]);
  const fraudCase = await repository.createQueryBuilder('c').setLock('pessimistic_write').where('c.alert_id = :alertId', { alertId }).getOneOrFail();
  if (!SETTLEABLE.includes(fraudCase.status)) return { outcome: 'already-resolved', fraudCase };
  fraudCase.status = verdict;
  fraudCase.resolvedAt = options.at;
  fraudCase.resolvedBy = by;
  fraudCase.note = options.note ?? null;
  await repository.save(fraudCase);
  await enqueueEvents(manager, FRAUD_SOURCE, [caseUpdatedEvent(fraudCase, options.at)]);
  if (verdict === 'confirmed_genuine') {
    const profiles = await ProfileRepository.load(manager, [fraudCase.accountRef]);
    const taught = new Map<string, ReturnType<typeof teachGenuine>>();
    const accountKey = ProfileRepository.key(fraudCase.accountRef, ACCOUNT_SUBJECT);
    const account = profiles.get(accountKey);
    if (account) taught.set(accountKey, teachGenuine(account, fraudCase.features));
    const token = fraudCase.features.cardToken;
    const cardKey = token !== undefined ? ProfileRepository.key(fraudCase.accountRef, cardSubject(token)) : undefined;
    const card = cardKey !== undefined ? profiles.get(cardKey) : undefined;
    if (cardKey !== undefined && card) taught.set(cardKey, teachGenuineCard(card, fraudCase.features));
    await ProfileRepository.save(manager, taught);
  }
  return { outcome: 'resolved', fraudCase };
}
