import { assessTransaction, BehaviourProfile, DEFAULT_RULE_SET, emptyProfile, FraudRuleSet, ProfilePair, teachGenuine, thresholdsFor } from '@kontor/fraud-rules';
import type { FraudTypology, LabelledTransaction } from './stream-generator';

/** One scored debit: what the scorer said and what was true. */
export interface ScoredSample {
  score: number;
  alert: boolean;
  fraud: boolean;
  customer: number;
  typology?: FraudTypology;
  incident?: string;
  reasons: string[];
}

export interface QualityReport {
  label: string;
  transactions: number;
  frauds: number;
  alerts: number;
  truePositives: number;
  precision: number;
  recall: number;
  /** Share of fraud incidents with at least one alerted transaction. */
  incidentRecall: number;
  /** Area under the precision–recall curve (average precision over the score ranking). */
  prAuc: number;
  alertsPer1000: number;
  falseAlertsPerCustomerMonth: number;
  recallByTypology: Record<string, { frauds: number; caught: number }>;
}

/**
 * Runs the same pure scoring the service runs, account by account in stream order, and answers every alert
 * the way the customer would: "it was me" teaches the profile, "not me" teaches nothing.
 */
export function scoreStream(stream: readonly LabelledTransaction[], rules: FraudRuleSet = DEFAULT_RULE_SET): ScoredSample[] {
  const accounts = new Map<string, BehaviourProfile>();
  const cards = new Map<string, BehaviourProfile>();
  const samples: ScoredSample[] = [];
  for (const item of stream) {
    const { tx } = item;
    const card = tx.card ? cards.get(tx.card.token) : undefined;
    const pair: ProfilePair = { account: accounts.get(tx.accountRef) ?? emptyProfile(), ...(card && { card }) };
    const { assessment, features, next } = assessTransaction(tx, pair, rules);
    // The customer answers at once: a genuine alert teaches the profile, as the feedback consumer does.
    accounts.set(tx.accountRef, assessment.decision === 'alert' && !item.fraud ? teachGenuine(next.account, features) : next.account);
    if (tx.card && next.card) cards.set(tx.card.token, next.card);
    if (tx.direction !== 'debit') continue;
    samples.push({
      score: assessment.score,
      alert: assessment.decision === 'alert',
      fraud: item.fraud,
      customer: item.customer,
      ...(item.typology && { typology: item.typology }),
      ...(item.incident && { incident: item.incident }),
      reasons: assessment.reasons.map((r) => r.code),
    });
  }
  return samples;
}

/** The naive baseline: one amount threshold for everyone; the amount itself is the score for the PR curve. */
export function scoreByAmount(stream: readonly LabelledTransaction[], thresholdMinor: number): ScoredSample[] {
  return stream
    .filter((t) => t.tx.direction === 'debit')
    .map((t) => {
      const amount = Number(t.tx.amountMinor);
      return {
        score: amount,
        alert: amount >= thresholdMinor,
        fraud: t.fraud,
        customer: t.customer,
        ...(t.typology && { typology: t.typology }),
        ...(t.incident && { incident: t.incident }),
        reasons: amount >= thresholdMinor ? ['AMOUNT_THRESHOLD'] : [],
      };
    });
}

/** Average precision: Σ over frauds, in descending score order, of precision at that fraud's rank (ties as one step). */
export function averagePrecision(samples: readonly ScoredSample[]): number {
  const positives = samples.filter((s) => s.fraud).length;
  if (positives === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => b.score - a.score);
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    let groupTp = 0;
    while (j < sorted.length && sorted[j].score === sorted[i].score) {
      if (sorted[j].fraud) groupTp++;
      j++;
    }
    seen += j - i;
    tp += groupTp;
    ap += groupTp * (tp / seen);
    i = j;
  }
  return ap / positives;
}

export function qualityReport(label: string, samples: readonly ScoredSample[], customerMonths: number): QualityReport {
  const alerts = samples.filter((s) => s.alert);
  const truePositives = alerts.filter((s) => s.fraud).length;
  const frauds = samples.filter((s) => s.fraud);
  const incidents = new Map<string, boolean>();
  for (const s of frauds) incidents.set(s.incident ?? 'unlabelled', (incidents.get(s.incident ?? 'unlabelled') ?? false) || s.alert);
  const recallByTypology: QualityReport['recallByTypology'] = {};
  for (const s of frauds) {
    const entry = (recallByTypology[s.typology ?? 'unlabelled'] ??= { frauds: 0, caught: 0 });
    entry.frauds++;
    if (s.alert) entry.caught++;
  }
  return {
    label,
    transactions: samples.length,
    frauds: frauds.length,
    alerts: alerts.length,
    truePositives,
    precision: alerts.length > 0 ? truePositives / alerts.length : Number.NaN,
    recall: frauds.length > 0 ? truePositives / frauds.length : Number.NaN,
    incidentRecall: incidents.size > 0 ? [...incidents.values()].filter(Boolean).length / incidents.size : Number.NaN,
    prAuc: averagePrecision(samples),
    alertsPer1000: (alerts.length / samples.length) * 1000,
    falseAlertsPerCustomerMonth: (alerts.length - truePositives) / customerMonths,
    recallByTypology,
  };
}

/** The alert threshold of the rule set, for the report. */
export const alertThreshold = (rules: FraudRuleSet) => thresholdsFor(rules, 'bench-bank').alert;
