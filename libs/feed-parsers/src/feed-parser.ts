import type {
  BalanceType,
  BankReferences,
  BatchDetails,
  CreditDebit,
  EntryStatus,
  FeedFormat,
  ForeignExchange,
  MerchantDetails,
} from '@kontor/contracts';

/**
 * The shared shape every format parser produces. Parsers are pure and streaming: bytes in (an async
 * iterable of chunks), a stream of items out, memory bounded by one statement entry, never by file size.
 * What they yield still holds account numbers and possibly PANs in clear: `toFeedEntryEvent` (the edge)
 * tokenizes them before anything is published or stored.
 */

/** Where in the file something was found, as precisely as the format allows. */
export interface SourceLocation {
  /** 1-based line number. */
  line?: number;
  column?: number;
  /** Element path for XML/SGML, e.g. `Document/BkToCstmrStmt/Stmt[2]/Ntry[5]/Amt`; the tag for MT940 (`:61:`). */
  element?: string;
}

/** A party as the file states it; the account number is tokenized at the edge. */
export interface StatedCounterparty {
  name?: string;
  accountId?: string;
  bic?: string;
}

/** A card as the file states it; the PAN is tokenized at the edge and never leaves ingestion. */
export interface StatedCard {
  pan?: string;
  last4?: string;
}

/** One entry as the format states it, amounts as exact unsigned decimals ("1234.50") with their currency. */
export interface StatementEntry {
  /** IBAN or the bank's account number, as stated. */
  accountId: string;
  amount: string;
  currency: string;
  creditDebit: CreditDebit;
  status: EntryStatus;
  /** YYYY-MM-DD. */
  bookingDate: string;
  valueDate?: string;
  /** ISO 8601 with zone, when the format states a time. */
  occurredAt?: string;
  /** The bank's own unique id for the entry, when the format has a trustworthy one. */
  bankEntryId?: string;
  statementRef?: string;
  description?: string;
  remittanceInformation?: string;
  merchant?: MerchantDetails;
  cardPresent?: boolean;
  card?: StatedCard;
  counterparty?: StatedCounterparty;
  references?: BankReferences;
  fx?: ForeignExchange;
  batch?: BatchDetails;
  reversal?: boolean;
}

/** A balance as the file states it. */
export interface StatementBalance {
  accountId: string;
  statementRef?: string;
  balanceType: BalanceType;
  amount: string;
  currency: string;
  creditDebit: CreditDebit;
  asOfDate: string;
  asOfDateTime?: string;
}

/** Why one entry could not be read; the rest of the feed proceeds. */
export type EntryErrorReason = 'invalid-amount' | 'unknown-currency' | 'invalid-date' | 'missing-field' | 'invalid-entry';

export type FeedItem =
  /** A statement (camt Stmt/Rpt/Ntfctn, MT940 message, OFX STMTRS/CCSTMTRS, BAI2 account) begins. */
  | { kind: 'statement'; accountId: string; statementRef?: string; currency?: string; location: SourceLocation }
  | { kind: 'entry'; entry: StatementEntry; location: SourceLocation }
  | { kind: 'balance'; balance: StatementBalance; location: SourceLocation }
  | { kind: 'entry-error'; reason: EntryErrorReason; detail: string; location: SourceLocation };

/** Why a whole feed was refused (nothing of it is published). */
export type FeedStructureReason =
  | 'malformed-xml'
  | 'malformed-sgml'
  | 'malformed-json'
  | 'malformed-record'
  | 'truncated-file'
  | 'invalid-encoding'
  | 'unknown-format'
  | 'unsupported-version'
  | 'xml-dtd-forbidden'
  | 'feed-invalid'
  | 'missing-csv-profile';

/** The whole feed is structurally broken or hostile: reject it, naming where it failed. */
export class FeedStructureError extends Error {
  constructor(
    readonly reason: FeedStructureReason,
    readonly detail: string,
    readonly location: SourceLocation = {},
  ) {
    super(`${reason}: ${detail}${formatLocation(location)}`);
    this.name = 'FeedStructureError';
  }
}

function formatLocation(location: SourceLocation): string {
  const parts = [
    location.line !== undefined && `line ${location.line}${location.column !== undefined ? `:${location.column}` : ''}`,
    location.element && `at ${location.element}`,
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * How a bank's CSV export maps onto entries; stored per bank in the registry. Column values name a header
 * (when `header` is true) or a 0-based column index.
 */
export interface CsvProfile {
  delimiter: ',' | ';' | '\t' | '|';
  /** Quote character, default `"`. */
  quote?: string;
  /** Whether the first non-skipped line holds column names. */
  header: boolean;
  /** Lines to skip before the header or data (bank preambles). */
  skipLines?: number;
  encoding?: 'utf-8' | 'latin1' | 'windows-1252';
  /** Date layout of date columns. */
  dateFormat: 'YYYY-MM-DD' | 'DD.MM.YYYY' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'YYYYMMDD' | 'DD.MM.YY' | 'DD-MM-YYYY' | 'YYYY/MM/DD';
  decimalSeparator: '.' | ',';
  thousandsSeparator?: '' | '.' | ',' | ' ' | "'";
  columns: {
    bookingDate: string | number;
    valueDate?: string | number;
    /** A signed amount (negative = debit) … */
    amount?: string | number;
    /** … or separate unsigned debit and credit columns. */
    debitAmount?: string | number;
    creditAmount?: string | number;
    /** A column holding a debit/credit marker, with `debitMarkers` naming its debit values (e.g. ["D", "S", "Soll"]). */
    creditDebitMarker?: string | number;
    currency?: string | number;
    accountId?: string | number;
    description?: string | number;
    counterpartyName?: string | number;
    counterpartyAccount?: string | number;
    reference?: string | number;
    status?: string | number;
    /** Purpose text, when the bank exports it apart from the booking text. */
    remittanceInformation?: string | number;
    counterpartyBic?: string | number;
    endToEndId?: string | number;
    mandateId?: string | number;
    creditorId?: string | number;
    /** The bank's unique id of the line, when its export has one. */
    bankEntryId?: string | number;
  };
  debitMarkers?: string[];
  /** Values of the status column that mean pending. */
  pendingMarkers?: string[];
  /** Used when the file has no currency / account column. */
  defaultCurrency?: string;
  defaultAccountId?: string;
}

export interface ParseOptions {
  /** Required for CSV. */
  csvProfile?: CsvProfile;
  /**
   * The account a report is about when the file does not name it: a Berlin Group balances or
   * transaction-details response names its account only in the request URL. Ignored when the file names one.
   */
  accountId?: string;
}

export interface FeedParser {
  readonly format: FeedFormat;
  parse(chunks: AsyncIterable<Buffer>, options?: ParseOptions): AsyncIterable<FeedItem>;
}
