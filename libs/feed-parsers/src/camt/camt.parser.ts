import { FeedStructureError, type FeedItem, type FeedParser } from '../feed-parser';
import { ElementTreeBuilder, firstText, textAt, type XmlElement } from '../xml/element-tree';
import { HardenedXmlReader, type XmlHandler } from '../xml/hardened-xml-reader';
import { balanceCode, mapBalance, mapEntry, type CamtStatementContext, type CapturedAt } from './camt-entry.mapper';
import { CAMT_MESSAGES, CAMT_VERSIONS, isSupportedCamtVersion, parseCamtNamespace, type CamtFormat } from './camt-message';

/** Elements one entry (with all its batch parts) may hold; a bigger `Ntry` is refused as hostile. */
const MAX_NODES_PER_ENTRY = 250_000;

/** Depths below `Document`: 1 the message, 2 a statement, 3 a statement's own children. */
const MESSAGE_DEPTH = 2;
const STATEMENT_DEPTH = 3;
const PART_DEPTH = 4;

/** The statement children read as trees; everything else (summaries, pagination) is skipped while streaming. */
const CAPTURED_PARTS = new Set(['Id', 'Acct', 'Bal', 'Ntry']);

interface OpenStatement {
  path: string;
  line: number;
  ref?: string;
  accountId?: string;
  currency?: string;
  announced: boolean;
  balances: { bal: XmlElement; where: CapturedAt }[];
  balancesFlushed: boolean;
  entries: number;
}

/**
 * Streams an ISO 20022 camt.052/053/054 document into feed items: for each statement (`Rpt`, `Stmt`,
 * `Ntfctn`) a `statement` item, its balances, then its entries. Each `Ntry` is read as a small tree and
 * dropped once mapped, so memory is bounded by one entry, not by the file.
 */
class CamtStreamHandler implements XmlHandler {
  private readonly out: FeedItem[] = [];
  private statement?: OpenStatement;
  private capture?: { builder: ElementTreeBuilder; where: CapturedAt };

  constructor(private readonly format: CamtFormat) {}

  drain = (): FeedItem[] => this.out.splice(0, this.out.length);

  open(name: string, attributes: Readonly<Record<string, string>>, reader: HardenedXmlReader): void {
    if (this.capture) {
      if (!this.capture.builder.open(name, attributes, reader.line)) {
        throw new FeedStructureError('malformed-xml', `one entry holds more than ${MAX_NODES_PER_ENTRY} elements`, reader.location());
      }
      return;
    }
    const depth = reader.depth;
    if (depth === 1) return this.checkDocument(name, attributes, reader);
    if (depth === MESSAGE_DEPTH) return this.checkMessage(name, reader);
    const message = CAMT_MESSAGES[this.format];
    if (depth === STATEMENT_DEPTH && name === message.statement) {
      this.statement = { path: reader.path(), line: reader.line, announced: false, balances: [], balancesFlushed: false, entries: 0 };
      return;
    }
    if (depth === PART_DEPTH && this.statement && CAPTURED_PARTS.has(name)) {
      this.capture = { builder: new ElementTreeBuilder(name, attributes, reader.line, MAX_NODES_PER_ENTRY), where: { path: reader.path(), line: reader.line } };
    }
  }

  text(text: string): void {
    this.capture?.builder.text(text);
  }

  close(name: string, reader: HardenedXmlReader): void {
    if (this.capture) {
      if (!this.capture.builder.close()) return;
      const { builder, where } = this.capture;
      this.capture = undefined;
      this.onPart(builder.root, where, reader);
      return;
    }
    if (reader.depth === STATEMENT_DEPTH && this.statement && name === CAMT_MESSAGES[this.format].statement) {
      this.announce(reader);
      this.flushBalances();
      this.statement = undefined;
    }
  }

  private checkDocument(name: string, attributes: Readonly<Record<string, string>>, reader: HardenedXmlReader): void {
    if (name !== 'Document') throw new FeedStructureError('unknown-format', `the root element is <${name}>, not an ISO 20022 <Document>`, reader.location());
    const uri = documentNamespace(attributes);
    const ns = uri === undefined ? undefined : parseCamtNamespace(uri);
    if (!ns) {
      throw new FeedStructureError('unsupported-version', `the Document namespace ${JSON.stringify(uri ?? '')} is not an ISO 20022 camt.05x message`, reader.location());
    }
    if (ns.format !== this.format) {
      throw new FeedStructureError('unknown-format', `this is a ${ns.format} message, read as ${this.format}`, reader.location());
    }
    if (!isSupportedCamtVersion(ns.version)) {
      const version = String(ns.version).padStart(2, '0');
      throw new FeedStructureError(
        'unsupported-version',
        `${ns.format}.001.${version} is not supported (001.0${CAMT_VERSIONS.min} to 001.${CAMT_VERSIONS.max} are)`,
        reader.location(),
      );
    }
  }

  private checkMessage(name: string, reader: HardenedXmlReader): void {
    const expected = CAMT_MESSAGES[this.format].root;
    if (name !== expected) throw new FeedStructureError('malformed-xml', `expected <${expected}> in a ${this.format} Document, found <${name}>`, reader.location());
  }

  private onPart(part: XmlElement, where: CapturedAt, reader: HardenedXmlReader): void {
    const statement = this.openStatement();
    switch (part.name) {
      case 'Id':
        statement.ref = part.text.trim() || undefined;
        return;
      case 'Acct':
        statement.accountId = firstText(part, 'Id/IBAN', 'Id/Othr/Id')?.replace(/\s+/g, '');
        statement.currency = textAt(part, 'Ccy');
        this.announce(reader);
        return;
      case 'Bal':
        this.announce(reader);
        if (statement.balancesFlushed) {
          // Out of schema order (after entries): published as it comes rather than lost.
          const item = mapBalance(part, this.context(), where);
          if (item) this.out.push(item);
        } else statement.balances.push({ bal: part, where });
        return;
      case 'Ntry':
        this.announce(reader);
        this.flushBalances();
        statement.entries++;
        this.out.push(...mapEntry(part, this.context(), where));
        return;
    }
  }

  /** The `statement` item, once the account is known (camt states `Acct` before balances and entries). */
  private announce(reader: HardenedXmlReader): void {
    const statement = this.openStatement();
    if (statement.announced) return;
    if (statement.accountId === undefined) {
      throw new FeedStructureError('feed-invalid', 'a statement without an account (Acct/Id/IBAN or Acct/Id/Othr/Id)', { line: reader.line, element: statement.path });
    }
    statement.announced = true;
    this.out.push({
      kind: 'statement',
      accountId: statement.accountId,
      ...(statement.ref !== undefined && { statementRef: statement.ref }),
      ...(statement.currency !== undefined && { currency: statement.currency }),
      location: { line: statement.line, element: statement.path },
    });
  }

  /**
   * Balances precede entries in camt. PRCD (previously closed booked) counts as the opening balance only when
   * the statement states no OPBD, so a statement never has two openings.
   */
  private flushBalances(): void {
    const statement = this.openStatement();
    if (statement.balancesFlushed) return;
    statement.balancesFlushed = true;
    const hasOpbd = statement.balances.some(({ bal }) => balanceCode(bal) === 'OPBD');
    for (const { bal, where } of statement.balances) {
      if (hasOpbd && balanceCode(bal) === 'PRCD') continue;
      const item = mapBalance(bal, this.context(), where);
      if (item) this.out.push(item);
    }
    statement.balances = [];
  }

  private context(): CamtStatementContext {
    const statement = this.openStatement();
    return { accountId: statement.accountId ?? '', ...(statement.ref !== undefined && { statementRef: statement.ref }) };
  }

  /** Parts are captured only inside a statement; reaching here without one is a bug, not bad input. */
  private openStatement(): OpenStatement {
    if (!this.statement) throw new Error('camt reader: no open statement');
    return this.statement;
  }
}

/** The namespace the Document declares (`xmlns`, or `xmlns:p` for a prefixed root): a camt one if any is. */
function documentNamespace(attributes: Readonly<Record<string, string>>): string | undefined {
  const declared = Object.keys(attributes)
    .filter((name) => name === 'xmlns' || name.startsWith('xmlns:'))
    .map((name) => attributes[name]);
  return declared.find((uri) => parseCamtNamespace(uri) !== undefined) ?? declared.find((uri) => uri.includes('iso:20022'));
}

export function createCamtParser(format: CamtFormat): FeedParser {
  return {
    format,
    parse(chunks: AsyncIterable<Buffer>): AsyncIterable<FeedItem> {
      const handler = new CamtStreamHandler(format);
      return HardenedXmlReader.read(chunks, handler, handler.drain);
    },
  };
}

/** ISO 20022 bank-to-customer account report (intraday). */
export const camt052Parser: FeedParser = createCamtParser('camt.052');
/** ISO 20022 bank-to-customer statement (end of day). */
export const camt053Parser: FeedParser = createCamtParser('camt.053');
/** ISO 20022 bank-to-customer debit/credit notification. */
export const camt054Parser: FeedParser = createCamtParser('camt.054');

/** The camt parsers by format, for callers that detected the message type from the namespace. */
export const camtParsers: Readonly<Record<CamtFormat, FeedParser>> = {
  'camt.052': camt052Parser,
  'camt.053': camt053Parser,
  'camt.054': camt054Parser,
};
