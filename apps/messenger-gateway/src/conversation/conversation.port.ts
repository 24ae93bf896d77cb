/**
 * The seam between the gateway and the conversation library (libs/conversation, issue #6): intent
 * recognition and reply rendering, both pure. The gateway hands the renderer only data that was already
 * read under a valid consent and reduced to what the answer shows (masked accounts, card last four).
 * `BasicConversation` is the gateway's own small implementation until the library is wired in.
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
  | 'unknown';

export interface IntentSlots {
  merchant?: string;
  /** `YYYY-MM`. */
  month?: string;
  category?: string;
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
  | { type: 'balance'; accounts: { accountMasked: string; booked: Money; available?: Money; asOf: string }[] }
  | {
      type: 'recent_transactions';
      transactions: { accountMasked: string; bookingDate: string; name?: string; amount: Money; direction: 'debit' | 'credit'; cardLast4?: string; receiptPayload?: string }[];
    }
  | { type: 'spending_by_category'; month: string; categories: { category: string; total: Money; count: number }[] }
  | { type: 'search_spending'; merchant: string; month?: string; totals: { total: Money; count: number }[] }
  | {
      type: 'receipt';
      recipientName: string;
      orderNumber: string;
      merchantName: string;
      placedAt: string;
      paymentMethod: string;
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
  | { type: 'linked'; accounts: string[]; scopes: ConsentScopeName[]; expiresAt: string }
  | { type: 'link_failed' }
  /** The customer has no valid consent covering what the question needs. */
  | { type: 'consent_required'; scope: ConsentScopeName }
  | { type: 'consent_list'; consents: { consentId: string; accountMasked: string; scopes: ConsentScopeName[]; expiresAt: string }[] }
  | { type: 'consents_revoked'; accounts: string[] }
  | { type: 'consent_expiring'; accountMasked: string; expiresAt: string }
  | { type: 'access_log'; entries: { accessedAt: string; scope: ConsentScopeName; purpose: string; accountMasked: string; recordCount: number }[] }
  | { type: 'feedback_thanks'; verdict: 'genuine' | 'fraud' }
  | { type: 'nothing_found' };

export interface ConversationPort {
  recognizeIntent(text: string, locale?: Locale): RecognizedIntent;
  render(reply: Reply, locale: Locale): SendApiMessage;
  /** The Messenger Profile (get started, greeting, persistent menu) the page should have. */
  messengerProfile(): Record<string, unknown>;
}

export const CONVERSATION_PORT = Symbol('ConversationPort');

/** Postback and quick-reply payloads the gateway understands; the renderer uses them in buttons. */
export const Payloads = {
  getStarted: 'GET_STARTED',
  intent: (intent: IntentName) => `INTENT|${intent}`,
  revokeConsent: (consentId: string | 'ALL') => `CONSENT_REVOKE|${consentId}`,
  receipt: (transactionId: string) => `RECEIPT|${transactionId}`,
} as const;
