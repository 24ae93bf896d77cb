import type { FraudAlertRaisedV1 } from '@kontor/contracts';
import type { TransactionFeatures } from '@kontor/fraud-rules';
import type { FraudCaseEntity } from './fraud-case.entity';

/** The case row an alert opens. */
export function caseFor(alert: FraudAlertRaisedV1, features: TransactionFeatures, openedAt: Date, ttlHours: number): Omit<FraudCaseEntity, 'openedAt'> & { openedAt: Date } {
  return {
    alertId: alert.alertId,
    transactionId: alert.transactionId,
    bankId: alert.bankId,
    accountRef: alert.accountRef,
    accountMasked: alert.accountMasked,
    cardLast4: alert.card?.last4 ?? null,
    merchantName: alert.merchantName ?? null,
    amountMinor: alert.amountMinor,
    currency: alert.currency,
    currencyExponent: alert.currencyExponent,
    score: alert.score,
    reasons: alert.reasons,
    ruleSetVersion: alert.ruleSetVersion,
    features,
    status: 'open',
    occurredAt: new Date(features.at),
    openedAt,
    expiresAt: new Date(openedAt.getTime() + ttlHours * 3_600_000),
    resolvedAt: null,
    resolvedBy: null,
    note: null,
  };
}
