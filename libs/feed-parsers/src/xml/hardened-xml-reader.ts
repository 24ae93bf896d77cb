import { SaxesParser } from 'saxes';
import { FeedStructureError, type SourceLocation } from '../feed-parser';
import { streamItems } from './item-stream';
import { declaredXmlCharset, refuseNonTextStart, StreamingTextDecoder } from './text-decoding';

/** What a format reader does with the XML: called synchronously, in document order. */
export interface XmlHandler {
  /** `name` is the local name (any namespace prefix removed); attributes keep their qualified names. */
  open(name: string, attributes: Readonly<Record<string, string>>, reader: HardenedXmlReader): void;
  text(text: string): void;
  close(name: string, reader: HardenedXmlReader): void;
}

export interface XmlLimits {
  /** Deepest element nesting accepted (camt needs about 15). */
  maxDepth: number;
  /** Longest single token — text node, tag, comment — in characters. */
  maxTokenChars: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 64, maxTokenChars: 1 << 20 };

const INDEXED_DEPTH = 7;

/** Slice size fed to saxes, so the token bound is checked often enough. */
const SLICE_CHARS = 1 << 16;

interface OpenElement {
  name: string;
  /** 1-based position among same-named siblings. */
  index: number;
  childCounts?: Map<string, number>;
}

/**
 * XML on top of saxes, hardened for input from outside: any DOCTYPE is refused (so no external entity, no
 * entity expansion), nesting depth and token sizes are bounded, and every failure becomes a
 * `FeedStructureError` naming line, column and element path. It streams: memory is the element stack and one
 * slice of text, whatever the file size.
 */
export class HardenedXmlReader {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private readonly stack: OpenElement[] = [];
  private readonly rootCounts = new Map<string, number>();
  private decoder?: StreamingTextDecoder;
  private failure?: FeedStructureError;
  private rootSeen = false;
  private rootClosed = false;
  private eventSinceCheck = false;
  private charsSinceEvent = 0;
  /** Text seen before the root element, kept to catch a DOCTYPE split across chunks. */
  private prolog = '';

  constructor(
    private readonly handler: XmlHandler,
    private readonly limits: XmlLimits = DEFAULT_XML_LIMITS,
  ) {
    // Only the handlers needed, registered in one order: saxes keeps handlers as properties added after
    // construction, and past a handful V8 turns the parser into a slow dictionary object (4× slower measured).
    // Without an error handler saxes throws from write(), which `feed` turns into malformed-xml.
    const p = this.parser;
    p.on('doctype', () => this.refuseDoctype());
    p.on('opentag', (tag) => {
      this.eventSinceCheck = true;
      if (this.failure) return;
      if (this.stack.length === 0) {
        if (this.rootClosed) return; // saxes reports the second root itself
        this.rootSeen = true;
        this.prolog = '';
      }
      const name = localName(tag.name);
      // Sibling positions are tracked down to the parts of an entry (Stmt[2]/Ntry[5]/NtryDtls/TxDtls[3]);
      // deeper, a path names elements without them, which spares a map per element.
      const parent = this.stack[this.stack.length - 1];
      let index = 1;
      if (this.stack.length < INDEXED_DEPTH) {
        const counts = parent ? (parent.childCounts ??= new Map()) : this.rootCounts;
        index = (counts.get(name) ?? 0) + 1;
        counts.set(name, index);
      }
      this.stack.push({ name, index });
      if (this.stack.length > this.limits.maxDepth) {
        this.fail(new FeedStructureError('malformed-xml', `elements nested deeper than ${this.limits.maxDepth} levels`, this.location()));
        return;
      }
      try {
        this.handler.open(name, tag.attributes as Record<string, string>, this);
      } catch (error) {
        this.fail(error);
      }
    });
    // Character data and CDATA sections are the same text to a handler.
    const onText = (text: string) => {
      this.eventSinceCheck = true;
      if (this.failure || this.stack.length === 0) return;
      try {
        this.handler.text(text);
      } catch (error) {
        this.fail(error);
      }
    };
    p.on('text', onText);
    p.on('cdata', onText);
    p.on('closetag', (tag) => {
      this.eventSinceCheck = true;
      if (this.failure || this.stack.length === 0) return;
      try {
        this.handler.close(localName(tag.name), this);
      } catch (error) {
        this.fail(error);
      }
      this.stack.pop();
      if (this.stack.length === 0) this.rootClosed = true;
    });
  }

  /** Reads the whole stream through `handler`, handing out what `drain` collects as it goes. */
  static read<T>(chunks: AsyncIterable<Buffer>, handler: XmlHandler, drain: () => T[], limits?: XmlLimits): AsyncIterable<T> {
    const reader = new HardenedXmlReader(handler, limits);
    return streamItems(chunks, 1024, { start: (head) => reader.start(head), write: (chunk) => reader.write(chunk), end: () => reader.end(), drain });
  }

  /** Picks the decoder from the first bytes: refuses non-text, honours the XML declaration's encoding. */
  start(head: Buffer): void {
    if (head.length === 0) throw new FeedStructureError('truncated-file', 'the file is empty', { line: 1 });
    refuseNonTextStart(head);
    const charset = declaredXmlCharset(head);
    this.decoder = new StreamingTextDecoder(charset, () => this.parser.line);
  }

  write(chunk: Buffer): void {
    if (!this.decoder) this.start(chunk);
    if (this.decoder) this.feed(this.decoder.decode(chunk));
  }

  end(): void {
    if (!this.decoder) throw new FeedStructureError('truncated-file', 'the file is empty', { line: 1 });
    this.feed(this.decoder.end());
    if (this.failure) throw this.failure;
    if (!this.rootSeen) {
      throw new FeedStructureError(this.prolog.trim() ? 'malformed-xml' : 'truncated-file', this.prolog.trim() ? 'no root element' : 'the file holds only whitespace', this.location());
    }
    if (!this.rootClosed) {
      throw new FeedStructureError('truncated-file', `the file ends inside <${this.stack[this.stack.length - 1]?.name}>`, this.location());
    }
    this.writeToSaxes(null);
  }

  private writeToSaxes(text: string | null): void {
    try {
      if (text === null) this.parser.close();
      else this.parser.write(text);
    } catch (error) {
      if (error instanceof FeedStructureError) throw error;
      if (this.failure) throw this.failure; // saxes may trip over what follows a refusal already recorded
      // saxes reports not-well-formed input by throwing "line:column: message"; anything else is a bug.
      const message = (error as { message?: unknown } | undefined)?.message;
      if (typeof message !== 'string' || !/^\d+:\d+: /.test(message)) throw error;
      this.failure = new FeedStructureError('malformed-xml', message.replace(/^\d+:\d+: /, ''), this.location());
    }
    if (this.failure) throw this.failure;
  }

  /** Where the reader is now: line, column and element path like `Document/BkToCstmrStmt/Stmt[2]/Ntry[5]`. */
  location(): SourceLocation {
    const element = this.path();
    return { line: this.parser.line, column: this.parser.column, ...(element && { element }) };
  }

  path(): string {
    return this.stack.map((e) => (e.index > 1 ? `${e.name}[${e.index}]` : e.name)).join('/');
  }

  get depth(): number {
    return this.stack.length;
  }

  get line(): number {
    return this.parser.line;
  }

  private feed(text: string): void {
    for (let start = 0; start < text.length; start += SLICE_CHARS) {
      const slice = text.length <= SLICE_CHARS ? text : text.slice(start, start + SLICE_CHARS);
      if (!this.rootSeen) this.scanProlog(slice);
      this.eventSinceCheck = false;
      this.writeToSaxes(slice);
      this.charsSinceEvent = this.eventSinceCheck ? 0 : this.charsSinceEvent + slice.length;
      if (this.charsSinceEvent > this.limits.maxTokenChars) {
        throw new FeedStructureError('malformed-xml', `a single text, tag or comment longer than ${this.limits.maxTokenChars} characters`, this.location());
      }
    }
  }

  /** saxes reports a DOCTYPE only once it has read all of it; refuse it as soon as it starts. */
  private scanProlog(slice: string): void {
    // A DOCTYPE can only precede the first element; text after that is content, not a declaration.
    const firstElement = slice.search(/<[A-Za-z_]/);
    const before = firstElement < 0 ? slice : slice.slice(0, firstElement);
    this.prolog = (this.prolog + before).slice(-4096);
    const declaration = /<!(DOCTYPE|ENTITY)/i;
    if (!declaration.test(this.prolog)) return;
    const at = before.search(declaration);
    const linesBefore = at < 0 ? 0 : before.slice(0, at).split('\n').length - 1;
    this.refuseDoctype(this.parser.line + linesBefore);
  }

  private refuseDoctype(line = this.parser.line): never {
    const error = new FeedStructureError('xml-dtd-forbidden', 'a DOCTYPE (DTD) is not accepted: no DTDs, external entities or entity declarations', { line });
    this.failure = error;
    throw error;
  }

  /** A handler's FeedStructureError stops the parse after this slice; anything else is a bug and propagates. */
  private fail(error: unknown): void {
    if (!(error instanceof FeedStructureError)) throw error;
    this.failure ??= error;
  }
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}
