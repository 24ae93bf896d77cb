import type { BalanceType, ForeignExchange } from '@kontor/contracts';
import { isMonetaryCurrency } from '@kontor/money';
import { FeedStructureError, type FeedItem, type FeedParser, type SourceLocation, type StatementEntry } from '../feed-parser';
import { checkedAmount, checkedCurrency, clip, compact, EntryProblem, nonEmpty, statedExchangeRate } from '../xml/feed-values';
import { streamItems } from '../xml/item-stream';
import { charsetFromLabel, declaredXmlCharsetOf, refuseNonTextStart, StreamingTextDecoder, type SupportedCharset } from '../xml/text-decoding';
import { divideByRate, multiplyByRate, parseOfxAmount, parseOfxDateTime, type OfxDateTime } from './ofx-values';
import { type MarkupHandler, type MarkupSyntax, SgmlTokenizer } from './sgml-tokenizer';

const BALANCES: Readonly<Record<string, BalanceType>> = { LEDGERBAL: 'closing-booked', AVAILBAL: 'closing-available' };
const MAX_FIELDS_PER_RECORD = 200;
/** OFX/…MSGSRSV1/…TRNRS/…STMTRS/BANKTRANLIST/STMTTRN: deeper elements get no sibling index. */
const INDEXED_DEPTH = 6;

/** What an element is to the reader, as bits: one classification per element instead of a set lookup per question. */
const STATEMENT = 1; // bank (`STMTRS`) and credit card (`CCSTMTRS`) statement aggregates
const ACCOUNT = 2; // BANKACCTFROM, CCACCTFROM
/** Records read as flat field maps: posted and pending transactions, the two stated balances. */
const RECORD = 4;
/** The elements that repeat where items point (`STMTTRNRS[2]/STMTRS/BANKTRANLIST/STMTTRN[17]`); only they are counted. */
const REPEATING = 8;
/**
 * Aggregates inside a transaction. Any other element that seems to contain fields is an empty SGML leaf
 * left unclosed (`<MEMO>` then `<FITID>…`), so it is skipped in field paths.
 */
const RECORD_AGGREGATE = 16;

/** Most elements are none of these; a switch compares lengths first, where a set would hash every new name. */
function roleOf(name: string): number {
  switch (name) {
    case 'STMTRS':
    case 'CCSTMTRS':
      return STATEMENT | REPEATING;
    case 'BANKACCTFROM':
    case 'CCACCTFROM':
      return ACCOUNT;
    case 'STMTTRN':
    case 'STMTTRNP':
      return RECORD | REPEATING;
    case 'LEDGERBAL':
    case 'AVAILBAL':
      return RECORD;
    case 'STMTTRNRS':
    case 'CCSTMTTRNRS':
      return REPEATING;
    case 'CURRENCY':
    case 'ORIGCURRENCY':
    case 'PAYEE':
    case 'BANKACCTTO':
    case 'CCACCTTO':
    case 'IMAGEDATA':
      return RECORD_AGGREGATE;
    default:
      return 0;
  }
}

/** The two ways a transaction states another currency, with their field paths written out once (not per entry). */
const FX_AGGREGATES = [
  { aggregate: 'CURRENCY', symbolField: 'CURRENCY/CURSYM', rateField: 'CURRENCY/CURRATE' },
  { aggregate: 'ORIGCURRENCY', symbolField: 'ORIGCURRENCY/CURSYM', rateField: 'ORIGCURRENCY/CURRATE' },
] as const;

interface OpenElement {
  name: string;
  index: number;
  role: number;
  counts?: Map<string, number>;
  /** This element's path from the root, built when first asked for. */
  path?: string;
}

interface OpenStatement {
  kind: 'bank' | 'credit-card';
  path: string;
  line: number;
  currency?: string;
  accountId?: string;
  announced: boolean;
  /** cardOfAccount(accountId), worked out once per statement (null: the account id is no card number). */
  card?: { pan: string; last4: string } | null;
}

interface OpenRecord {
  name: string;
  depth: number;
  path: string;
  line: number;
  fields: Map<string, string>;
  /** The transaction's own aggregates open around the current element (`CURRENCY`, `PAYEE`, …). */
  prefix: string[];
}

/**
 * Turns OFX markup (from the SGML tokenizer or the XML reader) into feed items. It keeps the element path, the
 * open statement and one transaction's fields; nothing else of the file.
 */
class OfxStreamHandler implements MarkupHandler {
  private readonly out: FeedItem[] = [];
  private readonly stack: OpenElement[] = [];
  private readonly rootCounts = new Map<string, number>();
  private statement?: OpenStatement;
  private record?: OpenRecord;
  private value = '';
  line: () => number = () => 0;

  drain = (): FeedItem[] => this.out.splice(0, this.out.length);

  open(name: string): void {
    if (this.stack.length === 0 && name !== 'OFX') throw new FeedStructureError('unknown-format', `the root element is <${name}>, not <OFX>`, { line: this.line() });
    const role = roleOf(name);
    // Sibling positions matter for paths down to a transaction; below it they are not tracked.
    const parent = this.stack[this.stack.length - 1];
    let index = 1;
    if ((role & REPEATING) !== 0 && this.stack.length < INDEXED_DEPTH) {
      const counts = parent ? (parent.counts ??= new Map()) : this.rootCounts;
      index = (counts.get(name) ?? 0) + 1;
      counts.set(name, index);
    }
    this.stack.push({ name, index, role, counts: undefined, path: undefined });
    this.value = '';
    if (this.record) {
      if ((role & RECORD_AGGREGATE) !== 0) this.record.prefix.push(name);
      return;
    }
    if ((role & STATEMENT) !== 0) {
      this.statement = { kind: name === 'CCSTMTRS' ? 'credit-card' : 'bank', path: this.path(), line: this.line(), announced: false };
    } else if (this.statement && (role & RECORD) !== 0) {
      if (name !== 'STMTTRN' && name !== 'STMTTRNP' && this.parentName() !== this.statementName()) return;
      this.announce();
      this.record = { name, depth: this.stack.length, path: this.path(), line: this.line(), fields: new Map(), prefix: [] };
    }
  }

  text(text: string): void {
    this.value += text;
  }

  close(name: string): void {
    if (this.value !== '') {
      const value = this.value.trim();
      this.value = '';
      if (value !== '') this.leaf(name, value);
    }
    // The tokenizer closes elements in the order it opened them: the top of this stack is `name`.
    const role = this.stack[this.stack.length - 1].role;
    const record = this.record;
    if (record) {
      if (this.stack.length === record.depth) {
        this.record = undefined;
        this.onRecord(record);
      } else if (record.prefix.length > 0 && record.prefix[record.prefix.length - 1] === name && (role & RECORD_AGGREGATE) !== 0) {
        record.prefix.pop();
      }
    } else if (this.statement) {
      if ((role & STATEMENT) !== 0) {
        this.announce();
        this.statement = undefined;
      } else if ((role & ACCOUNT) !== 0) {
        this.announce();
      }
    }
    this.stack.pop();
  }

  private leaf(name: string, value: string): void {
    if (this.record) {
      if (this.record.fields.size >= MAX_FIELDS_PER_RECORD) throw new FeedStructureError('malformed-sgml', `a transaction with more than ${MAX_FIELDS_PER_RECORD} fields`, this.location());
      const prefix = this.record.prefix;
      const relative = prefix.length === 0 ? name : `${prefix.join('/')}/${name}`;
      if (!this.record.fields.has(relative)) this.record.fields.set(relative, value);
      return;
    }
    if (!this.statement) return;
    if (name === 'CURDEF' && this.parentName() === this.statementName()) this.statement.currency = value.toUpperCase();
    else if (name === 'ACCTID' && (this.parentRole() & ACCOUNT) !== 0 && this.statement.accountId === undefined) this.statement.accountId = value;
  }

  private onRecord(record: OpenRecord): void {
    const statement = this.openStatement();
    const location: SourceLocation = { line: record.line, element: record.path };
    try {
      if (record.name === 'STMTTRN' || record.name === 'STMTTRNP') {
        this.out.push({ kind: 'entry', entry: this.entry(record, statement), location });
      } else {
        this.out.push({ kind: 'balance', balance: this.balance(record, statement), location });
      }
    } catch (error) {
      if (!(error instanceof EntryProblem)) throw error;
      const element = error.field ? `${record.path}/${error.field}` : record.path;
      this.out.push({ kind: 'entry-error', reason: error.reason, detail: error.message, location: { line: record.line, element } });
    }
  }

  private entry(record: OpenRecord, statement: OpenStatement): StatementEntry {
    const f = (path: string) => record.fields.get(path);
    const pending = record.name === 'STMTTRNP';
    const baseCurrency = checkedCurrency(statement.currency, 'CURDEF');
    const signed = parseOfxAmount(f('TRNAMT'), 'TRNAMT');
    const posted = parseOfxDateTime(pending ? f('DTTRAN') : f('DTPOSTED'), pending ? 'DTTRAN' : 'DTPOSTED');
    const user = optionalDate(f('DTUSER'), 'DTUSER');
    const available = optionalDate(f('DTAVAIL'), 'DTAVAIL');
    const { amount, currency, fx } = this.money(record, signed.amount, baseCurrency);
    const type = f('TRNTYPE')?.toUpperCase();
    const fitId = f('FITID');
    const name = f('NAME') ?? f('PAYEE/NAME') ?? f('EXTDNAME');
    const memo = f('MEMO');
    const sic = f('SIC');
    const cheque = f('CHECKNUM');
    const creditDebit = signed.negative ? 'DBIT' : 'CRDT';
    const isCardPurchase = statement.kind === 'credit-card' || type === 'POS';
    const merchantName = name && creditDebit === 'DBIT' && (sic !== undefined || isCardPurchase) ? clip(name) : undefined;
    return compact({
      accountId: statement.accountId ?? '',
      amount,
      currency,
      creditDebit,
      status: pending ? 'pending' : 'booked',
      bookingDate: posted.date,
      valueDate: available?.date,
      occurredAt: user?.dateTime ?? posted.dateTime,
      bankEntryId: fitId && clip(fitId),
      description: clip(memo ?? name ?? '', 500) || undefined,
      merchant: merchantName ? compact({ name: merchantName, mcc: sic && /^\d{4}$/.test(sic) ? sic : undefined }) : undefined,
      counterparty: nonEmpty({ name: name && clip(name), accountId: f('BANKACCTTO/ACCTID') ?? f('CCACCTTO/ACCTID') }),
      references: nonEmpty({
        accountServicerRef: fitId && clip(fitId),
        chequeNumber: cheque && clip(cheque, 40),
        transactionCode: type && /^[A-Z0-9._-]{1,40}$/.test(type) ? `ofx:${type}` : undefined,
      }),
      fx,
      card: statement.kind === 'credit-card' ? this.cardOf(statement) : undefined,
    });
  }

  /**
   * `CURRENCY`: the amount is in CURSYM, CURRATE converts it to CURDEF (booked in CURDEF, the stated amount is
   * the original). `ORIGCURRENCY`: the amount is already in CURDEF, the original was in CURSYM.
   */
  private money(record: OpenRecord, stated: string, baseCurrency: string): { amount: string; currency: string; fx?: ForeignExchange } {
    const f = (path: string) => record.fields.get(path);
    for (const { aggregate, symbolField, rateField } of FX_AGGREGATES) {
      const symbol = f(symbolField)?.toUpperCase();
      if (symbol === undefined || symbol === baseCurrency) continue;
      const original = checkedCurrency(symbol, symbolField);
      const rate = statedExchangeRate(parseOfxAmount(f(rateField) ?? '', rateField).amount);
      if (rate === undefined || !isMonetaryCurrency(baseCurrency)) throw new EntryProblem('invalid-entry', `${rateField} is not a usable rate`, rateField);
      if (aggregate === 'CURRENCY') {
        const originalAmount = checkedAmount(stated, original, 'TRNAMT');
        return { amount: multiplyByRate(stated, rate, baseCurrency), currency: baseCurrency, fx: { originalAmount, originalCurrency: original, exchangeRate: rate } };
      }
      const amount = checkedAmount(stated, baseCurrency, 'TRNAMT');
      return { amount, currency: baseCurrency, fx: { originalAmount: divideByRate(stated, rate, original), originalCurrency: original, exchangeRate: rate } };
    }
    return { amount: checkedAmount(stated, baseCurrency, 'TRNAMT'), currency: baseCurrency };
  }

  private balance(record: OpenRecord, statement: OpenStatement) {
    const currency = checkedCurrency(statement.currency, 'CURDEF');
    const signed = parseOfxAmount(record.fields.get('BALAMT'), 'BALAMT');
    const asOf = parseOfxDateTime(record.fields.get('DTASOF'), 'DTASOF');
    return compact({
      accountId: statement.accountId ?? '',
      balanceType: BALANCES[record.name],
      amount: checkedAmount(signed.amount, currency, 'BALAMT'),
      currency,
      creditDebit: signed.negative ? ('DBIT' as const) : ('CRDT' as const),
      asOfDate: asOf.date,
      asOfDateTime: asOf.dateTime,
    });
  }

  /** A copy per entry: whoever tokenizes one entry's card must not change the next entry's. */
  private cardOf(statement: OpenStatement): { pan: string; last4: string } | undefined {
    if (statement.card === undefined) statement.card = cardOfAccount(statement.accountId ?? '') ?? null;
    return statement.card === null ? undefined : { pan: statement.card.pan, last4: statement.card.last4 };
  }

  private announce(): void {
    const statement = this.openStatement();
    if (statement.announced) return;
    if (statement.accountId === undefined) {
      throw new FeedStructureError('feed-invalid', `a statement without an account (${statement.kind === 'bank' ? 'BANKACCTFROM' : 'CCACCTFROM'}/ACCTID)`, this.location());
    }
    statement.announced = true;
    this.out.push({
      kind: 'statement',
      accountId: statement.accountId,
      ...(statement.currency !== undefined && { currency: statement.currency }),
      location: { line: statement.line, element: statement.path },
    });
  }

  /** Records are read only inside a statement; reaching here without one is a bug, not bad input. */
  private openStatement(): OpenStatement {
    if (!this.statement) throw new Error('OFX reader: no open statement');
    return this.statement;
  }

  private statementName(): string {
    return this.openStatement().kind === 'bank' ? 'STMTRS' : 'CCSTMTRS';
  }

  private parentName(): string | undefined {
    return this.stack[this.stack.length - 2]?.name;
  }

  private parentRole(): number {
    return this.stack.length < 2 ? 0 : this.stack[this.stack.length - 2].role;
  }

  /** The open elements' path, e.g. `OFX/BANKMSGSRSV1/STMTTRNRS[2]/STMTRS`; each level's is built once, from its parent's. */
  private path(): string {
    let path = '';
    for (const element of this.stack) {
      if (element.path === undefined) {
        const step = element.index > 1 ? `${element.name}[${element.index}]` : element.name;
        element.path = path === '' ? step : `${path}/${step}`;
      }
      path = element.path;
    }
    return path;
  }

  private location(): SourceLocation {
    return { line: this.line(), element: this.path() };
  }
}

/**
 * A credit-card statement's CCACCTFROM/ACCTID is often the card number itself: stated as the card too, so
 * the edge tokenizes it like any PAN (only when it passes the Luhn check, so account ids stay accounts).
 */
function cardOfAccount(accountId: string): { pan: string; last4: string } | undefined {
  const digits = accountId.replace(/[\s-]/g, '');
  return /^\d{13,19}$/.test(digits) && passesLuhn(digits) ? { pan: digits, last4: digits.slice(-4) } : undefined;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function optionalDate(raw: string | undefined, field: string): OfxDateTime | undefined {
  return raw === undefined ? undefined : parseOfxDateTime(raw, field);
}

type OfxVariant = { syntax: MarkupSyntax; charset: SupportedCharset };

/** Versions read: OFX 1.0.2–1.6 (SGML, header `OFXHEADER:100`) and 2.0–2.2 (XML, `<?OFX OFXHEADER="200"?>`). */
function detectVariant(head: Buffer): OfxVariant {
  refuseNonTextStart(head);
  const latin1 = head.toString('latin1');
  const text = latin1.replace(/^\u00EF\u00BB\u00BF/, '');
  const pi = /<\?OFX\s([^?]*)\?>/i.exec(text);
  if (/^\s*<\?xml/i.test(text) || pi) {
    if (pi) {
      const header = /OFXHEADER\s*=\s*["']?(\d+)/i.exec(pi[1])?.[1];
      const version = /VERSION\s*=\s*["']?(\d+)/i.exec(pi[1])?.[1];
      if (header !== '200' || (version !== undefined && !/^2\d\d$/.test(version))) {
        throw new FeedStructureError('unsupported-version', `OFX header ${header ?? '?'} version ${version ?? '?'}; OFX 2.x XML needs OFXHEADER="200" and VERSION 2xx`, { line: 1 });
      }
    }
    return { syntax: 'xml', charset: declaredXmlCharsetOf(latin1) };
  }
  const lt = text.indexOf('<');
  const headerText = lt < 0 ? text : text.slice(0, lt);
  const headers = new Map<string, string>();
  for (const line of headerText.split(/\r\n|\r|\n/)) {
    const m = /^\s*([A-Z]+)\s*:\s*(.*?)\s*$/i.exec(line);
    if (m) headers.set(m[1].toUpperCase(), m[2]);
  }
  if (!headers.has('OFXHEADER')) {
    if (/^\s*<OFX>/i.test(text)) return { syntax: 'sgml', charset: 'windows-1252' };
    throw new FeedStructureError('unknown-format', 'neither an OFX 1.x header (OFXHEADER:100) nor OFX 2.x XML', { line: 1 });
  }
  const version = headers.get('VERSION') ?? '';
  if (headers.get('OFXHEADER') !== '100' || !/^1\d\d$/.test(version)) {
    throw new FeedStructureError('unsupported-version', `OFX header ${headers.get('OFXHEADER')} version ${version || '?'}; OFX 1.x SGML needs OFXHEADER:100 and VERSION 1xx`, { line: 1 });
  }
  // CHARSET names the code page for USASCII files (1252, ISO-8859-1, NONE); ENCODING:UTF-8 means UTF-8.
  const encoding = headers.get('ENCODING')?.toUpperCase();
  const charsetLabel = headers.get('CHARSET') ?? 'NONE';
  if (encoding === 'UTF-8' || encoding === 'UTF8') return { syntax: 'sgml', charset: 'utf-8' };
  if (encoding !== undefined && encoding !== 'USASCII') throw new FeedStructureError('invalid-encoding', `OFX ENCODING:${encoding} is not supported`, { line: 1 });
  const charset = charsetLabel.toUpperCase() === 'NONE' ? 'windows-1252' : charsetFromLabel(charsetLabel);
  if (charset === undefined) throw new FeedStructureError('invalid-encoding', `OFX CHARSET:${charsetLabel} is not supported`, { line: 1 });
  return { syntax: 'sgml', charset };
}

/**
 * Both syntaxes go through the one tokenizer: SGML rules for 1.x, XML rules for 2.x (OFX XML has no
 * attributes or namespaces, so a full XML parser would only be slower; DOCTYPEs are refused either way).
 */
function parseOfx(chunks: AsyncIterable<Buffer>): AsyncIterable<FeedItem> {
  const handler = new OfxStreamHandler();
  let reader: { tokenizer: SgmlTokenizer; decoder: StreamingTextDecoder; headerDone: boolean } | undefined;
  return streamItems(chunks, 4096, {
    start(head) {
      if (head.length === 0) throw new FeedStructureError('truncated-file', 'the file is empty', { line: 1 });
      const variant = detectVariant(head);
      const tokenizer = new SgmlTokenizer(handler, variant.syntax);
      reader = { tokenizer, decoder: new StreamingTextDecoder(variant.charset, () => tokenizer.line), headerDone: variant.syntax === 'xml' };
      handler.line = () => tokenizer.line;
    },
    write(chunk) {
      if (reader) writeMarkup(reader, reader.decoder.decode(chunk));
    },
    end() {
      if (!reader) throw new FeedStructureError('truncated-file', 'the file is empty', { line: 1 });
      writeMarkup(reader, reader.decoder.end());
      reader.tokenizer.end();
    },
    drain: handler.drain,
  });
}

/** The `KEY:VALUE` header lines before `<OFX>` are not markup; the tokenizer starts at the first `<`. */
function writeMarkup(sgml: { tokenizer: SgmlTokenizer; headerDone: boolean }, text: string): void {
  if (!sgml.headerDone) {
    const lt = text.indexOf('<');
    if (lt < 0) {
      sgml.tokenizer.write(text.replace(/[^\r\n]/g, '')); // keep the line count, drop header text
      return;
    }
    sgml.tokenizer.write(text.slice(0, lt).replace(/[^\r\n]/g, ''));
    sgml.headerDone = true;
    text = text.slice(lt);
  }
  sgml.tokenizer.write(text);
}

/** OFX 1.x (SGML, QFX) and 2.x (XML) bank and credit-card statements. */
export const ofxParser: FeedParser = {
  format: 'ofx',
  parse: (chunks: AsyncIterable<Buffer>) => parseOfx(chunks),
};
