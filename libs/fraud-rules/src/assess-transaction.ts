import type { FraudDecision, FraudReason, NormalizedTransactionV1 } from '@kontor/contracts';
import { BehaviourProfile, confirmLocation, emptyProfile, learnHabits, recordActivity } from './behaviour-profile';
import { decide, FraudRuleSet, thresholdsFor } from './rule-set';
import { extractFeatures, TransactionFeatures } from './transaction-features';
import { cardNotPresent, isCashOut, isNovelMerchant, TYPOLOGIES, TypologyContext } from './typologies';

export interface FraudAssessment {
  /** 0–1000: the sum of the reasons' points, capped. */
  score: number;
  decision: FraudDecision;
  /** Highest contribution first. */
  reasons: FraudReason[];
  ruleSetVersion: string;
}

/** The profiles a transaction is scored against: its account's and, when it has a card, its card's. */
export interface ProfilePair {
  account: BehaviourProfile;
  card?: BehaviourProfile;
}

export interface AssessedTransaction {
  assessment: FraudAssessment;
  features: TransactionFeatures;
  /** The profiles after this transaction, to store and score the next one against. */
  next: ProfilePair;
}

/** Scores a transaction against the profiles as they were before it. Only debits carry card-fraud risk. */
export function scoreFeatures(f: TransactionFeatures, bankId: string, profiles: ProfilePair, rules: FraudRuleSet): FraudAssessment {
  const ctx: TypologyContext = { f, account: profiles.account, ...(profiles.card && { card: profiles.card }), rules };
  const reasons: FraudReason[] = [];
  if (f.debit) {
    for (const typology of TYPOLOGIES) {
      const found = typology(ctx);
      if (found) reasons.push(found);
    }
    const online = cardNotPresent(ctx, reasons);
    if (online) reasons.push(online);
  }
  // Stable sort: equal points keep the typology order, so the same input always lists the same reasons.
  reasons.sort((a, b) => b.points - a.points);
  for (const group of rules.overlapping) {
    // The strongest keeps its points; the others add only what is left under the group's cap.
    let left = group.maxPoints;
    for (const r of reasons) {
      if (!group.codes.includes(r.code)) continue;
      r.points = Math.min(r.points, left);
      left -= r.points;
    }
  }
  reasons.sort((a, b) => b.points - a.points);
  const score = Math.min(1000, reasons.reduce((sum, r) => sum + r.points, 0));
  return { score, decision: decide(score, thresholdsFor(rules, bankId)), reasons, ruleSetVersion: rules.version };
}

/**
 * Score, then update the profiles: activity always, habits only when the transaction did not alert (an
 * alert is learned only once the customer confirms it, see `teachGenuine`), so fraud never teaches the
 * profile that fraud is normal. Pure and deterministic: the same stream gives the same scores anywhere.
 */
export function assessTransaction(tx: NormalizedTransactionV1, profiles: ProfilePair, rules: FraudRuleSet): AssessedTransaction {
  const features = extractFeatures(tx);
  const assessment = scoreFeatures(features, tx.bankId, profiles, rules);
  const learn = assessment.decision !== 'alert';
  const facts = { cashOut: isCashOut(features, rules), novel: isNovelMerchant(features, profiles.account), trusted: learn };
  const active = recordActivity(profiles.account, features, facts);
  const account = learn ? learnHabits(active, features) : active;
  // A card's profile is activity only (velocity, location, dormancy); habits belong to the account.
  const card = features.cardToken !== undefined ? recordActivity(profiles.card ?? emptyProfile(), features, facts) : undefined;
  return { assessment, features, next: { account, ...(card && { card }) } };
}

/** "It was me": learn the confirmed transaction as a habit (merchant, country, amount, hour, place now known). */
export function teachGenuine(profile: BehaviourProfile, features: TransactionFeatures): BehaviourProfile {
  return confirmLocation(learnHabits(profile, features, true), features);
}

/** "It was me", for the card's own profile: the card really was there. */
export function teachGenuineCard(profile: BehaviourProfile, features: TransactionFeatures): BehaviourProfile {
  return confirmLocation(profile, features);
}
