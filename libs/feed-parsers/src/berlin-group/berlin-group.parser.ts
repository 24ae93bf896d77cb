import type { BalanceType, CreditDebit, EntryStatus, ForeignExchange, MerchantDetails } from '@kontor/contracts';
import { EntryErrorReason, FeedItem, FeedParser, FeedStructureError, ParseOptions, SourceLocation, StatedCounterparty, StatementEntry } from '../feed-parser';
import { fitsCurrency, isKnownCurrency, normalizeDecimal } from '../text/decimal';
import { bicOrUndefined, clip, compact } from '../text/fields';
import { itemsFromBatches } from '../text/batched-items';
import { utf8Decoder } from '../text/line-reader';
import { JsonPath, JsonStreamScanner } from './json-stream';

/**
 * Berlin Group NextGenPSD2 (XS2A 1.3.x) account information JSON: transaction reports
 * (`transactions.booked/pending/information`, card reports `cardTransactions.booked/pending`), a single
 * transaction (`transactionsDetails`) and balance reports (`balances`). Streamed: each transaction and
 * balance is parsed alone, so a report of any size is read with the memory of one transaction.
 */

type Json = Record<string, unknown>;

/** XS2A balance types with an ISO 20022 equivalent in Kontor's balance types. */
const BALANCE_TYPES: Readonly<Record<string, BalanceType>> = {
  closingBooked: 'closing-booked',
  openingBooked: 'opening-booked',
  interimBooked: 'interim-booked',
  interimAvailable: 'interim-available',
  forwardAvailable: 'forward-available',
  openingAvailable: 'opening-available',
  closingAvailable: 'closing-available',
  // "expected" is booked plus pending items (ISO XPCD); the nearest Kontor type is interim-available.
  expected: 'interim-available',
};
/** Types that are not account balances in Kontor's sense (credit-line or card statement figures). */
const IGNORED_BALANCE_TYPES = new Set(['authorised', 'nonInvoiced', 'previouslyClosedBooked']);

/** Entries held back while the report has not yet named its account (JSON key order is free). */
const MAX_ENTRIES_BEFORE_ACCOUNT = 10_000;

const AMOUNT = /^-?\d{1,18}(\.\d{1,6})?$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** An XS2A account reference: IBAN, BBAN, PAN, masked PAN, MSISDN or another identification. */
function accountIdOf(reference: unknown): string | undefined {
  if (!isObject(reference)) return undefined;
  const other = isObject(reference.other) ? text(reference.other.identification) : undefined;
  const id = text(reference.iban) ?? text(reference.bban) ?? text(reference.pan) ?? text(reference.maskedPan) ?? text(reference.msisdn) ?? other;
  return id?.replace(/\s+/g, '');
}

type Problem = { reason: EntryErrorReason; detail: string };

function amountOf(value: unknown, what: string): { amount: string; negative: boolean; currency: string } | Problem {
  if (!isObject(value)) return { reason: 'missing-field', detail: `${what} is missing` };
  const currency = text(value.currency) ?? '';
  const raw = typeof value.amount === 'string' ? value.amount.trim() : typeof value.amount === 'number' ? undefined : '';
  if (raw === undefined) return { reason: 'invalid-amount', detail: `${what}.amount is a JSON number; XS2A amounts are strings, so their decimals are exact` };
  if (!AMOUNT.test(raw)) return { reason: 'invalid-amount', detail: `${what}.amount "${raw.slice(0, 40)}" is not a decimal` };
  if (!isKnownCurrency(currency)) return { reason: 'unknown-currency', detail: `${what}.currency "${currency.slice(0, 10)}" is not an ISO 4217 currency` };
  const amount = normalizeDecimal(raw.replace(/^-/, ''), '.') as string;
  if (!fitsCurrency(amount, currency)) return { reason: 'invalid-amount', detail: `${what}.amount ${raw} has more decimals than ${currency} allows` };
  return { amount, negative: raw.startsWith('-'), currency };
}

function isoDateOf(value: unknown): string | undefined {
  const date = text(value);
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : undefined;
}

function datePartOf(value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
}

function dateTimeWithZone(value: unknown): string | undefined {
  const stamp = text(value);
  return stamp && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(stamp) && !Number.isNaN(Date.parse(stamp)) ? stamp : undefined;
}

function remittanceOf(transaction: Json): string | undefined {
  const parts: string[] = [];
  const unstructured = text(transaction.remittanceInformationUnstructured);
  if (unstructured) parts.push(unstructured);
  if (Array.isArray(transaction.remittanceInformationUnstructuredArray)) {
    for (const line of transaction.remittanceInformationUnstructuredArray) if (text(line)) parts.push(text(line) as string);
  }
  const structured = transaction.remittanceInformationStructured;
  const structuredRef = text(structured) ?? (isObject(structured) ? text(structured.reference) : undefined);
  if (structuredRef) parts.push(structuredRef);
  if (Array.isArray(transaction.remittanceInformationStructuredArray)) {
    for (const item of transaction.remittanceInformationStructuredArray) if (isObject(item) && text(item.reference)) parts.push(text(item.reference) as string);
  }
  return clip(parts.join(' '), 1000);
}

/** currencyExchange (an array since 1.3.8, an object before) and instructedAmount → the original amount. */
function fxOf(transaction: Json, bookedCurrency: string): ForeignExchange | undefined {
  const exchanges = Array.isArray(transaction.currencyExchange) ? transaction.currencyExchange : isObject(transaction.currencyExchange) ? [transaction.currencyExchange] : [];
  const exchange = exchanges.find(isObject);
  const original = isObject(transaction.instructedAmount) ? transaction.instructedAmount : isObject(transaction.originalAmount) ? transaction.originalAmount : undefined;
  const stated = original ? amountOf(original, 'instructedAmount') : undefined;
  if (!stated || 'reason' in stated || stated.currency === bookedCurrency) return undefined;
  const rate = exchange ? text(exchange.exchangeRate) : undefined;
  return { originalAmount: stated.amount, originalCurrency: stated.currency, ...(rate && /^\d{1,12}(\.\d{1,12})?$/.test(rate) && { exchangeRate: rate }) };
}

function merchantOf(transaction: Json): MerchantDetails | undefined {
  const name = clip(text(transaction.acceptorName) ?? text(transaction.cardAcceptorName) ?? text(transaction.transactionDetails), 140);
  if (!name) return undefined;
  const address = isObject(transaction.cardAcceptorAddress) ? transaction.cardAcceptorAddress : {};
  const mcc = text(transaction.merchantCategoryCode);
  const country = text(address.country);
  return {
    name,
    ...(mcc && /^\d{4}$/.test(mcc) && { mcc }),
    ...(clip(text(address.townName) ?? text(address.city), 80) && { city: clip(text(address.townName) ?? text(address.city), 80) }),
    ...(country && /^[A-Z]{2}$/.test(country) && { country }),
  };
}

function counterpartyOf(transaction: Json, creditDebit: CreditDebit): StatedCounterparty | undefined {
  // Money out goes to the creditor, money in comes from the debtor.
  const side = creditDebit === 'DBIT' ? 'creditor' : 'debtor';
  const other = creditDebit === 'DBIT' ? 'debtor' : 'creditor';
  const pick = (prefix: string): StatedCounterparty | undefined =>
    compact({
      name: clip(text(transaction[`${prefix}Name`]), 140),
      accountId: clip(accountIdOf(transaction[`${prefix}Account`]), 64),
      bic: bicOrUndefined(text(transaction[`${prefix}Agent`])),
    });
  return pick(side) ?? pick(other);
}

export function mapTransaction(transaction: Json, accountId: string, status: EntryStatus, card: boolean): StatementEntry | Problem {
  const stated = amountOf(transaction.transactionAmount, 'transactionAmount');
  if ('reason' in stated) return stated;
  const indicator = text(transaction.creditDebitIndicator);
  const creditDebit: CreditDebit = indicator === 'CRDT' || indicator === 'DBIT' ? indicator : stated.negative ? 'DBIT' : 'CRDT';
  // Some ASPSPs send only bookingDateTime/valueDateTime (ISO 8601 with time): their date part is the date.
  const statedBooking = transaction.bookingDate ?? datePartOf(transaction.bookingDateTime);
  const statedValue = transaction.valueDate ?? datePartOf(transaction.valueDateTime);
  const bookingText = statedBooking ?? (status === 'pending' ? (statedValue ?? transaction.transactionDate) : undefined) ?? (card ? transaction.transactionDate : undefined);
  const bookingDate = isoDateOf(bookingText);
  if (bookingText === undefined) return { reason: 'missing-field', detail: 'bookingDate is missing' };
  if (!bookingDate) return { reason: 'invalid-date', detail: `booking date ${JSON.stringify(bookingText).slice(0, 40)} is not a calendar date` };
  const valueDate = isoDateOf(statedValue);
  if (statedValue !== undefined && !valueDate) return { reason: 'invalid-date', detail: `valueDate ${JSON.stringify(statedValue).slice(0, 40)} is not a calendar date` };
  const bankCode = text(transaction.bankTransactionCode);
  const proprietary = text(transaction.proprietaryBankTransactionCode);
  const transactionCode = bankCode ? `iso:${bankCode}` : proprietary ? `prtry:bank:${proprietary}` : undefined;
  const maskedPan = text(transaction.maskedPan);
  const last4 = maskedPan && /\d{4}$/.test(maskedPan) ? maskedPan.slice(-4) : undefined;
  const entry: StatementEntry = {
    accountId,
    amount: stated.amount,
    currency: stated.currency,
    creditDebit,
    status,
    bookingDate,
    ...(valueDate && { valueDate }),
  };
  const occurredAt = dateTimeWithZone(transaction.acceptorTransactionDateTime) ?? dateTimeWithZone(transaction.transactionDateTime);
  if (occurredAt) entry.occurredAt = occurredAt;
  const bankEntryId = clip(text(transaction.transactionId) ?? text(transaction.cardTransactionId), 128);
  if (bankEntryId) entry.bankEntryId = bankEntryId;
  const description = clip(text(transaction.additionalInformation) ?? (card ? text(transaction.transactionDetails) : undefined), 500);
  if (description) entry.description = description;
  const remittance = remittanceOf(transaction);
  if (remittance) entry.remittanceInformation = remittance;
  const counterparty = counterpartyOf(transaction, creditDebit);
  if (counterparty) entry.counterparty = counterparty;
  const references = compact({
    endToEndId: notProvided(clip(text(transaction.endToEndId), 140)),
    accountServicerRef: clip(text(transaction.entryReference), 140),
    mandateId: clip(text(transaction.mandateId), 140),
    creditorId: clip(text(transaction.creditorId), 140),
    chequeNumber: clip(text(transaction.checkId), 40),
    transactionCode,
  });
  if (references) entry.references = references;
  const fx = fxOf(transaction, stated.currency);
  if (fx) entry.fx = fx;
  if (card) {
    const merchant = merchantOf(transaction);
    if (merchant) entry.merchant = merchant;
    if (last4) entry.card = { last4 };
  } else if (last4) entry.card = { last4 };
  return entry;
}

function notProvided(value: string | undefined): string | undefined {
  return value && value.toUpperCase() !== 'NOTPROVIDED' ? value : undefined;
}

const REPORT_KEYS = new Set(['account', 'cardAccount', 'transactions', 'cardTransactions', 'transactionsDetails', 'balances']);

type Wanted = 'account' | 'transaction' | 'balance' | 'details';

/** Which values of the report are read whole. */
function wanted(path: JsonPath): Wanted | undefined {
  if (path.length === 1 && (path[0] === 'account' || path[0] === 'cardAccount')) return 'account';
  if (path.length === 1 && path[0] === 'transactionsDetails') return 'details';
  if (path.length === 2 && path[0] === 'balances' && typeof path[1] === 'number') return 'balance';
  if (path.length === 3 && (path[0] === 'transactions' || path[0] === 'cardTransactions') && typeof path[2] === 'number' && ['booked', 'pending', 'information'].includes(path[1] as string)) return 'transaction';
  return undefined;
}

class BerlinGroupReader {
  private out: FeedItem[] = [];
  private accountId?: string;
  private accountCurrency?: string;
  private announced = false;
  private debitAccounting = false;
  private held: { path: JsonPath; value: unknown; line: number }[] = [];
  private sawReport = false;

  constructor(private readonly fallbackAccountId: string | undefined) {}

  readonly scanner = new JsonStreamScanner({
    capture: (path) => {
      if (path.length === 1 && REPORT_KEYS.has(path[0] as string)) this.sawReport = true;
      return wanted(path) !== undefined;
    },
    onValue: (path, value, line) => this.onValue(path, value, line),
  });

  drain(): FeedItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  end(): FeedItem[] {
    this.scanner.end();
    if (this.held.length > 0 && this.fallbackAccountId) {
      this.accountId = this.fallbackAccountId.replace(/\s+/g, '');
      const held = this.held;
      this.held = [];
      for (const item of held) this.onValue(item.path, item.value, item.line);
    }
    if (this.held.length > 0) throw new FeedStructureError('feed-invalid', 'the report names no account (account or cardAccount) and the request gave none', { line: this.held[0].line, element: 'account' });
    if (!this.sawReport) throw new FeedStructureError('feed-invalid', 'not a NextGenPSD2 report: no account, transactions, cardTransactions, transactionsDetails or balances');
    return this.drain();
  }

  private onValue(path: JsonPath, value: unknown, line: number): void {
    const kind = wanted(path) as Wanted;
    if (kind === 'account') {
      this.accountId = accountIdOf(value);
      if (!this.accountId) throw new FeedStructureError('feed-invalid', `${String(path[0])} has no iban, bban, pan, maskedPan, msisdn or other identification`, { line, element: String(path[0]) });
      this.accountCurrency = isObject(value) ? text(value.currency) : undefined;
      const held = this.held;
      this.held = [];
      for (const item of held) this.onValue(item.path, item.value, item.line);
      return;
    }
    if (!this.accountId) {
      if (this.held.length >= MAX_ENTRIES_BEFORE_ACCOUNT) throw new FeedStructureError('feed-invalid', `more than ${MAX_ENTRIES_BEFORE_ACCOUNT} items before the account: put "account" first`, { line });
      this.held.push({ path, value, line });
      return;
    }
    const element = path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').slice(1);
    const location: SourceLocation = { line, element };
    this.announce(location);
    if (!isObject(value)) return this.entryError('invalid-entry', `${element} is not an object`, location);
    switch (kind) {
      case 'balance':
        return this.balance(value, location);
      case 'details':
        return this.transaction(isObject(value.transactionDetails) ? value.transactionDetails : value, 'booked', false, location);
      case 'transaction': {
        // "information" lists standing orders: instructions for the future, not money that moved.
        if (path[1] === 'information') return;
        return this.transaction(value, path[1] === 'pending' ? 'pending' : 'booked', path[0] === 'cardTransactions', location);
      }
    }
  }

  private announce(location: SourceLocation): void {
    if (this.announced || !this.accountId) return;
    this.announced = true;
    this.out.push({ kind: 'statement', accountId: this.accountId, ...(this.accountCurrency && { currency: this.accountCurrency }), location: { line: location.line } });
  }

  private transaction(value: Json, status: EntryStatus, card: boolean, location: SourceLocation): void {
    const result = mapTransaction(value, this.accountId as string, status, card);
    if ('reason' in result) return this.entryError(result.reason, result.detail, location);
    this.out.push({ kind: 'entry', entry: result, location });
  }

  private balance(value: Json, location: SourceLocation): void {
    if (value.balanceType === undefined && typeof value.debitAccounting === 'boolean') {
      // Card accounts state once that positive balances are amounts owed.
      this.debitAccounting = value.debitAccounting;
      return;
    }
    const typeName = text(value.balanceType) ?? '';
    if (IGNORED_BALANCE_TYPES.has(typeName)) return;
    const balanceType = BALANCE_TYPES[typeName];
    if (!balanceType) return this.entryError('invalid-entry', `balanceType "${typeName.slice(0, 40)}" is not an XS2A balance type`, location);
    const stated = amountOf(value.balanceAmount, 'balanceAmount');
    if ('reason' in stated) return this.entryError(stated.reason, stated.detail, location);
    const asOfDateTime = dateTimeWithZone(value.lastChangeDateTime);
    const asOfDate = isoDateOf(value.referenceDate) ?? asOfDateTime?.slice(0, 10);
    if (!asOfDate) return this.entryError('missing-field', `balance ${typeName} states neither referenceDate nor lastChangeDateTime`, location);
    const indicator = text(value.creditDebitIndicator);
    const owed = this.debitAccounting ? !stated.negative : stated.negative;
    const creditDebit: CreditDebit = indicator === 'CRDT' || indicator === 'DBIT' ? indicator : owed ? 'DBIT' : 'CRDT';
    this.out.push({
      kind: 'balance',
      balance: { accountId: this.accountId as string, balanceType, amount: stated.amount, currency: stated.currency, creditDebit, asOfDate, ...(asOfDateTime && { asOfDateTime }) },
      location,
    });
  }

  private entryError(reason: EntryErrorReason, detail: string, location: SourceLocation): void {
    this.out.push({ kind: 'entry-error', reason, detail, location });
  }
}

async function* parseBerlinGroup(chunks: AsyncIterable<Buffer>, options: ParseOptions = {}): AsyncGenerator<FeedItem[]> {
  const reader = new BerlinGroupReader(options.accountId);
  const decode = utf8Decoder();
  let first = true;
  for await (const chunk of chunks) {
    let text = decode(chunk, false, 1);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    reader.scanner.write(text);
    yield reader.drain();
  }
  reader.scanner.write(decode(Buffer.alloc(0), true, 1));
  yield reader.end();
}

export const berlinGroupParser: FeedParser = { format: 'berlin-group-json', parse: (chunks, options) => itemsFromBatches(parseBerlinGroup(chunks, options)) };
