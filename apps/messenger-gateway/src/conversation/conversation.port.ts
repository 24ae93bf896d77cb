import type { CardLastFour, MaskedAccount } from '@kontor/conversation';

/**
 * The seam between the gateway and the conversation library (libs/conversation, issue #6): intent
 * recognition and reply rendering, both pure. The gateway hands the renderer only data that was already
 * read under a valid consent and reduced to what the answer shows: accounts as `MaskedAccount` and cards
 * as `CardLastFour`, the library's branded types, so a raw IBAN or PAN does not compile into a Reply.
 * `LibraryConversation` (the library behind this port) is the implementation.
 */
export type Locale = 'en' | 'de';

export type IntentName =
  | 'balance'
  | 'recent_transactions'
  | 'spending_by_category'
  | 'search_spending'
  | 'receipt'
  | 'shipping_status'
  | 'help'
  | 'link_account'
  | 'list_consents'
  | 'revoke_consent'
  | 'access_log'
  | 'greeting'
  /** Typed answers to a fraud alert ("it was me", "not me"); tapped ones arrive as FRAUD_FEEDBACK payloads. */
  | 'fraud_feedback_genuine'
  | 'fraud_feedback_fraud'
  | 'unknown';

export interface IntentSlots {
  merchant?: string;
  /** `YYYY-MM`. */
  month?: string;
  category?: string;
  /** How many items were asked for ("last 5 transactions"). */
  count?: number;
}

export interface RecognizedIntent {
  intent: IntentName;
  slots: IntentSlots;
  locale: Locale;
  /** 0–1. */
  confidence: number;
}

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

/** A Send API `message` object: text with optional quick replies, or a template attachment. */
export type SendApiMessage =
  | { text: string; quick_replies?: QuickReply[]; metadata?: string }
  | { attachment: { type: 'template'; payload: Record<string, unknown> }; quick_replies?: QuickReply[]; metadata?: string };

/** Amounts are integer minor units as strings; accounts only masked; cards only the last four. */
export interface Money {
  amountMinor: string;
  currency: string;
}

export type ConsentScopeName = 'balances' | 'transactions' | 'receipts' | 'fraud_alerts';

export type Reply =
  | { type: 'balance'; accounts: { accountMasked: MaskedAccount; booked: Money; available?: Money; asOf: string }[] }
  | {
      type: 'recent_transactions';
      transactions: { accountMasked: MaskedAccount; bookingDate: string; name?: string; amount: Money; direction: 'debit' | 'credit'; cardLast4?: CardLastFour }[];
    }
  | { type: 'spending_by_category'; month: string; categories: { category: string; total: Money; count: number }[] }
  | { type: 'search_spending'; merchant: string; month?: string; totals: { total: Money; count: number }[] }
  | {
      type: 'receipt';
      recipientName: MaskedAccount;
      orderNumber: string;
      merchantName: string;
      placedAt: string;
      /** The card the order was paid with; without one the receipt names the account's last four. */
      cardLast4?: CardLastFour;
      total: Money;
      shipping?: Money;
      tax?: Money;
      items: { title: string; quantity: number; price: Money; imageUrl?: string }[];
    }
  | { type: 'shipping_status'; orders: { merchantName: string; orderNumber: string; status: string; carrier?: string; trackingNumber?: string; trackingUrl?: string; estimatedDelivery?: string }[] }
  | { type: 'shipment_update'; merchantName: string; orderNumber: string; status: string; carrier?: string; trackingNumber?: string; trackingUrl?: string }
  | { type: 'help' }
  | { type: 'greeting' }
  | { type: 'unknown' }
  | { type: 'link_account'; url: string }
  | { type: 'linked'; accounts: MaskedAccount[]; scopes: ConsentScopeName[]; expiresAt: string }
  | { type: 'link_failed' }
  /** The customer has no valid consent covering what the question needs. */
  | { type: 'consent_required'; scope: ConsentScopeName }
  | { type: 'consent_list'; consents: { consentId: string; bankId: string; accountMasked: MaskedAccount; scopes: ConsentScopeName[]; expiresAt: string }[] }
  | { type: 'consents_revoked'; accounts: MaskedAccount[] }
  | { type: 'consent_expiring'; accountMasked: MaskedAccount; expiresAt: string }
  | { type: 'access_log'; entries: { accessedAt: string; consentId: string; scope: ConsentScopeName; purpose: string; accountMasked: MaskedAccount; recordCount: number }[] }
  | { type: 'feedback_thanks'; verdict: 'genuine' | 'fraud' }
  | { type: 'receipt_not_found' }
  | { type: 'nothing_found' };

export interface ConversationPort {
  recognizeIntent(text: string, locale?: Locale): RecognizedIntent;
  render(reply: Reply, locale: Locale): SendApiMessage;
  /** The Messenger Profile (get started, greeting, persistent menu) the page should have. */
  messengerProfile(): Record<string, unknown>;
}

export const CONVERSATION_PORT = Symbol('ConversationPort');

/**
 * Postback and quick-reply payloads the gateway understands; the renderer uses them in buttons. The library's
 * `intentPayload`, `revokeConsentPayload` and `fraudFeedbackPayload` make the same strings.
 */
export const Payloads = {
  getStarted: 'GET_STARTED',
  intent: (intent: IntentName) => `INTENT|${intent}`,
  revokeConsent: (consentId: string | 'ALL') => `CONSENT_REVOKE|${consentId}`,
  receipt: (transactionId: string) => `RECEIPT|${transactionId}`,
} as const;
