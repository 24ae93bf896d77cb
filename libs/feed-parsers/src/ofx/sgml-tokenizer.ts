import { FeedStructureError } from '../feed-parser';

/** What the OFX reader does with markup: the same three calls whether the file is SGML (1.x) or XML (2.x). */
export interface MarkupHandler {
  open(name: string): void;
  text(text: string): void;
  close(name: string): void;
}

export interface SgmlLimits {
  maxDepth: number;
  /** Longest tag or text value, in characters. */
  maxTokenChars: number;
}

export const DEFAULT_SGML_LIMITS: SgmlLimits = { maxDepth: 32, maxTokenChars: 1 << 16 };

/**
 * `sgml`: OFX 1.x rules (leaves may stay unclosed, a lone `&` is text). `xml`: OFX 2.x is XML without
 * attributes or namespaces, so the same tokenizer enforces XML's rules instead: every element closed by its
 * own end tag, only XML's entities, CDATA sections read as text; any breach is `malformed-xml`.
 */
export type MarkupSyntax = 'sgml' | 'xml';

/** 0: not a tag name (`[A-Za-z][A-Za-z0-9._-]*`); 1: a name in upper case; 2: a name with lower-case letters. Checked by hand: this runs for every tag. */
function tagNameKind(name: string): 0 | 1 | 2 {
  return tagNameKindAt(name, 0, name.length);
}

/** The same for `text[from, to)`, so a tag's name is sliced once, after it passed. */
function tagNameKindAt(text: string, from: number, to: number): 0 | 1 | 2 {
  if (to <= from) return 0;
  let kind: 1 | 2 = 1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) kind = 2;
    else if (!(c >= 65 && c <= 90) && (i === from || !((c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45))) return 0;
  }
  return kind;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** `&amp;`, `&lt;`, `&#233;`, `&#xE9;` decoded; a lone `&` (common in bank files: "Amazon & Cloud") stays as it is. */
export function decodeSgmlEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,6});/g, (whole, ref: string) => {
    if (ref[0] === '#') return characterReference(ref) ?? whole;
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** XML's five entities and character references; anything else after `&` is not well-formed (undefined when so). */
export function decodeXmlEntities(text: string): string | undefined {
  let amp = text.indexOf('&');
  if (amp < 0) return text;
  // By hand rather than a replace callback: a reference ends at the first `;`, since none contains one.
  let decoded = '';
  let from = 0;
  while (amp >= 0) {
    const semicolon = text.indexOf(';', amp + 1);
    if (semicolon < 0) return undefined;
    const value = xmlReference(text.slice(amp + 1, semicolon));
    if (value === undefined) return undefined;
    decoded += text.slice(from, amp) + value;
    from = semicolon + 1;
    amp = text.indexOf('&', from);
  }
  return decoded + text.slice(from);
}

const XML_CHARACTER_REFERENCE = /^(?:#x[0-9a-fA-F]{1,6}|#\d{1,7})$/;

/** What `&ref;` stands for in XML, or undefined when it is none of XML's references. */
function xmlReference(ref: string): string | undefined {
  switch (ref) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return XML_CHARACTER_REFERENCE.test(ref) ? characterReference(ref) : undefined;
  }
}

function characterReference(ref: string): string | undefined {
  const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : undefined;
}

/**
 * A streaming tokenizer for OFX 1.x SGML, where leaf elements are usually not closed (`<TRNAMT>-9.90`) and
 * aggregates are. A start tag followed by text is a leaf that ends at the next tag; a closing tag closes
 * every element opened inside it. It holds only the unfinished tail of the last chunk, bounded in size.
 */
export class SgmlTokenizer {
  private carry = '';
  private textValue = '';
  private readonly stack: { name: string; hasChildren: boolean }[] = [];
  private rootClosed = false;
  private lineNumber = 1;

  private readonly malformed: 'malformed-sgml' | 'malformed-xml';

  constructor(
    private readonly handler: MarkupHandler,
    private readonly syntax: MarkupSyntax = 'sgml',
    private readonly limits: SgmlLimits = DEFAULT_SGML_LIMITS,
  ) {
    this.malformed = syntax === 'xml' ? 'malformed-xml' : 'malformed-sgml';
  }

  /** Lines are counted only when asked for (once per statement or transaction), up to where the tokenizer is. */
  private input = '';
  private countedTo = 0;
  private cursor = 0;

  get line(): number {
    if (this.cursor > this.countedTo) {
      this.countLines(this.input, this.countedTo, this.cursor);
      this.countedTo = this.cursor;
    }
    return this.lineNumber;
  }

  write(text: string): void {
    const input = this.carry + text;
    this.input = input;
    this.countedTo = 0;
    let position = 0;
    for (;;) {
      this.cursor = position;
      const lt = input.indexOf('<', position);
      if (lt < 0) {
        this.addText(input.slice(position));
        position = input.length;
        break;
      }
      // Layout whitespace before any value is dropped unsliced (values are trimmed anyway).
      if (lt > position && !(this.textValue === '' && isBlankRange(input, position, lt))) this.addText(input.slice(position, lt));
      position = lt;
      this.cursor = lt;
      const end = this.tagEnd(input, lt);
      if (end < 0) break; // the tag continues in the next chunk
      this.tag(input, lt + 1, end);
      position = end + 1;
    }
    // Count what was consumed; the unfinished tail is counted with the next chunk.
    this.cursor = position;
    void this.line;
    this.carry = input.slice(position);
    this.input = '';
    this.countedTo = this.cursor = 0;
    if (this.carry.length > this.limits.maxTokenChars) this.fail(this.malformed, `a tag longer than ${this.limits.maxTokenChars} characters`);
  }

  end(): void {
    if (this.carry.length > 0) this.fail('truncated-file', `the file ends inside a tag: ${JSON.stringify(this.carry.slice(0, 40))}`);
    if (this.stack.length === 0 && !this.rootClosed) this.fail('truncated-file', 'no OFX element found');
    if (this.stack.length > 0) this.fail('truncated-file', `the file ends before </${this.stack[0].name}>`);
  }

  /** Element path of the open elements, e.g. `OFX/BANKMSGSRSV1/STMTTRNRS`. */
  path(): string {
    return this.stack.map((e) => e.name).join('/');
  }

  private tagEnd(input: string, lt: number): number {
    if (input.charCodeAt(lt + 1) !== 33 /* ! */) return input.indexOf('>', lt + 1);
    if (input.startsWith('<!--', lt)) {
      const close = input.indexOf('-->', lt + 4);
      return close < 0 ? -1 : close + 2;
    }
    if (this.syntax === 'xml' && input.startsWith('<![CDATA[', lt)) {
      const close = input.indexOf(']]>', lt + 9);
      return close < 0 ? -1 : close + 2;
    }
    return input.indexOf('>', lt + 1);
  }

  private addText(text: string): void {
    if (text.length === 0) return;
    if (this.stack.length === 0) {
      if (!isBlank(text)) this.fail(this.malformed, `text outside the OFX element: ${JSON.stringify(text.trim().slice(0, 40))}`);
      return;
    }
    this.textValue += text;
    if (this.textValue.length > this.limits.maxTokenChars) this.fail(this.malformed, `a value longer than ${this.limits.maxTokenChars} characters`);
  }

  /** The tag `input[start, end)`, between `<` and `>`. */
  private tag(input: string, start: number, end: number): void {
    const first = input.charCodeAt(start);
    if (first === 33 /* ! */ || first === 63 /* ? */) return this.declaration(input.slice(start, end));
    const closing = first === 47; // '/'
    const selfClosing = !closing && end > start && input.charCodeAt(end - 1) === 47;
    const nameStart = closing ? start + 1 : start;
    const nameEnd = selfClosing ? end - 1 : end;
    let kind = tagNameKindAt(input, nameStart, nameEnd);
    let name: string;
    const top = this.stack[this.stack.length - 1];
    if (kind === 1 && closing && top !== undefined && nameEnd - nameStart === top.name.length && input.startsWith(top.name, nameStart)) {
      // The usual end tag closes the element on top: compared in place, its name is that element's.
      name = top.name;
    } else if (kind !== 0) name = input.slice(nameStart, nameEnd);
    else {
      // Not a bare name: whitespace or attributes after it (`<OFX >`, `<CODE x="1">`), or no name at all.
      const body = input.slice(start, end);
      name = input.slice(nameStart, nameEnd).trim().split(/\s/, 1)[0];
      kind = tagNameKind(name);
      if (kind === 0 || (this.syntax === 'xml' && closing && name !== body.slice(1).trim())) this.fail(this.malformed, `invalid tag <${body.slice(0, 40)}>`);
    }
    if (kind === 2) name = name.toUpperCase();

    const value = this.textValue;
    this.textValue = '';
    if (this.syntax === 'xml') return this.xmlTag(name, closing, selfClosing, top, value);
    if (top && !top.hasChildren && !isBlank(value)) {
      // The top element is a leaf with a value; it ends here, closed or not.
      this.handler.text(decodeSgmlEntities(value.trim()));
      this.stack.pop();
      this.handler.close(top.name);
      if (closing && name === top.name) return;
    }
    if (closing) return this.closeTo(name);
    this.openElement(name, selfClosing);
  }

  /** `<!…>` and `<?…?>`: comments and processing instructions carry no data; DOCTYPEs are refused. */
  private declaration(body: string): void {
    if (body.startsWith('!--') || body.startsWith('?')) return;
    if (body.startsWith('![CDATA[') && this.syntax === 'xml') {
      // Kept escaped so the entity decoding at the end of the value restores it exactly.
      this.addText(body.slice(8, -2).replace(/&/g, '&amp;').replace(/</g, '&lt;'));
      return;
    }
    if (/^!DOCTYPE/i.test(body) || /^!ENTITY/i.test(body)) this.fail('xml-dtd-forbidden', 'a DOCTYPE or entity declaration is not accepted');
    this.fail(this.malformed, `unexpected markup declaration <${body.slice(0, 20)}>`);
  }

  /** XML: an end tag must close the element open on top; text is a value only for an element without children. */
  private xmlTag(name: string, closing: boolean, selfClosing: boolean, top: { name: string; hasChildren: boolean } | undefined, value: string): void {
    if (!closing) return this.openElement(name, selfClosing);
    if (!top || top.name !== name) this.fail('malformed-xml', top ? `</${name}> does not close <${top.name}>` : `</${name}> closes nothing that is open`);
    if (!top.hasChildren && !isBlank(value)) {
      const decoded = decodeXmlEntities(value.trim());
      if (decoded === undefined) this.fail('malformed-xml', `an "&" that starts no XML entity in <${name}>`);
      this.handler.text(decoded);
    }
    this.stack.pop();
    this.handler.close(name);
    if (this.stack.length === 0) this.rootClosed = true;
  }

  private openElement(name: string, selfClosing: boolean): void {
    if (this.rootClosed || (this.stack.length === 0 && name !== 'OFX')) {
      this.fail(this.rootClosed ? this.malformed : 'unknown-format', this.rootClosed ? `<${name}> after </OFX>` : `the first element is <${name}>, not <OFX>`);
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.hasChildren = true;
    this.stack.push({ name, hasChildren: false });
    if (this.stack.length > this.limits.maxDepth) this.fail(this.malformed, `elements nested deeper than ${this.limits.maxDepth} levels`);
    this.handler.open(name);
    if (selfClosing) {
      this.stack.pop();
      this.handler.close(name);
    }
  }

  /** `</X>` closes X and every element (empty leaves, unclosed aggregates) still open inside it. */
  private closeTo(name: string): void {
    let index = this.stack.length - 1;
    while (index >= 0 && this.stack[index].name !== name) index--;
    if (index < 0) this.fail(this.malformed, `</${name}> closes nothing that is open`);
    for (let open = this.stack.pop(); open !== undefined; open = this.stack.length > index ? this.stack.pop() : undefined) this.handler.close(open.name);
    if (this.stack.length === 0) this.rootClosed = true;
  }

  private countLines(text: string, from: number, to: number): void {
    for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) this.lineNumber++;
  }

  private fail(reason: 'malformed-sgml' | 'malformed-xml' | 'truncated-file' | 'xml-dtd-forbidden' | 'unknown-format', detail: string): never {
    const element = this.path();
    throw new FeedStructureError(reason, detail, { line: this.line, ...(element && { element }) });
  }
}

function isBlankRange(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}
