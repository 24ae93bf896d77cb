export type ConversationLocale = 'en' | 'de';

export const INTENT_NAMES = [
  'balance',
  'recent_transactions',
  'spending_by_category',
  'search_spending',
  'receipt',
  'shipping_status',
  'help',
  'link_account',
  'list_consents',
  'revoke_consent',
  'access_log',
  'greeting',
  'fraud_feedback_genuine',
  'fraud_feedback_fraud',
  'unknown',
] as const;
export type IntentName = (typeof INTENT_NAMES)[number];

export const PERIODS = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'this_year', 'last_year'] as const;
export type Period = (typeof PERIODS)[number];

export interface IntentSlots {
  /** The merchant as the customer typed it ("Amazon", "rewe"); match it case-insensitively. */
  merchant?: string;
  /** Calendar month `YYYY-MM`: a named month (the latest one not after `now`), or this/last month. */
  month?: string;
  /** A relative period ("this month", "letzte Woche"). */
  period?: Period;
  /** Primary category of Kontor's taxonomy (`groceries`, `food`, `transport`...). */
  category?: string;
  /** How many items were asked for ("last 5 transactions"), 1–50. */
  count?: number;
}

export interface RecognizedIntent {
  intent: IntentName;
  slots: IntentSlots;
  /** The language to answer in: the given locale, else the detected one (English when undecided). */
  locale: ConversationLocale;
  /** 0–1: 0 for `unknown`; lower the more typos had to be corrected and the weaker the evidence. */
  confidence: number;
}

export interface RecognizeOptions {
  /** "Now" for resolving months and periods; defaults to the current time. */
  now?: Date;
}
