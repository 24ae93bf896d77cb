import type { ConversationLocale } from '../intent/intent.types';

/** The scopes a customer consents to; the same names messenger-gateway stores. */
export type ConsentScope = 'balances' | 'transactions' | 'receipts' | 'fraud_alerts';

export const SCOPE_LABELS: Record<ConversationLocale, Record<ConsentScope, string>> = {
  en: { balances: 'balances', transactions: 'transactions', receipts: 'receipts and shipping', fraud_alerts: 'fraud alerts' },
  de: { balances: 'Kontostände', transactions: 'Umsätze', receipts: 'Belege und Versand', fraud_alerts: 'Betrugswarnungen' },
};

const CATEGORY_LABELS: Record<ConversationLocale, Record<string, string>> = {
  en: {
    groceries: 'Groceries', food: 'Food and drink', transport: 'Transport', shopping: 'Shopping', entertainment: 'Entertainment', housing: 'Housing',
    utilities: 'Utilities', health: 'Health', subscriptions: 'Subscriptions', cash: 'Cash', travel: 'Travel', transfers: 'Transfers', income: 'Income', uncategorized: 'Other',
  },
  de: {
    groceries: 'Lebensmittel', food: 'Essen und Trinken', transport: 'Mobilität', shopping: 'Einkäufe', entertainment: 'Freizeit', housing: 'Wohnen',
    utilities: 'Nebenkosten', health: 'Gesundheit', subscriptions: 'Abos', cash: 'Bargeld', travel: 'Reisen', transfers: 'Überweisungen', income: 'Einnahmen', uncategorized: 'Sonstiges',
  },
};

/** A category's display name; a primary we have no label for is shown from its id ("home_office" → "Home office"). */
export function categoryLabel(primary: string, locale: ConversationLocale): string {
  const known = CATEGORY_LABELS[locale][primary];
  if (known) return known;
  const words = primary.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
