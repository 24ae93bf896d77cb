import type { FraudDecision, FraudReason, NormalizedTransactionV1 } from '@kontor/contracts';
import { decide, FraudRuleSet } from './rule-set';

export interface FraudAssessment {
  score: number;
  decision: FraudDecision;
  /** Highest contribution first. */
  reasons: FraudReason[];
  ruleSetVersion: string;
}

type Rule = (tx: NormalizedTransactionV1, ruleSet: FraudRuleSet) => FraudReason | undefined;

function atLeast(tx: NormalizedTransactionV1, thresholds: Readonly<Record<string, string>>): boolean {
  const threshold = thresholds[tx.currency];
  return threshold !== undefined && BigInt(tx.amountMinor) >= BigInt(threshold);
}

const highAmount: Rule = (tx, rules) =>
  atLeast(tx, rules.highAmount.minorUnits)
    ? { code: 'HIGH_AMOUNT', points: rules.highAmount.points, messageEn: 'The amount is unusually high.', messageDe: 'Der Betrag ist ungewöhnlich hoch.' }
    : undefined;

const veryHighAmount: Rule = (tx, rules) =>
  atLeast(tx, rules.veryHighAmount.minorUnits)
    ? {
        code: 'VERY_HIGH_AMOUNT',
        points: rules.veryHighAmount.points,
        messageEn: 'The amount is far above a typical card payment.',
        messageDe: 'Der Betrag liegt weit über einer üblichen Kartenzahlung.',
      }
    : undefined;

const cardNotPresent: Rule = (tx, rules) =>
  tx.card !== undefined && tx.cardPresent === false
    ? {
        code: 'CARD_NOT_PRESENT',
        points: rules.cardNotPresent.points,
        messageEn: 'The card was used online or by phone, not in person.',
        messageDe: 'Die Karte wurde online oder telefonisch verwendet, nicht vor Ort.',
      }
    : undefined;

const riskyMerchantCategory: Rule = (tx, rules) =>
  tx.merchant?.mcc !== undefined && rules.riskyMerchantCategory.mccs.includes(tx.merchant.mcc)
    ? {
        code: 'RISKY_MERCHANT_CATEGORY',
        points: rules.riskyMerchantCategory.points,
        messageEn: 'The merchant is in a category often used for fraud (gambling, money transfer, crypto).',
        messageDe: 'Der Händler gehört zu einer Branche, die oft für Betrug genutzt wird (Glücksspiel, Geldtransfer, Krypto).',
      }
    : undefined;

const RULES: readonly Rule[] = [highAmount, veryHighAmount, cardNotPresent, riskyMerchantCategory];

/**
 * Stateless baseline scoring: only debits carry card-fraud risk. Behaviour profiles and typologies
 * (velocity, new country, impossible travel, ...) arrive with issue #5.
 */
export function scoreTransaction(tx: NormalizedTransactionV1, ruleSet: FraudRuleSet): FraudAssessment {
  const reasons =
    tx.direction === 'debit' ? RULES.map((rule) => rule(tx, ruleSet)).filter((r): r is FraudReason => r !== undefined) : [];
  reasons.sort((a, b) => b.points - a.points);
  const score = Math.min(1000, reasons.reduce((sum, reason) => sum + reason.points, 0));
  return { score, decision: decide(score, ruleSet), reasons, ruleSetVersion: ruleSet.version };
}
