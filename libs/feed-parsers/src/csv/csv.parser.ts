import type { CreditDebit } from '@kontor/contracts';
import { CsvProfile, EntryErrorReason, FeedItem, FeedParser, FeedStructureError, ParseOptions, SourceLocation, StatementEntry } from '../feed-parser';
import { isoDate } from '../text/dates';
import { fitsCurrency, isKnownCurrency, normalizeDecimal } from '../text/decimal';
import { bicOrUndefined, clip, compact } from '../text/fields';
import { itemsFromBatches } from '../text/batched-items';
import { readLineBatches } from '../text/line-reader';

/** A quoted field may span lines, but not without end: a record longer than this is a broken quote. */
const MAX_RECORD_LENGTH = 256 * 1024;

type ColumnKey = keyof CsvProfile['columns'];

/** One CSV record: its fields and the line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 records from lines: fields separated by the delimiter, optionally quoted; inside quotes the
 * delimiter, line breaks and doubled quotes (`""`) are data. Lenient where banks are sloppy (a quote
 * inside an unquoted field is kept as text), strict where data would be lost (a quote never closed).
 */
export class CsvRecordReader {
  private partial?: { text: string; line: number };

  constructor(
    private readonly delimiter: string,
    private readonly quote: string,
  ) {}

  /** Feeds one physical line; returns the record it completes, if any. */
  push(line: string, lineNumber: number): CsvRecord | undefined {
    const text = this.partial ? `${this.partial.text}\n${line}` : line;
    const start = this.partial?.line ?? lineNumber;
    if (text.length > MAX_RECORD_LENGTH) throw new FeedStructureError('malformed-record', `a CSV record longer than ${MAX_RECORD_LENGTH} characters (an unclosed quote?)`, { line: start });
    const fields = this.split(text);
    if (fields === undefined) {
      this.partial = { text, line: start };
      return undefined;
    }
    this.partial = undefined;
    return { fields, line: start };
  }

  end(): void {
    if (this.partial) throw new FeedStructureError('truncated-file', 'a quoted CSV field is never closed', { line: this.partial.line });
  }

  /** The record's fields, or undefined when a quoted field is still open at the end of the text. */
  private split(text: string): string[] | undefined {
    const { delimiter, quote } = this;
    const fields: string[] = [];
    let index = 0;
    for (;;) {
      let field = '';
      if (text[index] === quote) {
        // Quoted field: runs to the next quote that is not doubled.
        index++;
        for (;;) {
          const close = text.indexOf(quote, index);
          if (close === -1) return undefined;
          field += text.slice(index, close);
          if (text[close + 1] === quote) {
            field += quote;
            index = close + 2;
            continue;
          }
          index = close + 1;
          break;
        }
      }
      // Unquoted text (or sloppy text after a closing quote) runs to the next delimiter.
      const next = text.indexOf(delimiter, index);
      const end = next === -1 ? text.length : next;
      field += text.slice(index, end);
      fields.push(field);
      if (next === -1) return fields;
      index = next + 1;
    }
  }
}

type ColumnIndex = Partial<Record<ColumnKey, number>>;

/** Resolves the profile's column names or indexes against the header (when there is one). */
function resolveColumns(profile: CsvProfile, header: string[] | undefined, location: SourceLocation): ColumnIndex {
  const resolved: ColumnIndex = {};
  const normalized = header?.map((name) => name.replace(/^\uFEFF/, '').trim());
  for (const [key, ref] of Object.entries(profile.columns) as [ColumnKey, string | number | undefined][]) {
    if (ref === undefined) continue;
    if (typeof ref === 'number') {
      resolved[key] = ref;
      continue;
    }
    if (!normalized) throw new FeedStructureError('feed-invalid', `CSV profile names column "${ref}" but the file has no header (header: false)`, location);
    let index = normalized.indexOf(ref);
    if (index === -1) index = normalized.findIndex((name) => name.toLowerCase() === ref.toLowerCase());
    if (index === -1) throw new FeedStructureError('feed-invalid', `the CSV header has no column "${ref}" (for ${key})`, location);
    resolved[key] = index;
  }
  return resolved;
}

function validateProfile(profile: CsvProfile | undefined): CsvProfile {
  if (!profile) throw new FeedStructureError('missing-csv-profile', 'CSV feeds need the bank’s column-mapping profile');
  const { columns } = profile;
  const amountForms = [columns.amount !== undefined, columns.debitAmount !== undefined || columns.creditAmount !== undefined].filter(Boolean).length;
  const problems: string[] = [];
  if (amountForms !== 1) problems.push('map either columns.amount or columns.debitAmount/creditAmount');
  if (columns.creditDebitMarker !== undefined && (!profile.debitMarkers || profile.debitMarkers.length === 0)) problems.push('columns.creditDebitMarker needs debitMarkers');
  if (columns.currency === undefined && !profile.defaultCurrency) problems.push('map columns.currency or set defaultCurrency');
  if (columns.accountId === undefined && !profile.defaultAccountId) problems.push('map columns.accountId or set defaultAccountId');
  if (profile.decimalSeparator === profile.thousandsSeparator) problems.push('decimalSeparator and thousandsSeparator must differ');
  if ((profile.quote ?? '"').length !== 1) problems.push('quote must be one character');
  if (problems.length > 0) throw new FeedStructureError('missing-csv-profile', `the CSV profile is not usable: ${problems.join('; ')}`);
  return profile;
}

/** A date as the profile's layout writes it, or undefined when it is not a calendar date. */
export function parseProfileDate(text: string, format: CsvProfile['dateFormat']): string | undefined {
  const value = text.trim();
  const layouts: Record<CsvProfile['dateFormat'], RegExp> = {
    'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?:[T ].*)?$/,
    'YYYY/MM/DD': /^(?<y>\d{4})\/(?<m>\d{1,2})\/(?<d>\d{1,2})$/,
    'DD.MM.YYYY': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})$/,
    'DD.MM.YY': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{2})$/,
    'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})$/,
    'DD-MM-YYYY': /^(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})$/,
    'MM/DD/YYYY': /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})$/,
    YYYYMMDD: /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
  };
  const groups = layouts[format].exec(value)?.groups;
  if (!groups) return undefined;
  const year = groups.y.length === 2 ? 2000 + Number(groups.y) : Number(groups.y);
  return isoDate(year, Number(groups.m), Number(groups.d));
}

type SignedAmount = { amount: string; negative: boolean };

/** "1.234,56", "-12.50", "12,50-" (German trailing sign), "(12.50)" (accounting negative), "+3". */
export function parseSignedAmount(text: string, profile: Pick<CsvProfile, 'decimalSeparator' | 'thousandsSeparator'>): SignedAmount | undefined {
  let value = text.trim().replace(/\u00a0/g, ' ');
  let negative = false;
  if (/^\(.*\)$/.test(value)) {
    negative = true;
    value = value.slice(1, -1).trim();
  }
  if (value.startsWith('-') || value.startsWith('+')) {
    negative = negative || value.startsWith('-');
    value = value.slice(1).trim();
  } else if (value.endsWith('-') || value.endsWith('+')) {
    negative = negative || value.endsWith('-');
    value = value.slice(0, -1).trim();
  }
  const amount = normalizeDecimal(value, profile.decimalSeparator, profile.thousandsSeparator ?? '');
  return amount === undefined ? undefined : { amount, negative };
}

type RowResult = { entry: StatementEntry } | { reason: EntryErrorReason; detail: string; column?: string };

function readRow(fields: string[], columns: ColumnIndex, profile: CsvProfile, names: string[] | undefined): RowResult {
  const cell = (key: ColumnKey): string | undefined => {
    const index = columns[key];
    if (index === undefined) return undefined;
    const value = fields[index];
    return value === undefined ? undefined : value.trim();
  };
  const columnName = (key: ColumnKey): string => {
    const index = columns[key] ?? -1;
    return names?.[index] ?? `column ${index}`;
  };
  const missing = (Object.values(columns) as number[]).find((index) => index >= fields.length);
  if (missing !== undefined) return { reason: 'missing-field', detail: `the row has ${fields.length} fields, the profile reads field ${missing + 1}` };

  const bookingText = cell('bookingDate') ?? '';
  const bookingDate = parseProfileDate(bookingText, profile.dateFormat);
  if (!bookingDate) return { reason: 'invalid-date', detail: `booking date "${bookingText}" is not ${profile.dateFormat}`, column: columnName('bookingDate') };
  const valueText = cell('valueDate');
  const valueDate = valueText ? parseProfileDate(valueText, profile.dateFormat) : undefined;
  if (valueText && !valueDate) return { reason: 'invalid-date', detail: `value date "${valueText}" is not ${profile.dateFormat}`, column: columnName('valueDate') };

  let signed: SignedAmount | undefined;
  let creditDebit: CreditDebit;
  if (profile.columns.amount !== undefined) {
    const text = cell('amount') ?? '';
    signed = parseSignedAmount(text, profile);
    if (!signed) return { reason: 'invalid-amount', detail: `amount "${text}" is not a number with "${profile.decimalSeparator}" decimals`, column: columnName('amount') };
    creditDebit = signed.negative ? 'DBIT' : 'CRDT';
  } else {
    const debitText = cell('debitAmount') ?? '';
    const creditText = cell('creditAmount') ?? '';
    const debit = debitText === '' ? undefined : parseSignedAmount(debitText, profile);
    const credit = creditText === '' ? undefined : parseSignedAmount(creditText, profile);
    if (debitText !== '' && !debit) return { reason: 'invalid-amount', detail: `debit amount "${debitText}" is not a number`, column: columnName('debitAmount') };
    if (creditText !== '' && !credit) return { reason: 'invalid-amount', detail: `credit amount "${creditText}" is not a number`, column: columnName('creditAmount') };
    const debitNonZero = debit !== undefined && !/^0(\.0*)?$/.test(debit.amount);
    const creditNonZero = credit !== undefined && !/^0(\.0*)?$/.test(credit.amount);
    if (debitNonZero && creditNonZero) return { reason: 'invalid-entry', detail: 'both the debit and the credit column hold an amount' };
    if (!debit && !credit) return { reason: 'missing-field', detail: 'neither the debit nor the credit column holds an amount' };
    // A debit column holds debits whatever sign the bank writes in it.
    signed = debitNonZero || !credit ? (debit as SignedAmount) : credit;
    creditDebit = signed === debit ? 'DBIT' : 'CRDT';
  }
  if (profile.columns.creditDebitMarker !== undefined) {
    const marker = (cell('creditDebitMarker') ?? '').toLowerCase();
    creditDebit = (profile.debitMarkers ?? []).some((debitMarker) => debitMarker.toLowerCase() === marker) ? 'DBIT' : 'CRDT';
  }

  const currency = (cell('currency') || profile.defaultCurrency || '').toUpperCase();
  if (!isKnownCurrency(currency)) return { reason: 'unknown-currency', detail: `currency "${currency}" is not an ISO 4217 currency`, column: profile.columns.currency !== undefined ? columnName('currency') : undefined };
  if (!fitsCurrency(signed.amount, currency)) return { reason: 'invalid-amount', detail: `amount ${signed.amount} has more decimals than ${currency} allows` };
  const accountId = (cell('accountId') || profile.defaultAccountId || '').replace(/\s+/g, '');
  if (accountId === '') return { reason: 'missing-field', detail: 'the row names no account', column: columnName('accountId') };
  const statusText = (cell('status') ?? '').toLowerCase();
  const pending = statusText !== '' && (profile.pendingMarkers ?? []).some((marker) => marker.toLowerCase() === statusText);

  const entry: StatementEntry = {
    accountId,
    amount: signed.amount,
    currency,
    creditDebit,
    status: pending ? 'pending' : 'booked',
    bookingDate,
    ...(valueDate && { valueDate }),
  };
  const bankEntryId = clip(cell('bankEntryId'), 128);
  if (bankEntryId) entry.bankEntryId = bankEntryId;
  const description = clip(cell('description')?.replace(/\s+/g, ' '), 500);
  if (description) entry.description = description;
  const remittance = clip(cell('remittanceInformation'), 1000);
  if (remittance) entry.remittanceInformation = remittance;
  const counterparty = compact({ name: clip(cell('counterpartyName'), 140), accountId: clip(cell('counterpartyAccount')?.replace(/\s+/g, ''), 64), bic: bicOrUndefined(cell('counterpartyBic')) });
  if (counterparty) entry.counterparty = counterparty;
  const references = compact({
    accountServicerRef: clip(cell('reference'), 140),
    endToEndId: notProvided(clip(cell('endToEndId'), 140)),
    mandateId: clip(cell('mandateId'), 140),
    creditorId: clip(cell('creditorId'), 140),
  });
  if (references) entry.references = references;
  return { entry };
}

function notProvided(value: string | undefined): string | undefined {
  return value && value.toUpperCase() !== 'NOTPROVIDED' ? value : undefined;
}

async function* parseCsv(chunks: AsyncIterable<Buffer>, options: ParseOptions = {}): AsyncGenerator<FeedItem[]> {
  const profile = validateProfile(options.csvProfile);
  const reader = new CsvRecordReader(profile.delimiter, profile.quote ?? '"');
  const skip = profile.skipLines ?? 0;
  let header: string[] | undefined;
  let columns: ColumnIndex | undefined;
  let rows = 0;
  const handle = (record: CsvRecord): FeedItem | undefined => {
    if (record.fields.length === 1 && record.fields[0].trim() === '') return undefined;
    if (!columns) {
      if (profile.header) {
        header = record.fields;
        columns = resolveColumns(profile, header, { line: record.line });
        return undefined;
      }
      columns = resolveColumns(profile, undefined, { line: record.line });
    }
    rows++;
    const result = readRow(record.fields, columns, profile, header);
    if ('entry' in result) return { kind: 'entry', entry: result.entry, location: { line: record.line } };
    return { kind: 'entry-error', reason: result.reason, detail: result.detail, location: compact({ line: record.line, element: result.column }) ?? { line: record.line } };
  };
  for await (const { lines, firstLine } of readLineBatches(chunks, { encoding: profile.encoding ?? 'utf-8' })) {
    const items: FeedItem[] = [];
    for (let index = 0; index < lines.length; index++) {
      const lineNumber = firstLine + index;
      if (lineNumber <= skip) continue;
      const record = reader.push(lines[index], lineNumber);
      if (!record) continue;
      const item = handle(record);
      if (item) items.push(item);
    }
    yield items;
  }
  reader.end();
  if (rows === 0 && !columns) throw new FeedStructureError('malformed-record', profile.header ? 'the CSV file has no header line' : 'the CSV file has no rows', { line: skip + 1 });
}

/** CSV exports read with the bank's column-mapping profile (`ParseOptions.csvProfile`, stored in the registry). */
export const csvParser: FeedParser = { format: 'csv', parse: (chunks, options) => itemsFromBatches(parseCsv(chunks, options)) };
