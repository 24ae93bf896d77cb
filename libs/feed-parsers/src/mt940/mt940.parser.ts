import type { BalanceType, CreditDebit, EntryStatus } from '@kontor/contracts';
import { currencyExponent, decimalToMinorUnits, minorUnitsToDecimal } from '@kontor/money';
import { FeedItem, FeedParser, FeedStructureError, SourceLocation, StatementEntry } from '../feed-parser';
import { dateFromYymmdd, isoDate, pad2 } from '../text/dates';
import { fitsCurrency, fitsExponent, isKnownCurrency } from '../text/decimal';
import { clip, compact, isValidIban } from '../text/fields';
import { type LineBatch, LineSplitter } from '../text/line-reader';
import { Field86Details, parseField86 } from './field86';

type MessageType = '940' | '942';

/** Bank exports put a few lines of their own before each message ("ABNANL2A", "940", ING's "0000 01INGB…"). */
const MAX_PREAMBLE_LINES = 16;
/** A field longer than this is not a bank statement: SWIFT caps :86: at 6 × 65 characters, banks at a few more. */
const MAX_FIELD_LINES = 200;
const MAX_LINE_LENGTH = 16 * 1024;

/**
 * Where the tag of a field line (`:61:`, `:28C:`, `:NS:`, as `^:(\d{2}[A-Z]?|[A-Z]{2}):`) ends: the index of
 * its second colon, or -1 when the line starts no field. By hand: it runs for every line.
 */
function tagLineEnd(text: string): number {
  if (text.charCodeAt(0) !== 58 /* : */) return -1;
  const first = text.charCodeAt(1);
  const second = text.charCodeAt(2);
  if (isDigit(first) && isDigit(second)) {
    const third = text.charCodeAt(3);
    if (third === 58) return 3;
    return isUpper(third) && text.charCodeAt(4) === 58 ? 4 : -1;
  }
  return isUpper(first) && isUpper(second) && text.charCodeAt(3) === 58 ? 3 : -1;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isUpper = (code: number): boolean => code >= 65 && code <= 90;
/**
 * Field 61 type identification: N (non-SWIFT code), F (first advice), S (SWIFT MT number) and three
 * characters. Some banks put another letter first (`MCI0`); the code is kept as they wrote it.
 */
const TYPE_CODE = /^[A-Z][A-Z0-9 ]{3}/;

interface Field {
  tag: string;
  lines: string[];
  line: number;
}

interface PendingEntry {
  entry: StatementEntry;
  location: SourceLocation;
}

/** What is known about the message being read; one at a time, so memory does not grow with the file. */
class Message {
  ref20 = '';
  ref28?: string;
  accountId?: string;
  currency?: string;
  /** The currency's exponent once known, -1 when it is not a currency. */
  exponent?: number;
  statementAnnounced = false;
  sawClosing = false;
  sawFloorLimit = false;
  sawDateTime = false;
  entryErrors = 0;
  /** Entries read, by side, in minor units, to check MT942 :90D:/:90C:. */
  totals = { DBIT: { count: 0, minor: 0n }, CRDT: { count: 0, minor: 0n } };
  stated90: { side: CreditDebit; count: number; amount: string; currency: string; line: number }[] = [];
  constructor(
    readonly type: MessageType,
    readonly firstLine: number,
  ) {}

  private cachedRef?: string;

  /** `:20:/:28C:`; read once the header fields are in (the first balance or entry comes after them). */
  get statementRef(): string {
    this.cachedRef ??= clip(this.ref28 ? `${this.ref20}/${this.ref28}` : this.ref20, 140) ?? this.ref20;
    return this.cachedRef;
  }
}

/**
 * SWIFT MT940 (customer statement) and MT942 (interim transaction report), with or without the SWIFT
 * block headers, several messages per file, and the "bare" exports banks offer that start at :20:.
 * Line by line: one message's state and one entry in hand, whatever the file size.
 */
class Mt9xxReader {
  private message?: Message;
  private field?: Field;
  private lastTag?: string;
  private pending?: PendingEntry;
  private preambleLines = 0;
  private messages = 0;
  private headerType?: MessageType;
  private out: FeedItem[] = [];

  constructor(private readonly defaultType: MessageType) {}

  /** Reads one line; returns what it completed. */
  push(raw: string, line: number): void {
    // SWIFT transmissions wrap messages in SOH/ETX control characters (mBank's export ends in "-\x03").
    const text = withoutControlEnds(raw);
    if (text === '') return;
    if (text.charCodeAt(0) === 123 /* { */) {
      this.swiftBlocks(text, line);
      return;
    }
    if (text.charCodeAt(0) === 45 /* - */ && /^-(\}.*|[A-Z]{0,4})$/.test(text)) {
      this.endMessage(line);
      return;
    }
    const tagEnd = tagLineEnd(text);
    if (tagEnd > 0) {
      this.startField(text.slice(1, tagEnd), text.slice(tagEnd + 1), line);
      return;
    }
    if (this.field && this.message) {
      if (this.field.lines.length >= MAX_FIELD_LINES) throw new FeedStructureError('malformed-record', `field :${this.field.tag}: has more than ${MAX_FIELD_LINES} lines`, { line, element: `:${this.field.tag}:` });
      this.field.lines.push(raw);
      return;
    }
    // Outside a message: a bank's own header lines, tolerated in small numbers.
    const announced = /^(94[02])(\s|$)/.exec(text);
    if (announced) this.headerType = announced[1] as MessageType;
    if (++this.preambleLines > MAX_PREAMBLE_LINES) {
      throw new FeedStructureError('malformed-record', this.messages === 0 ? 'not an MT940/MT942 file: no :20: field where a message should start' : 'text between messages that is not a message', { line });
    }
  }

  end(line: number): FeedItem[] {
    if (this.message) this.endMessage(line);
    if (this.messages === 0) throw new FeedStructureError('malformed-record', 'no MT940/MT942 message in the file (no :20: field)', { line: 1 });
    return this.drain();
  }

  drain(): FeedItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  private swiftBlocks(text: string, line: number): void {
    const type = /\{2:[IO](94[02])/.exec(text);
    if (type) this.headerType = type[1] as MessageType;
    const block4 = text.indexOf('{4:');
    if (block4 === -1) {
      if (this.message && !text.startsWith('{5:')) throw new FeedStructureError('malformed-record', 'SWIFT block header inside a message', { line });
      return;
    }
    if (this.message) this.endMessage(line);
    const rest = text.slice(block4 + 3);
    if (rest.trim() !== '') this.push(rest, line);
  }

  private startField(tag: string, value: string, line: number): void {
    if (tag === '20') {
      if (this.message) this.endMessage(line);
      this.message = new Message(this.headerType ?? this.defaultType, line);
      this.messages++;
      this.headerType = undefined;
      this.preambleLines = 0;
    } else if (!this.message) {
      throw new FeedStructureError('malformed-record', `field :${tag}: before the :20: that starts a message`, { line, element: `:${tag}:` });
    } else if (tag === '86' && this.field?.tag === '86') {
      // Rabobank writes one :86: per line of text; they are one field.
      if (this.field.lines.length >= MAX_FIELD_LINES) throw new FeedStructureError('malformed-record', `field :86: has more than ${MAX_FIELD_LINES} lines`, { line, element: ':86:' });
      this.field.lines.push(value);
      return;
    }
    this.completeField();
    this.field = { tag, lines: [value], line };
  }

  private endMessage(line: number): void {
    const message = this.message;
    if (!message) return;
    this.completeField();
    this.flushEntry();
    if (message.type === '940' && !message.sawClosing) {
      throw new FeedStructureError('truncated-file', `MT940 message "${message.ref20}" ends without a closing balance :62F:/:62M:`, { line, element: ':62F:' });
    }
    if (message.type === '942' && !message.sawFloorLimit) {
      throw new FeedStructureError('truncated-file', `MT942 message "${message.ref20}" has no floor limit :34F:`, { line, element: ':34F:' });
    }
    if (message.type === '942' && !message.sawDateTime) {
      throw new FeedStructureError('malformed-record', `MT942 message "${message.ref20}" has no date-time indication :13D:`, { line, element: ':13D:' });
    }
    this.checkReportedTotals(message);
    this.message = undefined;
    this.lastTag = undefined;
  }

  private completeField(): void {
    const field = this.field;
    const message = this.message;
    this.field = undefined;
    if (!field || !message) return;
    const element = `:${field.tag}:`;
    const location: SourceLocation = { line: field.line, element };
    if (field.tag !== '86') this.flushEntry();
    const tag = field.tag;
    // :61: and :86: read their lines themselves; the other fields are one value.
    const value = tag === '61' || tag === '86' ? '' : field.lines.length === 1 ? field.lines[0].trim() : field.lines.map((l) => l.trim()).join('\n');
    switch (tag) {
      case '20':
        message.ref20 = clip(value, 140) ?? '';
        if (message.ref20 === '') throw new FeedStructureError('malformed-record', 'empty transaction reference :20:', location);
        break;
      case '21':
      case '13':
        break;
      case '25':
        message.accountId = accountFromField25(value);
        if (!message.accountId) throw new FeedStructureError('malformed-record', 'empty account identification :25:', location);
        break;
      case '28':
      case '28C':
        message.ref28 = value.replace(/\s+/g, '') || undefined;
        break;
      case '60F':
      case '60M':
        this.balance(message, value, 'opening-booked', location);
        break;
      case '62F':
      case '62M':
        message.sawClosing = true;
        this.balance(message, value, 'closing-booked', location);
        break;
      case '64':
        this.balance(message, value, 'closing-available', location);
        break;
      case '65':
        this.balance(message, value, 'forward-available', location);
        break;
      case '34F':
        this.floorLimit(message, value, location);
        break;
      case '13D':
        message.sawDateTime = true;
        if (!/^\d{10}[+-]\d{4}$/.test(value.replace(/\s+/g, ''))) this.entryError('invalid-date', `date-time indication :13D: "${value}" is not YYMMDDhhmm±hhmm`, location);
        break;
      case '90D':
      case '90C':
        this.reportedTotal(message, field.tag === '90D' ? 'DBIT' : 'CRDT', value, location);
        break;
      case '61':
        this.entry(message, field.lines, location);
        break;
      case '86':
        if (this.lastTag === '61' && this.pending) mergeField86(this.pending.entry, parseField86(field.lines));
        break;
      default:
        // Non-standard fields (Sberbank's :NS:, :23:, …) carry nothing an entry needs.
        break;
    }
    this.lastTag = field.tag;
  }

  private announce(message: Message, location: SourceLocation): void {
    if (message.statementAnnounced) return;
    if (!message.accountId) throw new FeedStructureError('malformed-record', `message "${message.ref20}" has no account identification :25:`, location);
    message.statementAnnounced = true;
    this.out.push({ kind: 'statement', accountId: message.accountId, statementRef: message.statementRef, ...(message.currency && { currency: message.currency }), location: { line: message.firstLine, element: ':20:' } });
  }

  private balance(message: Message, value: string, balanceType: BalanceType, location: SourceLocation): void {
    const match = /^([CD])(\d{6})([A-Z]{3})([0-9,.]+)$/.exec(value.replace(/\s+/g, ''));
    // The first balance states the statement's currency, even an unknown one: its entries then fail one by one.
    if (!message.currency && match) message.currency = match[3];
    this.announce(message, location);
    if (!match) return this.entryError('invalid-entry', `balance ${location.element} "${value}" is not D/C, YYMMDD, currency, amount`, location);
    const [, mark, date, currency, rawAmount] = match;
    const asOfDate = dateFromYymmdd(date);
    if (!asOfDate) return this.entryError('invalid-date', `balance date ${date} is not a calendar date`, location);
    if (!isKnownCurrency(currency)) return this.entryError('unknown-currency', `balance currency ${currency} is not an ISO 4217 currency`, location);
    const amount = swiftAmount(rawAmount);
    if (!amount || !fitsCurrency(amount, currency)) return this.entryError('invalid-amount', `balance amount "${rawAmount}" is not a ${currency} amount`, location);
    this.out.push({
      kind: 'balance',
      balance: { accountId: message.accountId as string, statementRef: message.statementRef, balanceType, amount, currency, creditDebit: mark === 'C' ? 'CRDT' : 'DBIT', asOfDate },
      location,
    });
  }

  private floorLimit(message: Message, value: string, location: SourceLocation): void {
    message.sawFloorLimit = true;
    const match = /^([A-Z]{3})[CD]?[0-9,]+$/.exec(value.replace(/\s+/g, ''));
    if (match && !message.currency) message.currency = match[1];
    if (!match) this.entryError('invalid-entry', `floor limit :34F: "${value}" is not currency, [D/C], amount`, location);
  }

  private reportedTotal(message: Message, side: CreditDebit, value: string, location: SourceLocation): void {
    const match = /^(\d{1,5})([A-Z]{3})([0-9,]+)$/.exec(value.replace(/\s+/g, ''));
    const amount = match && swiftAmount(match[3]);
    if (!match || !amount) return this.entryError('invalid-entry', `${location.element} "${value}" is not count, currency, amount`, location);
    if (message.stated90.some((stated) => stated.side === side)) throw new FeedStructureError('malformed-record', `a second ${location.element} in one message`, location);
    message.stated90.push({ side, count: Number(match[1]), amount, currency: match[2], line: location.line ?? 0 });
  }

  /**
   * MT942 states how many debits and credits it holds and their sums. A difference is flagged as an entry
   * error naming the :90x: line, like a balance that does not add up: reported, never hidden, and the
   * entries that were read still stand.
   */
  private checkReportedTotals(message: Message): void {
    if (message.entryErrors > 0) return;
    for (const stated of message.stated90) {
      const actual = message.totals[stated.side];
      const statedMinor = isKnownCurrency(stated.currency) && fitsCurrency(stated.amount, stated.currency) ? decimalToMinorUnits(stated.amount, stated.currency) : undefined;
      if (stated.count !== actual.count || statedMinor !== actual.minor) {
        const tag = stated.side === 'DBIT' ? ':90D:' : ':90C:';
        this.entryError(
          'invalid-entry',
          `${tag} states ${stated.count} entries totalling ${stated.amount} ${stated.currency}, the message holds ${actual.count} totalling ${message.currency && isKnownCurrency(message.currency) ? minorUnitsToDecimal(actual.minor, message.currency) : actual.minor}`,
          { line: stated.line, element: tag },
        );
      }
    }
  }

  private entry(message: Message, lines: readonly string[], location: SourceLocation): void {
    this.announce(message, location);
    if (!message.currency) throw new FeedStructureError('malformed-record', 'statement line :61: before any balance or floor limit stating the currency', location);
    const parsed = parseField61(lines[0].trim(), lines.slice(1));
    if ('reason' in parsed) return this.entryError(parsed.reason, parsed.detail, location);
    message.exponent ??= isKnownCurrency(message.currency) ? currencyExponent(message.currency) : -1;
    if (message.exponent < 0) return this.entryError('unknown-currency', `statement currency ${message.currency} is not an ISO 4217 currency`, location);
    if (!fitsExponent(parsed.amount, message.exponent)) return this.entryError('invalid-amount', `amount ${parsed.amount} has more decimals than ${message.currency} allows`, location);
    const status: EntryStatus = message.type === '942' ? 'pending' : 'booked';
    const entry: StatementEntry = {
      accountId: message.accountId as string,
      amount: parsed.amount,
      currency: message.currency,
      creditDebit: parsed.creditDebit,
      status,
      bookingDate: parsed.bookingDate,
      valueDate: parsed.valueDate,
      statementRef: message.statementRef,
      ...(parsed.reversal && { reversal: true }),
      ...(parsed.supplementary && { description: parsed.supplementary }),
      references: compact({ endToEndId: parsed.customerRef, accountServicerRef: parsed.bankRef, transactionCode: parsed.transactionCode }),
    };
    if (!entry.references) delete entry.references;
    if (message.type === '942') {
      const totals = message.totals[parsed.creditDebit];
      totals.count++;
      totals.minor += decimalToMinorUnits(parsed.amount, message.currency);
    }
    this.pending = { entry, location };
  }

  private flushEntry(): void {
    if (!this.pending) return;
    this.out.push({ kind: 'entry', entry: this.pending.entry, location: this.pending.location });
    this.pending = undefined;
  }

  private entryError(reason: 'invalid-amount' | 'unknown-currency' | 'invalid-date' | 'missing-field' | 'invalid-entry', detail: string, location: SourceLocation): void {
    if (this.message) this.message.entryErrors++;
    this.out.push({ kind: 'entry-error', reason, detail, location });
  }
}

/** The line without leading control characters and without trailing whitespace or control characters. */
function withoutControlEnds(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && raw.charCodeAt(start) < 32 && raw.charCodeAt(start) !== 9) start++;
  while (end > start && (raw.charCodeAt(end - 1) <= 32 || raw.charCodeAt(end - 1) === 0xa0)) end--;
  return start === 0 && end === raw.length ? raw : raw.slice(start, end);
}

interface ParsedField61 {
  valueDate: string;
  bookingDate: string;
  creditDebit: CreditDebit;
  reversal: boolean;
  amount: string;
  transactionCode: string;
  customerRef?: string;
  bankRef?: string;
  supplementary?: string;
}

type Field61Problem = { reason: 'invalid-amount' | 'invalid-date' | 'invalid-entry'; detail: string };

/**
 * `:61:` subfields: value date YYMMDD, entry date MMDD (optional), mark C/D/RC/RD, funds code (the third
 * letter of the currency, optional), amount with a decimal comma, type identification (N/F/S + 3), the
 * customer's reference, `//` the bank's reference, and on the next line supplementary details.
 */
export function parseField61(first: string, more: readonly string[]): ParsedField61 | Field61Problem {
  const fast = FIELD_61.exec(first);
  if (fast) {
    const [, valueText, entryText, mark, , amountText, type, references] = fast;
    const valueDate = dateFromYymmdd(valueText);
    const amount = swiftAmount(amountText);
    const bookingDate = valueDate && (entryText === undefined ? valueDate : entryDateNear(valueDate, entryText));
    if (valueDate && bookingDate && amount) return field61Result(valueDate, bookingDate, mark, amount, type, references, more);
  }
  // The slow path names what is wrong.
  return diagnoseField61(first, more);
}

const FIELD_61 = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d[\d,.]*)([A-Z][A-Z0-9 ]{3})(.*)$/;

/** The entry date has no year: it is the one nearest the value date, so a 31 Dec value booked 2 Jan is next year. */
function entryDateNear(valueDate: string, entryText: string): string | undefined {
  const entryMonth = Number(entryText.slice(0, 2));
  const entryDay = Number(entryText.slice(2, 4));
  const valueYear = Number(valueDate.slice(0, 4));
  const valueMonth = Number(valueDate.slice(5, 7));
  const year = valueMonth === 12 && entryMonth === 1 ? valueYear + 1 : valueMonth === 1 && entryMonth === 12 ? valueYear - 1 : valueYear;
  return isoDate(year, entryMonth, entryDay);
}

function field61Result(valueDate: string, bookingDate: string, mark: string, amount: string, type: string, references: string, more: readonly string[]): ParsedField61 {
  const split = references.indexOf('//');
  const customer = (split === -1 ? references : references.slice(0, split)).trim();
  const bank = split === -1 ? '' : references.slice(split + 2).trim();
  return {
    valueDate,
    bookingDate,
    // A reversal of a credit (RC) is a debit on the account, and the other way round.
    creditDebit: mark === 'C' || mark === 'RD' ? 'CRDT' : 'DBIT',
    reversal: mark.length === 2,
    amount,
    transactionCode: `swift:${type.trim()}`,
    customerRef: PLACEHOLDER_REFERENCES.has(customer.toUpperCase()) ? undefined : clip(customer, 140),
    bankRef: clip(bank, 140),
    supplementary: more.length === 0 ? undefined : clip(more.map((line) => line.trim()).join(' '), 500),
  };
}

function diagnoseField61(first: string, more: readonly string[]): ParsedField61 | Field61Problem {
  const valueText = first.slice(0, 6);
  const valueDate = dateFromYymmdd(valueText);
  if (!/^\d{6}/.test(first)) return { reason: 'invalid-date', detail: `value date "${valueText}" is not YYMMDD` };
  if (!valueDate) return { reason: 'invalid-date', detail: `value date ${valueText} is not a calendar date` };
  let position = 6;
  let bookingDate = valueDate;
  if (/^\d{4}[CDR]/.test(first.slice(position, position + 5))) {
    const entryText = first.slice(position, position + 4);
    const entryDate = entryDateNear(valueDate, entryText);
    const entryMonth = Number(entryText.slice(0, 2));
    const entryDay = Number(entryText.slice(2, 4));
    if (!entryDate) return { reason: 'invalid-date', detail: `entry date ${pad2(entryMonth)}${pad2(entryDay)} is not a calendar date` };
    bookingDate = entryDate;
    position += 4;
  }
  const mark = /^(RC|RD|C|D)/.exec(first.slice(position, position + 2));
  if (!mark) return { reason: 'invalid-entry', detail: `debit/credit mark "${first.slice(position, position + 2)}" is not C, D, RC or RD` };
  position += mark[1].length;
  if (/^[A-Z]/.test(first.charAt(position))) position += 1;
  const amountMatch = /^[0-9][0-9,.]*/.exec(first.slice(position));
  if (!amountMatch) return { reason: 'invalid-amount', detail: `no amount after the debit/credit mark in "${first}"` };
  const amount = swiftAmount(amountMatch[0]);
  if (!amount) return { reason: 'invalid-amount', detail: `amount "${amountMatch[0]}" is not digits with a decimal comma` };
  position += amountMatch[0].length;
  const type = TYPE_CODE.exec(first.slice(position));
  if (!type) return { reason: 'invalid-entry', detail: `transaction type "${first.slice(position, position + 4)}" is a letter (N, F or S) and three characters` };
  position += 4;
  return field61Result(valueDate, bookingDate, mark[1], amount, type[0], first.slice(position), more);
}

/** What banks write in the :61: customer reference when there is none, or when it is in :86: (ING "EREF"). */
const PLACEHOLDER_REFERENCES = new Set(['', 'NONREF', 'NOTPROVIDED', 'EREF']);

/** SWIFT amounts: digits, one decimal comma (a dot tolerated: some bare exports use it), at most 15 characters. */
function swiftAmount(raw: string): string | undefined {
  const match = SWIFT_AMOUNT.exec(raw);
  if (!match) return undefined;
  // Leading zeros pad some banks' fixed-width amounts ("0000000000000000,00"); they carry no value.
  const whole = match[1].length > 1 && match[1].charCodeAt(0) === 48 ? match[1].replace(/^0+(?=\d)/, '') : match[1];
  const fraction = match[2];
  if (whole.length > 18) return undefined;
  if (fraction === undefined || fraction === '') return whole;
  return fraction.length > 6 ? undefined : `${whole}.${fraction}`;
}

const SWIFT_AMOUNT = /^(\d{1,40})(?:[,.](\d*))?$/;

/**
 * Account identification: an IBAN, `BIC/account`, `bank code/account` or a plain number, often with the
 * currency appended ("NL91ABNA0417164300EUR", "1234567 EUR"). The currency suffix goes; the rest is kept
 * as stated, since a bank code is part of what names the account.
 */
export function accountFromField25(value: string): string {
  const compactValue = value.replace(/\s+/g, ' ').trim();
  const suffix = /^(.*?)[ /]?([A-Z]{3})$/.exec(compactValue);
  if (suffix && isKnownCurrency(suffix[2]) && suffix[1] !== '' && !isValidIban(compactValue.replace(/ /g, ''))) {
    const rest = suffix[1].trim();
    if (/\d/.test(rest)) return rest.replace(/ /g, '');
  }
  return compactValue.replace(/ /g, '');
}

/** :86: adds to what :61: said; its references are the more specific (ING writes "EREF" in :61: and the reference in :86:). */
function mergeField86(entry: StatementEntry, details: Field86Details): void {
  if (details.description) entry.description = details.description;
  if (details.remittanceInformation) entry.remittanceInformation = details.remittanceInformation;
  if (details.counterparty) entry.counterparty = details.counterparty;
  const references = details.references;
  if (!references) return;
  const merged = (entry.references ??= {});
  if (references.endToEndId) merged.endToEndId = references.endToEndId;
  if (references.mandateId) merged.mandateId = references.mandateId;
  if (references.creditorId) merged.creditorId = references.creditorId;
}

/**
 * The items of a chunk stream, one await per chunk: lines are split and read synchronously as each chunk
 * arrives (generators layered per step cost more than a small file's whole parse). Backpressure as before:
 * the next chunk is read once the items of the last one are taken. When the parse fails or the caller stops
 * early, the chunk source is closed, so a file stream is not left open.
 */
class Mt9xxItems implements AsyncIterableIterator<FeedItem> {
  private readonly reader: Mt9xxReader;
  private readonly lines = new LineSplitter({ maxLineLength: MAX_LINE_LENGTH, legacyFallback: true });
  private source?: AsyncIterator<Buffer>;
  private items: FeedItem[] = [];
  private position = 0;
  private finished = false;
  private lastLine = 1;

  constructor(
    private readonly chunks: AsyncIterable<Buffer>,
    type: MessageType,
  ) {
    this.reader = new Mt9xxReader(type);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<FeedItem> {
    return this;
  }

  next(): Promise<IteratorResult<FeedItem>> {
    return this.position < this.items.length ? Promise.resolve({ done: false, value: this.items[this.position++] }) : this.pull();
  }

  async return(): Promise<IteratorResult<FeedItem>> {
    this.finished = true;
    this.items = [];
    await this.source?.return?.();
    return { done: true, value: undefined };
  }

  private async pull(): Promise<IteratorResult<FeedItem>> {
    const source = (this.source ??= this.chunks[Symbol.asyncIterator]());
    try {
      while (!this.finished) {
        const next = await source.next();
        if (next.done) {
          this.finished = true;
          this.read(this.lines.end());
          this.items = this.reader.end(this.lastLine);
        } else {
          this.read(this.lines.push(next.value));
          this.items = this.reader.drain();
        }
        this.position = 0;
        if (this.items.length > 0) return { done: false, value: this.items[this.position++] };
      }
      return { done: true, value: undefined };
    } catch (error) {
      this.finished = true;
      this.items = [];
      await source.return?.();
      throw error;
    }
  }

  private read({ lines, firstLine }: LineBatch): void {
    if (lines.length === 0) return;
    for (let index = 0; index < lines.length; index++) this.reader.push(lines[index], firstLine + index);
    this.lastLine = firstLine + lines.length - 1;
  }
}

export const mt940Parser: FeedParser = {
  format: 'mt940',
  parse: (chunks) => new Mt9xxItems(chunks, '940'),
};

/**
 * MT942 entries are `pending`: an interim report lists what has moved since the last statement, and the
 * next MT940 states the same entries booked; reading them as booked would count them twice.
 */
export const mt942Parser: FeedParser = {
  format: 'mt942',
  parse: (chunks) => new Mt9xxItems(chunks, '942'),
};
