import {
  BalanceReportedV1,
  ContractViolationError,
  Counterparty,
  FeedEntryReceivedV1,
  FeedFormat,
  MerchantDetails,
  parseContract,
} from '@kontor/contracts';
import { decimalToMinorUnits, isMonetaryCurrency } from '@kontor/money';
import { maskAccountId, normalizeAccountId, passesLuhn, redactPans, tokenizeAccount, tokenizeCard } from '@kontor/privacy';
import type { EntryErrorReason, StatementBalance, StatementEntry } from './feed-parser';

export interface EdgeContext {
  feedId: string;
  bankId: string;
  sourceFormat: FeedFormat;
  tokenizationKey: string;
}

export type EdgeResult<T> = { ok: true; event: T } | { ok: false; reason: EntryErrorReason; detail: string };

/** Kafka's default message limit is 1 MB; an entry must fit in one message with room for headers. */
export const MAX_EVENT_BYTES = 1_000_000 - 8 * 1024;

/**
 * Counterparty accounts are tokenized in a scope of their own (`*` is never a bank id): the same IBAN maps
 * to the same token whichever partner bank reports the payment.
 */
export const COUNTERPARTY_TOKEN_SCOPE = '*';

const PAN_LIKE = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;

/** Identifiers must stay unique, so a PAN inside one becomes its card token rather than its last four. */
function redactPanInIdentifier(key: string, value: string, pan?: string): string {
  const withoutOwnPan = pan ? value.split(pan).join(tokenizeCard(key, pan)) : value;
  return withoutOwnPan.replace(PAN_LIKE, (match) => {
    const digits = match.replace(/[ -]/g, '');
    return passesLuhn(digits) ? tokenizeCard(key, digits) : match;
  });
}

/** A statement reference may embed the account number (some banks build it so); it leaves only masked. */
function withoutOwnAccount(value: string, accountId: string): string {
  const spaced = accountId.trim();
  const compact = normalizeAccountId(accountId);
  if (compact.length < 4) return value;
  const masked = maskAccountId(accountId);
  return [spaced, compact].reduce((text, form) => (form.length >= 4 ? text.split(form).join(masked) : text), value);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Free text: the entry's own PAN is masked wherever it appears (even run together with other digits),
 * then anything else that looks like a card number (12–19 digits passing Luhn).
 */
function freeText(value: string | undefined, max: number, pan?: string): string | undefined {
  if (value === undefined) return undefined;
  const withoutOwnPan = pan ? value.split(pan).join(`•••• ${pan.slice(-4)}`) : value;
  const cleaned = redactPans(withoutOwnPan.replace(/\s+/g, ' ').trim());
  return cleaned.length > 0 ? clip(cleaned, max) : undefined;
}

function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

/** Maps a contract problem (`amount: …`, `bookingDate: …`) to the reason a bank can act on. */
function reasonFor(problems: readonly string[]): EntryErrorReason {
  const first = problems[0] ?? '';
  if (/^(amount|fx\.originalAmount)\b/.test(first)) return 'invalid-amount';
  if (/^(currency|fx\.originalCurrency)\b/.test(first)) return 'unknown-currency';
  if (/^(bookingDate|valueDate|occurredAt|asOfDate|asOfDateTime)\b/.test(first)) return 'invalid-date';
  if (/should not be (null or undefined|empty)|must be a string/.test(first) && /^(accountId|bookingDate|amount)/.test(first)) return 'missing-field';
  return 'invalid-entry';
}

/** A calendar date that exists (ISO_DATE only checks the shape: 2026-02-30 must not pass). */
export function isRealDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function checkMoney(amount: string, currency: string, field: string): { reason: EntryErrorReason; detail: string } | undefined {
  if (!isMonetaryCurrency(currency)) return { reason: 'unknown-currency', detail: `${field}: ${JSON.stringify(clip(currency, 8))} is not a monetary ISO 4217 currency` };
  try {
    decimalToMinorUnits(amount, currency);
    return undefined;
  } catch (error) {
    return { reason: 'invalid-amount', detail: `${field}: ${error instanceof Error ? error.message : 'unreadable'}` };
  }
}

function validate<T extends object>(contract: new () => T, event: T): EdgeResult<T> {
  try {
    parseContract(contract, event);
  } catch (error) {
    if (error instanceof ContractViolationError) {
      return { ok: false, reason: reasonFor(error.problems), detail: redactPans(error.problems.slice(0, 5).join('; ')) };
    }
    throw error;
  }
  if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) return { ok: false, reason: 'invalid-entry', detail: 'the entry is larger than one Kafka message (1 MB)' };
  return { ok: true, event };
}

/**
 * The edge: one parsed entry becomes the event that leaves ingestion. The account, the counterparty's
 * account and the card are tokenized (the last four digits of the card are kept), free text has anything
 * that looks like a card number masked, and the result is validated against FeedEntryReceivedV1. Free
 * text longer than the contract allows is shortened (marked with `…`), never a reason to drop money.
 */
export function toFeedEntryEvent(entry: StatementEntry, entryIndex: number, context: EdgeContext): EdgeResult<FeedEntryReceivedV1> {
  if (!entry.accountId || normalizeAccountId(entry.accountId).length < 4) return { ok: false, reason: 'missing-field', detail: 'accountId: missing or shorter than 4 characters' };
  const money = checkMoney(entry.amount, entry.currency, 'amount');
  if (money) return { ok: false, ...money };
  if (entry.fx) {
    const fx = checkMoney(entry.fx.originalAmount, entry.fx.originalCurrency, 'fx.originalAmount');
    if (fx) return { ok: false, ...fx };
  }
  for (const [field, date] of [['bookingDate', entry.bookingDate], ['valueDate', entry.valueDate]] as const) {
    if (date !== undefined && !isRealDate(date)) return { ok: false, reason: 'invalid-date', detail: `${field}: ${JSON.stringify(clip(String(date), 32))} is not a real YYYY-MM-DD date` };
  }
  const pan = entry.card?.pan?.replace(/[ -]/g, '');
  if (pan !== undefined && !/^\d{12,19}$/.test(pan)) return { ok: false, reason: 'invalid-entry', detail: 'card.pan: must be 12 to 19 digits' };
  if (pan !== undefined && entry.card?.last4 !== undefined && !pan.endsWith(entry.card.last4)) {
    return { ok: false, reason: 'invalid-entry', detail: 'card.last4: does not match the last four digits of pan' };
  }
  const key = context.tokenizationKey;
  const last4 = pan?.slice(-4) ?? entry.card?.last4;
  // Without a PAN the best identity is (bank, account, last four): stable across feeds, never the PAN.
  const cardToken = pan
    ? tokenizeCard(key, pan)
    : last4 !== undefined
      ? tokenizeCard(key, `last4-only|${context.bankId}|${normalizeAccountId(entry.accountId)}|${last4}`)
      : undefined;

  const event: FeedEntryReceivedV1 = defined({
    feedId: context.feedId,
    entryIndex,
    bankId: context.bankId,
    sourceFormat: context.sourceFormat,
    bankEntryId: entry.bankEntryId !== undefined ? redactPanInIdentifier(key, entry.bankEntryId, pan) : undefined,
    accountRef: tokenizeAccount(key, context.bankId, entry.accountId),
    accountMasked: maskAccountId(entry.accountId),
    amount: entry.amount,
    currency: entry.currency,
    creditDebit: entry.creditDebit,
    status: entry.status,
    bookingDate: entry.bookingDate,
    valueDate: entry.valueDate,
    occurredAt: entry.occurredAt,
    statementRef: entry.statementRef !== undefined ? clip(withoutOwnAccount(redactPanInIdentifier(key, entry.statementRef, pan), entry.accountId), 140) : undefined,
    description: freeText(entry.description, 500, pan),
    remittanceInformation: freeText(entry.remittanceInformation, 1000, pan),
    merchant: entry.merchant ? edgeMerchant(entry.merchant, pan) : undefined,
    card: cardToken !== undefined && last4 !== undefined ? { token: cardToken, last4 } : undefined,
    cardPresent: entry.cardPresent,
    counterparty: entry.counterparty ? edgeCounterparty(key, entry.counterparty, pan) : undefined,
    references: entry.references
      ? defined(Object.fromEntries(Object.entries(entry.references).map(([name, value]) => [name, typeof value === 'string' ? redactPanInIdentifier(key, value, pan) : value])))
      : undefined,
    fx: entry.fx ? defined({ ...entry.fx }) : undefined,
    batch: entry.batch ? defined({ ...entry.batch }) : undefined,
    reversal: entry.reversal,
  });
  return validate(FeedEntryReceivedV1, event);
}

function edgeMerchant(merchant: MerchantDetails, pan?: string): MerchantDetails {
  return defined({ ...merchant, name: freeText(merchant.name, 140, pan) ?? '', city: freeText(merchant.city, 80, pan) });
}

function edgeCounterparty(key: string, counterparty: { name?: string; accountId?: string; bic?: string }, pan?: string): Counterparty | undefined {
  const account = counterparty.accountId?.replace(/\s+/g, '');
  const result: Counterparty = defined({
    name: freeText(counterparty.name, 140, pan),
    accountRef: account ? tokenizeAccount(key, COUNTERPARTY_TOKEN_SCOPE, account) : undefined,
    accountMasked: account && account.length >= 4 ? maskAccountId(account) : undefined,
    bic: counterparty.bic?.toUpperCase(),
  });
  return Object.keys(result).length > 0 ? result : undefined;
}

/** A stated balance becomes a BalanceReportedV1, account tokenized, figures exactly as stated. */
export function toBalanceReportedEvent(balance: StatementBalance, context: EdgeContext): EdgeResult<BalanceReportedV1> {
  if (!balance.accountId || normalizeAccountId(balance.accountId).length < 4) return { ok: false, reason: 'missing-field', detail: 'accountId: missing or shorter than 4 characters' };
  const money = checkMoney(balance.amount, balance.currency, 'amount');
  if (money) return { ok: false, ...money };
  if (!isRealDate(balance.asOfDate)) return { ok: false, reason: 'invalid-date', detail: `asOfDate: ${JSON.stringify(clip(String(balance.asOfDate), 32))} is not a real YYYY-MM-DD date` };
  const event: BalanceReportedV1 = defined({
    feedId: context.feedId,
    bankId: context.bankId,
    sourceFormat: context.sourceFormat,
    accountRef: tokenizeAccount(context.tokenizationKey, context.bankId, balance.accountId),
    accountMasked: maskAccountId(balance.accountId),
    statementRef: balance.statementRef !== undefined ? clip(withoutOwnAccount(redactPanInIdentifier(context.tokenizationKey, balance.statementRef), balance.accountId), 140) : undefined,
    balanceType: balance.balanceType,
    amount: balance.amount,
    currency: balance.currency,
    creditDebit: balance.creditDebit,
    asOfDate: balance.asOfDate,
    asOfDateTime: balance.asOfDateTime,
  });
  return validate(BalanceReportedV1, event);
}
