import type { BalanceType, CreditDebit, EntryStatus } from '@kontor/contracts';
import { minorUnitsToDecimal } from '@kontor/money';
import { EntryErrorReason, FeedItem, FeedParser, FeedStructureError, SourceLocation, StatementEntry } from '../feed-parser';
import { dateFromYymmdd } from '../text/dates';
import { isKnownCurrency } from '../text/decimal';
import { clip, compact } from '../text/fields';
import { itemsFromBatches } from '../text/batched-items';
import { readLineBatches } from '../text/line-reader';

/**
 * BAI2 (BAI Cash Management Balance Reporting Specifications, version 2): comma-separated records
 * ending in `/`, continued by `88` records, nested file (01/99) → group (02/98) → account (03/49) with
 * transaction details (16). Every trailer states a control total and a record count; a mismatch is
 * flagged as an entry error on the trailer's line (see controlError), never hidden.
 */

const MAX_LINE_LENGTH = 8 * 1024;
const BLOCKED_RECORDS = /\/\s+\d\d,/;
/** A logical record longer than this (a 16 with thousands of 88s) is not a bank's. */
const MAX_CONTINUATIONS = 500;

/** Status type codes that are balances Kontor knows; other status codes (floats, averages, loans) are summaries. */
const BALANCE_CODES: Readonly<Record<string, BalanceType>> = {
  '010': 'opening-booked',
  '015': 'closing-booked',
  '030': 'interim-booked',
  '040': 'opening-available',
  '045': 'closing-available',
  '060': 'interim-available',
};

/** Type codes of checks paid and deposited, whose customer reference is the check serial number. */
const CHEQUE_CODES = new Set(['140', '145', '175', '176', '187', '470', '471', '472', '474', '475', '476', '477', '495', '554', '555']);

/**
 * Direction from the BAI type code ranges: 100–399 credits, 400–699 debits, and the customized ranges
 * 920–959 credits, 960–999 debits. 700–799 (loans) and 800–899 carry no direction in the code.
 */
export function bai2Direction(code: number): CreditDebit | undefined {
  if ((code >= 100 && code <= 399) || (code >= 920 && code <= 959)) return 'CRDT';
  if ((code >= 400 && code <= 699) || (code >= 960 && code <= 999)) return 'DBIT';
  return undefined;
}

interface LogicalRecord {
  code: string;
  /** The physical records' text, record code and `88,` removed. */
  pieces: string[];
  line: number;
}

interface Group {
  asOfDate: string;
  currency: string;
  status: EntryStatus;
  line: number;
  records: number;
  accounts: number;
  controlTotal: bigint;
  exact: boolean;
  ref: string;
}

interface Account {
  accountId: string;
  currency: string;
  records: number;
  controlTotal: bigint;
  /** False once an amount could not be read: the control total can then not be checked. */
  exact: boolean;
  statementRef: string;
}

class Bai2Reader {
  private out: FeedItem[] = [];
  private record?: LogicalRecord;
  private fileOpen = false;
  private fileClosed = false;
  private fileId = '';
  private fileRecords = 0;
  private fileGroups = 0;
  private fileTotal = 0n;
  private fileExact = true;
  private group?: Group;
  private account?: Account;

  push(raw: string, line: number): void {
    const text = raw.trimEnd();
    if (text === '') return;
    // Some banks block records into fixed-length lines: "01,…,2/   02,…/". A slash, blanks and a record code split them.
    if (BLOCKED_RECORDS.test(text)) {
      for (const record of text.split(/(?<=\/)\s+(?=\d\d,)/)) this.push(record, line);
      return;
    }
    const separator = text.charAt(2);
    const code = text.slice(0, 2);
    const isRecord = /^\d\d$/.test(code) && (separator === ',' || separator === '/' || separator === '' || (code === '88' && separator === ':'));
    if (!isRecord && this.record?.code === '16') {
      // A line break inside a 16's free text (seen in real exports): the text goes on, it is not a record.
      if (this.record.pieces.length > MAX_CONTINUATIONS) throw new FeedStructureError('malformed-record', `more than ${MAX_CONTINUATIONS} continuation lines`, { line });
      this.record.pieces.push(text);
      return;
    }
    const rest = separator === '' ? '' : text.slice(3);
    if (code === '88') {
      if (!this.record) throw new FeedStructureError('malformed-record', 'continuation record 88 with nothing to continue', { line, element: '88' });
      if (this.record.pieces.length > MAX_CONTINUATIONS) throw new FeedStructureError('malformed-record', `more than ${MAX_CONTINUATIONS} continuation records`, { line, element: '88' });
      this.record.pieces.push(rest);
      this.count();
      return;
    }
    this.completeRecord();
    if (!isRecord) throw new FeedStructureError('malformed-record', `"${text.slice(0, 10)}" does not start with a BAI2 record code`, { line });
    this.record = { code, pieces: [rest], line };
    this.count();
  }

  end(line: number): FeedItem[] {
    this.completeRecord();
    if (!this.fileOpen) throw new FeedStructureError('malformed-record', 'no BAI2 file header (01)', { line: 1 });
    if (!this.fileClosed) throw new FeedStructureError('truncated-file', 'the file ends without its file trailer (99)', { line, element: '99' });
    return this.drain();
  }

  drain(): FeedItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  /** Every physical record counts towards the trailers' record counts, 88s included. */
  private count(): void {
    if (this.fileClosed) return;
    this.fileRecords++;
    if (this.group) this.group.records++;
    if (this.account) this.account.records++;
  }

  private completeRecord(): void {
    const record = this.record;
    this.record = undefined;
    if (!record) return;
    const location: SourceLocation = { line: record.line, element: record.code };
    if (this.fileClosed) throw new FeedStructureError('malformed-record', `record ${record.code} after the file trailer (99)`, location);
    if (!this.fileOpen && record.code !== '01') throw new FeedStructureError('malformed-record', `record ${record.code} before the file header (01)`, location);
    switch (record.code) {
      case '01':
        return this.fileHeader(record, location);
      case '02':
        return this.groupHeader(record, location);
      case '03':
        return this.accountHeader(record, location);
      case '16':
        return this.transaction(record, location);
      case '49':
        return this.accountTrailer(record, location);
      case '98':
        return this.groupTrailer(record, location);
      case '99':
        return this.fileTrailer(record, location);
      default:
        throw new FeedStructureError('malformed-record', `unknown BAI2 record code ${record.code}`, location);
    }
  }

  private fileHeader(record: LogicalRecord, location: SourceLocation): void {
    if (this.fileOpen) throw new FeedStructureError('malformed-record', 'a second file header (01)', location);
    const fields = splitFields(record);
    this.fileOpen = true;
    const version = fields[7];
    if (version !== undefined && version !== '' && version !== '2') throw new FeedStructureError('unsupported-version', `BAI version ${version}; only version 2 is read`, location);
    this.fileId = [fields[2], fields[4]].filter(Boolean).join('-') || 'bai2';
  }

  private groupHeader(record: LogicalRecord, location: SourceLocation): void {
    if (this.group) throw new FeedStructureError('malformed-record', 'group header (02) inside an open group', location);
    const fields = splitFields(record);
    const asOfDate = dateFromYymmdd(fields[3] ?? '');
    if (!asOfDate) throw new FeedStructureError('malformed-record', `group as-of-date "${fields[3] ?? ''}" is not YYMMDD`, location);
    const modifier = fields[6];
    this.fileGroups++;
    this.group = {
      asOfDate,
      currency: fields[5] || 'USD',
      // As-of-date modifiers 1 and 3 are interim reports: their details may still change, so they are pending.
      status: modifier === '1' || modifier === '3' ? 'pending' : 'booked',
      line: record.line,
      records: record.pieces.length,
      accounts: 0,
      controlTotal: 0n,
      exact: true,
      ref: `${this.fileId}/${this.fileGroups}`,
    };
  }

  private accountHeader(record: LogicalRecord, location: SourceLocation): void {
    const group = this.group;
    if (!group) throw new FeedStructureError('malformed-record', 'account identifier (03) outside a group', location);
    if (this.account) throw new FeedStructureError('malformed-record', 'account identifier (03) before the previous account trailer (49)', location);
    const fields = splitFields(record);
    const accountId = fields[0]?.trim();
    if (!accountId) throw new FeedStructureError('malformed-record', 'account identifier (03) without an account number', location);
    const currency = fields[1] || group.currency;
    group.accounts++;
    const account: Account = { accountId, currency, records: record.pieces.length, controlTotal: 0n, exact: true, statementRef: `${group.ref}/${group.accounts}` }; // the account's position: the number itself never leaves ingestion
    this.account = account;
    this.out.push({ kind: 'statement', accountId, statementRef: account.statementRef, currency, location });
    const currencyKnown = isKnownCurrency(currency);
    if (!currencyKnown) this.entryError('unknown-currency', `account currency ${currency} is not an ISO 4217 currency`, location);
    // Summaries: type code, amount, item count, funds type (+ its own fields), repeated.
    let index = 2;
    while (index < fields.length) {
      const typeCode = fields[index];
      const amountText = fields[index + 1] ?? '';
      const fundsType = fields[index + 3] ?? '';
      index += 4 + fundsTypeExtraFields(fundsType, fields, index + 4);
      if (typeCode === '' && amountText === '') continue;
      if (!/^\d{3}$/.test(typeCode)) {
        this.entryError('invalid-entry', `summary type code "${typeCode}" is not three digits`, location);
        account.exact = false;
        continue;
      }
      if (amountText === '') continue;
      const signed = /^[+-]?\d{1,18}$/.test(amountText) ? BigInt(amountText) : undefined;
      if (signed === undefined) {
        this.entryError('invalid-amount', `summary ${typeCode} amount "${amountText}" is not a signed integer of minor units`, location);
        account.exact = false;
        continue;
      }
      account.controlTotal += signed;
      const balanceType = BALANCE_CODES[typeCode];
      if (!balanceType || !currencyKnown) continue;
      this.out.push({
        kind: 'balance',
        balance: {
          accountId,
          statementRef: account.statementRef,
          balanceType,
          amount: minorUnitsToDecimal(signed < 0n ? -signed : signed, currency),
          currency,
          creditDebit: signed < 0n ? 'DBIT' : 'CRDT',
          asOfDate: group.asOfDate,
        },
        location,
      });
    }
  }

  private transaction(record: LogicalRecord, location: SourceLocation): void {
    const account = this.account;
    const group = this.group;
    if (!account || !group) throw new FeedStructureError('malformed-record', 'transaction detail (16) outside an account', location);
    const { fields, text } = splitDetail(record);
    const [typeCode = '', amountText = '', fundsType = ''] = fields;
    const amountValid = /^\d{1,18}$/.test(amountText);
    if (amountValid) account.controlTotal += BigInt(amountText);
    else if (amountText !== '') account.exact = false;
    if (!/^\d{3}$/.test(typeCode)) return this.entryError('invalid-entry', `type code "${typeCode}" is not three digits`, location);
    // 890: "contains non-monetary information", a note, not money that moved.
    if (typeCode === '890') return;
    const creditDebit = bai2Direction(Number(typeCode));
    if (!creditDebit) return this.entryError('invalid-entry', `type code ${typeCode} is not a credit (100–399, 920–959) or debit (400–699, 960–999) code`, location);
    if (!amountValid) return this.entryError('invalid-amount', `amount "${amountText}" is not an unsigned integer of minor units`, location);
    if (!isKnownCurrency(account.currency)) return this.entryError('unknown-currency', `currency ${account.currency} is not an ISO 4217 currency`, location);
    const extra = fields.slice(3, 3 + fundsTypeExtraFields(fundsType, fields, 3));
    let valueDate: string | undefined;
    if (fundsType === 'V') {
      valueDate = dateFromYymmdd(extra[0] ?? '');
      if (!valueDate) return this.entryError('invalid-date', `value date "${extra[0] ?? ''}" of funds type V is not YYMMDD`, location);
    } else if (!['', '0', '1', '2', 'S', 'D', 'Z'].includes(fundsType)) {
      return this.entryError('invalid-entry', `funds type "${fundsType}" is not 0, 1, 2, S, V, D or Z`, location);
    }
    const bankRef = clip(fields[3 + extra.length], 140);
    const customerRef = clip(fields[4 + extra.length], 140);
    const cheque = CHEQUE_CODES.has(typeCode) && customerRef ? clip(customerRef, 40) : undefined;
    const entry: StatementEntry = {
      accountId: account.accountId,
      amount: minorUnitsToDecimal(BigInt(amountText), account.currency),
      currency: account.currency,
      creditDebit,
      status: group.status,
      bookingDate: group.asOfDate,
      ...(valueDate && { valueDate }),
      statementRef: account.statementRef,
      ...(text && { description: clip(text, 500) }),
      references: compact({
        accountServicerRef: bankRef,
        endToEndId: cheque ? undefined : customerRef,
        chequeNumber: cheque,
        transactionCode: `bai2:${typeCode}`,
      }),
    };
    this.out.push({ kind: 'entry', entry, location });
  }

  private accountTrailer(record: LogicalRecord, location: SourceLocation): void {
    const account = this.account;
    const group = this.group;
    if (!account || !group) throw new FeedStructureError('malformed-record', 'account trailer (49) without an account', location);
    const [total = '', count = ''] = splitFields(record);
    const stated = parseSigned(total, location, 'account control total');
    if (account.exact && stated !== account.controlTotal) {
      this.controlError(`account ${account.accountId}: control total ${stated} ≠ ${account.controlTotal}, the sum of its 03 and 16 amounts`, location);
    }
    this.checkCount(count, account.records, `account ${account.accountId}`, location);
    group.controlTotal += stated;
    group.exact &&= account.exact;
    this.account = undefined;
  }

  private groupTrailer(record: LogicalRecord, location: SourceLocation): void {
    const group = this.group;
    if (!group || this.account) throw new FeedStructureError('malformed-record', this.account ? 'group trailer (98) before the account trailer (49)' : 'group trailer (98) without a group', location);
    const [total = '', accounts = '', count = ''] = splitFields(record);
    const stated = parseSigned(total, location, 'group control total');
    if (group.exact && stated !== group.controlTotal) this.controlError(`group control total ${stated} ≠ ${group.controlTotal}, the sum of its account totals`, location);
    if (accounts !== '' && Number(accounts) !== group.accounts) this.controlError(`group trailer states ${accounts} accounts, the group holds ${group.accounts}`, location);
    this.checkCount(count, group.records, 'group', location);
    this.fileTotal += stated;
    this.fileExact &&= group.exact;
    this.group = undefined;
  }

  private fileTrailer(record: LogicalRecord, location: SourceLocation): void {
    if (this.group) throw new FeedStructureError('malformed-record', 'file trailer (99) before the group trailer (98)', location);
    const [total = '', groups = '', count = ''] = splitFields(record);
    const stated = parseSigned(total, location, 'file control total');
    if (this.fileExact && stated !== this.fileTotal) this.controlError(`file control total ${stated} ≠ ${this.fileTotal}, the sum of its group totals`, location);
    if (groups !== '' && Number(groups) !== this.fileGroups) this.controlError(`file trailer states ${groups} groups, the file holds ${this.fileGroups}`, location);
    this.checkCount(count, this.fileRecords, 'file', location);
    this.fileClosed = true;
  }

  private entryError(reason: EntryErrorReason, detail: string, location: SourceLocation): void {
    this.out.push({ kind: 'entry-error', reason, detail, location });
  }

  /**
   * A trailer that disagrees with what precedes it is flagged on the feed, naming the trailer, and the
   * entries read stand: published sample files disagree with their own totals, and a lost record shows here.
   */
  private controlError(detail: string, location: SourceLocation): void {
    this.entryError('invalid-entry', detail, location);
  }

  private checkCount(stated: string, actual: number, what: string, location: SourceLocation): void {
    if (stated === '') return;
    if (!/^\d{1,9}$/.test(stated)) throw new FeedStructureError('malformed-record', `${what}: record count "${stated}" is not a number`, location);
    if (Number(stated) !== actual) this.controlError(`${what}: trailer states ${stated} records, there are ${actual}`, location);
  }
}

/** Fields of a record whose fields end at `/`; continuations join with a comma. */
function splitFields(record: LogicalRecord): string[] {
  // Each physical record ends at its `/`; an 88 goes on with the next field ("…,190/" + "88,500000,…").
  const joined = record.pieces.map(withoutTerminator).join(',');
  return joined.split(',').map((field) => field.trim());
}

function withoutTerminator(piece: string): string {
  const slash = piece.lastIndexOf('/');
  return slash === -1 ? piece : piece.slice(0, slash);
}

/**
 * A 16 record's free text runs to the end of the record (it may hold commas and slashes) and goes on in
 * 88 records, joined with a space; the fields before it are comma-separated as usual.
 */
function splitDetail(record: LogicalRecord): { fields: string[]; text: string } {
  const fields: string[] = [];
  const needed = (): number => 5 + fundsTypeExtraFields(fields[2] ?? '', fields, 3);
  let pieceIndex = 0;
  let offset = 0;
  while (pieceIndex < record.pieces.length && fields.length < needed()) {
    const piece = record.pieces[pieceIndex];
    const comma = piece.indexOf(',', offset);
    if (comma === -1) {
      const last = piece.slice(offset);
      fields.push(last.replace(/\/$/, '').trim());
      pieceIndex++;
      offset = 0;
      // A field the physical record ended with `/` in: whatever follows in an 88 is the next field.
      continue;
    }
    fields.push(piece.slice(offset, comma).trim());
    offset = comma + 1;
  }
  if (pieceIndex >= record.pieces.length) return { fields, text: '' };
  const textParts = [record.pieces[pieceIndex].slice(offset), ...record.pieces.slice(pieceIndex + 1)];
  const text = textParts
    .map((part) => part.trim())
    .join(' ')
    .replace(/\/$/, '')
    .trim();
  return { fields, text };
}

/** How many fields follow a funds type: S → 3 amounts; V → date and time; D → a count n and n pairs. */
function fundsTypeExtraFields(fundsType: string, fields: readonly string[], at: number): number {
  switch (fundsType) {
    case 'S':
      return 3;
    case 'V':
      return 2;
    case 'D': {
      const count = Number(fields[at] ?? '0');
      return Number.isInteger(count) && count >= 0 && count <= 100 ? 1 + 2 * count : 1;
    }
    default:
      return 0;
  }
}

function parseSigned(text: string, location: SourceLocation, what: string): bigint {
  if (!/^[+-]?\d{1,20}$/.test(text)) throw new FeedStructureError('malformed-record', `${what} "${text}" is not a signed integer`, location);
  return BigInt(text);
}

async function* parseBai2(chunks: AsyncIterable<Buffer>): AsyncGenerator<FeedItem[]> {
  const reader = new Bai2Reader();
  let lastLine = 1;
  for await (const { lines, firstLine } of readLineBatches(chunks, { maxLineLength: MAX_LINE_LENGTH })) {
    for (let index = 0; index < lines.length; index++) reader.push(lines[index], firstLine + index);
    lastLine = firstLine + lines.length - 1;
    yield reader.drain();
  }
  yield reader.end(lastLine);
}

export const bai2Parser: FeedParser = { format: 'bai2', parse: (chunks) => itemsFromBatches(parseBai2(chunks)) };
