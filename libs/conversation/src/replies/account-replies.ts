import type { NormalizedTransactionV1, TransactionStatus } from '@kontor/contracts';
import type { ConversationLocale, Period } from '../intent/intent.types';
import { categoryLabel } from './labels';
import { CardLastFour, MaskedAccount, assertNoCardOrAccountNumber } from './masked';
import { quickReply } from './messenger-limits';
import { formatDate, formatMoney, formatMonth, MoneyAmount } from './money-format';
import { intentPayload } from './payloads';
import { TextMessage } from './send-api.types';
import { listText } from './text-list';

export interface AccountBalance {
  accountMasked: MaskedAccount;
  /** Booked balance, signed minor units. */
  balance: MoneyAmount;
  /** ISO date or date-time the balance is from. */
  asOf?: string;
}

export interface TransactionLine {
  bookingDate: string;
  displayName?: string;
  amount: MoneyAmount;
  direction: 'debit' | 'credit';
  status: TransactionStatus;
  cardLastFour?: CardLastFour;
}

const T = {
  en: {
    balanceHeading: 'Your balance:',
    noAccounts: 'I have no balance for you yet. Once your bank sends one, I can show it here.',
    asOf: (date: string) => ` (as of ${date})`,
    transactions: 'Transactions',
    spending: 'Spending',
    balance: 'Balance',
    recentHeading: (account?: string) => (account ? `Recent transactions on ${account}:` : 'Your recent transactions:'),
    noTransactions: 'There are no transactions to show yet.',
    more: (n: number) => `…and ${n} more`,
    pending: ' (pending)',
    card: (last4: string) => ` · card •${last4}`,
    unnamed: 'Payment',
    spendingHeading: (month: string) => `Your spending in ${month} by category:`,
    noSpending: (month: string) => `No card or account spending in ${month} so far.`,
    total: (amount: string) => `Total: ${amount}`,
    payments: (n: number) => (n === 1 ? '1 payment' : `${n} payments`),
    searchFound: (amount: string, what: string, count: string) => `You spent ${amount}${what} (${count}).`,
    searchNone: (what: string) => `I found no spending${what}.`,
    at: (merchant: string) => ` at ${merchant}`,
    in: (when: string) => ` in ${when}`,
    period: { today: 'today', yesterday: 'yesterday', this_week: 'this week', last_week: 'last week', this_month: 'this month', last_month: 'last month', this_year: 'this year', last_year: 'last year' } satisfies Record<Period, string>,
  },
  de: {
    balanceHeading: 'Ihr Kontostand:',
    noAccounts: 'Ich habe noch keinen Kontostand für Sie. Sobald Ihre Bank einen schickt, zeige ich ihn hier.',
    asOf: (date: string) => ` (Stand ${date})`,
    transactions: 'Umsätze',
    spending: 'Ausgaben',
    balance: 'Kontostand',
    recentHeading: (account?: string) => (account ? `Letzte Umsätze auf ${account}:` : 'Ihre letzten Umsätze:'),
    noTransactions: 'Es gibt noch keine Umsätze.',
    more: (n: number) => `…und ${n} weitere`,
    pending: ' (vorgemerkt)',
    card: (last4: string) => ` · Karte •${last4}`,
    unnamed: 'Zahlung',
    spendingHeading: (month: string) => `Ihre Ausgaben im ${month} nach Kategorie:`,
    noSpending: (month: string) => `Im ${month} gab es bisher keine Ausgaben.`,
    total: (amount: string) => `Summe: ${amount}`,
    payments: (n: number) => (n === 1 ? '1 Zahlung' : `${n} Zahlungen`),
    searchFound: (amount: string, what: string, count: string) => `Sie haben${what} ${amount} ausgegeben (${count}).`,
    searchNone: (what: string) => `Ich habe${what} keine Ausgaben gefunden.`,
    at: (merchant: string) => ` bei ${merchant}`,
    in: (when: string) => ` im ${when}`,
    period: { today: 'heute', yesterday: 'gestern', this_week: 'diese Woche', last_week: 'letzte Woche', this_month: 'diesen Monat', last_month: 'letzten Monat', this_year: 'dieses Jahr', last_year: 'letztes Jahr' } satisfies Record<Period, string>,
  },
} as const;

const negate = (amount: MoneyAmount): MoneyAmount => ({ ...amount, amountMinor: amount.amountMinor.startsWith('-') ? amount.amountMinor.slice(1) : `-${amount.amountMinor}` });

export function balanceReply(input: { locale: ConversationLocale; accounts: AccountBalance[] }): TextMessage {
  const t = T[input.locale];
  const quick_replies = [quickReply(t.transactions, intentPayload('recent_transactions')), quickReply(t.spending, intentPayload('spending_by_category'))];
  if (input.accounts.length === 0) return { text: t.noAccounts, quick_replies };
  const lines = input.accounts.map((a) => `• ${a.accountMasked}: ${formatMoney(a.balance, input.locale)}${a.asOf ? t.asOf(formatDate(a.asOf, input.locale)) : ''}`);
  return { text: listText({ heading: t.balanceHeading, lines, more: t.more }), quick_replies };
}

function transactionLine(line: TransactionLine, locale: ConversationLocale): string {
  const t = T[locale];
  const amount = line.direction === 'debit' ? formatMoney(negate(line.amount), locale) : `+${formatMoney(line.amount, locale)}`;
  const name = line.displayName ? assertNoCardOrAccountNumber(line.displayName) : t.unnamed;
  return `• ${formatDate(line.bookingDate, locale)} ${name}: ${amount}${line.status === 'pending' ? t.pending : ''}${line.cardLastFour ? t.card(line.cardLastFour) : ''}`;
}

/** The latest transactions, newest first as given; reversed and expired ones are the gateway's to leave out. */
export function recentTransactionsReply(input: { locale: ConversationLocale; accountMasked?: MaskedAccount; transactions: TransactionLine[] }): TextMessage {
  const t = T[input.locale];
  const quick_replies = [quickReply(t.balance, intentPayload('balance')), quickReply(t.spending, intentPayload('spending_by_category'))];
  if (input.transactions.length === 0) return { text: t.noTransactions, quick_replies };
  const lines = input.transactions.map((l) => transactionLine(l, input.locale));
  return { text: listText({ heading: t.recentHeading(input.accountMasked), lines, more: t.more }), quick_replies };
}

export interface CategoryTotal {
  primary: string;
  total: MoneyAmount;
  count: number;
}

export type SpendingTransaction = Pick<NormalizedTransactionV1, 'amountMinor' | 'currency' | 'currencyExponent' | 'direction' | 'status' | 'bookingDate' | 'category'>;

/**
 * Sums a month's spending by primary category: debits that are booked or pending, in exact minor units
 * (BigInt), one total per category and currency. Uncategorised spending is `uncategorized`. Largest first.
 */
export function summarizeSpendingByCategory(transactions: SpendingTransaction[], month: string): CategoryTotal[] {
  const totals = new Map<string, { primary: string; currency: string; exponent: number; sum: bigint; count: number }>();
  for (const tx of transactions) {
    if (tx.direction !== 'debit' || !(tx.status === 'booked' || tx.status === 'pending') || !tx.bookingDate.startsWith(`${month}-`)) continue;
    const primary = tx.category?.primary ?? 'uncategorized';
    const key = `${primary}|${tx.currency}`;
    const entry = totals.get(key) ?? { primary, currency: tx.currency, exponent: tx.currencyExponent, sum: 0n, count: 0 };
    entry.sum += BigInt(tx.amountMinor);
    entry.count++;
    totals.set(key, entry);
  }
  return [...totals.values()]
    .sort((a, b) => (a.sum === b.sum ? a.primary.localeCompare(b.primary) : a.sum > b.sum ? -1 : 1))
    .map((e) => ({ primary: e.primary, total: { amountMinor: e.sum.toString(), currency: e.currency, currencyExponent: e.exponent }, count: e.count }));
}

export function spendingByCategoryReply(input: { locale: ConversationLocale; month: string; categories: CategoryTotal[] }): TextMessage {
  const t = T[input.locale];
  const month = formatMonth(input.month, input.locale);
  const quick_replies = [quickReply(t.transactions, intentPayload('recent_transactions')), quickReply(t.balance, intentPayload('balance'))];
  if (input.categories.length === 0) return { text: t.noSpending(month), quick_replies };
  const lines = input.categories.map((c) => `• ${categoryLabel(c.primary, input.locale)}: ${formatMoney(c.total, input.locale)} (${t.payments(c.count)})`);
  const byCurrency = new Map<string, CategoryTotal['total'] & { sum: bigint }>();
  for (const c of input.categories) {
    const entry = byCurrency.get(c.total.currency) ?? { ...c.total, sum: 0n };
    entry.sum += BigInt(c.total.amountMinor);
    byCurrency.set(c.total.currency, entry);
  }
  const closing = t.total([...byCurrency.values()].map((e) => formatMoney({ amountMinor: e.sum.toString(), currency: e.currency, currencyExponent: e.currencyExponent }, input.locale)).join(' + '));
  return { text: listText({ heading: t.spendingHeading(month), lines, closing, more: t.more }), quick_replies };
}

export interface SpendingSearch {
  locale: ConversationLocale;
  merchant?: string;
  month?: string;
  period?: Period;
  /** Sum of the matching debits; undefined when nothing matched. */
  total?: MoneyAmount;
  count: number;
  /** A few of the matching transactions, to show under the sum. */
  examples?: TransactionLine[];
}

export function searchSpendingReply(input: SpendingSearch): TextMessage {
  const t = T[input.locale];
  const when = input.month && input.period !== 'this_month' && input.period !== 'last_month' ? t.in(formatMonth(input.month, input.locale)) : input.period ? ` ${t.period[input.period]}` : '';
  const what = `${input.merchant ? t.at(assertNoCardOrAccountNumber(input.merchant)) : ''}${when}`;
  const quick_replies = [quickReply(t.transactions, intentPayload('recent_transactions')), quickReply(t.spending, intentPayload('spending_by_category'))];
  if (!input.total || input.count === 0) return { text: t.searchNone(what), quick_replies };
  const heading = t.searchFound(formatMoney(input.total, input.locale), what, t.payments(input.count));
  const lines = (input.examples ?? []).map((l) => transactionLine(l, input.locale));
  return { text: listText({ heading, lines, more: t.more }), quick_replies };
}
