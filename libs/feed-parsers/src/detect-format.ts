import type { FeedFormat } from '@kontor/contracts';
import { FeedStructureError } from './feed-parser';

export type DetectedFormat = FeedFormat | 'unknown-format';

/** How many leading bytes detection looks at; enough for XML prologs, OFX headers and SWIFT blocks. */
export const DETECTION_HEAD_BYTES = 64 * 1024;

const CAMT_NAMESPACE = /urn:iso:std:iso:20022:tech:xsd:camt\.(052|053|054)\.001\.\d{2}/;
const CAMT_MESSAGE_ELEMENT: Readonly<Record<string, FeedFormat>> = {
  BkToCstmrAcctRpt: 'camt.052',
  BkToCstmrStmt: 'camt.053',
  BkToCstmrDbtCdtNtfctn: 'camt.054',
};

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Which format a feed is in, from its content type and its first bytes. Content decides, because banks
 * label files loosely (`application/octet-stream`, `text/plain`); only CSV, which has no signature of
 * its own, is taken on the content type's word (`text/csv`), and is then read with the bank's profile.
 *
 * Throws FeedStructureError for what must be refused before any parser runs: UTF-16/32 byte order marks
 * (`invalid-encoding`) and XML carrying a document type declaration (`xml-dtd-forbidden`, so no parser
 * is ever asked to expand entities).
 */
export function detectFeedFormat(contentType: string | undefined, head: Buffer): DetectedFormat {
  const mediaType = mediaTypeOf(contentType);
  if (hasWideBom(head)) throw new FeedStructureError('invalid-encoding', 'UTF-16 and UTF-32 are not accepted; send UTF-8', { line: 1 });
  if (mediaType === 'text/csv' || mediaType === 'application/csv') return 'csv';

  const text = stripBom(head).toString('latin1');
  const start = text.search(/\S/);
  if (start < 0) return 'unknown-format';
  const first = text[start];

  if (/^\{[1-5]:/.test(text.slice(start, start + 3))) return detectText(text.slice(start));
  if (first === '{' || first === '[') return detectJson(text.slice(start));
  if (first === '<') return detectMarkup(text.slice(start));
  return detectText(text.slice(start));
}

function hasWideBom(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  return head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff;
}

function stripBom(head: Buffer): Buffer {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
}

/** Top-level keys decide: `entries` is ours; `transactions`/`balances` beside `account` is Berlin Group. */
function detectJson(text: string): DetectedFormat {
  if (text[0] !== '{') return 'unknown-format';
  const keys = topLevelKeys(text);
  if (keys.has('entries')) return 'kontor-json';
  if (keys.has('transactions') || (keys.has('balances') && keys.has('account'))) return 'berlin-group-json';
  return 'unknown-format';
}

/** Keys of the outermost object found in `text` (which may be cut off), ignoring nested objects. */
function topLevelKeys(text: string): Set<string> {
  const keys = new Set<string>();
  let depth = 0;
  let inString = false;
  let stringStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 1 && /^\s*:/.test(text.slice(i + 1, i + 40))) keys.add(text.slice(stringStart + 1, i));
      }
    } else if (c === '"') {
      inString = true;
      stringStart = i;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return keys;
}

function detectMarkup(text: string): DetectedFormat {
  // OFX 1.x SGML files start with their `OFXHEADER:` block, OFX 2.x with `<?xml …?><?OFX …?>`; some
  // exporters drop the header and start at <OFX>.
  if (/<\?OFX[\s?]/i.test(text.slice(0, 2048))) return 'ofx';
  const prolog = skipXmlProlog(text);
  if (prolog.dtd) throw new FeedStructureError('xml-dtd-forbidden', 'XML document type declarations (DTDs, entities) are refused', { line: prolog.line, element: '!DOCTYPE' });
  const rest = text.slice(prolog.end);
  const root = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>?/.exec(rest);
  if (!root) return 'unknown-format';
  const [, , name, attributes] = root;
  if (name.toUpperCase() === 'OFX') return 'ofx';
  const namespace = CAMT_NAMESPACE.exec(attributes);
  if (namespace) return `camt.${namespace[1]}` as FeedFormat;
  if (name === 'Document') {
    // No namespace declared: the message element under Document names the message.
    const message = /<(?:[A-Za-z_][\w.-]*:)?(BkToCstmrAcctRpt|BkToCstmrStmt|BkToCstmrDbtCdtNtfctn)[\s>]/.exec(rest);
    if (message) return CAMT_MESSAGE_ELEMENT[message[1]];
  }
  return 'unknown-format';
}

/** Skips the XML declaration, processing instructions, comments and whitespace before the root element. */
function skipXmlProlog(text: string): { end: number; dtd: boolean; line: number } {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('<?', i)) {
      const close = text.indexOf('?>', i);
      if (close < 0) return { end: text.length, dtd: false, line: 1 };
      i = close + 2;
    } else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i);
      if (close < 0) return { end: text.length, dtd: false, line: 1 };
      i = close + 3;
    } else if (text.startsWith('<!', i)) {
      return { end: i, dtd: true, line: text.slice(0, i).split('\n').length };
    } else {
      return { end: i, dtd: false, line: 1 };
    }
  }
}

function detectText(text: string): DetectedFormat {
  if (/^OFXHEADER\s*:/i.test(text)) return 'ofx';
  if (/^01,/.test(text)) return 'bai2';
  const head = text.slice(0, 16 * 1024);
  // SWIFT block 2 names the message type (`{2:I940…`, `{2:O942…`); without blocks, MT942 has :34F: (floor
  // limit) or :13D: (date-time indication), which MT940 never carries.
  const messageType = /\{2:[IO](94[02])/.exec(head);
  if (messageType) return messageType[1] === '942' ? 'mt942' : 'mt940';
  const swift = /^\{1:/.test(text) || /(^|\r?\n):20:/.test(head);
  if (!swift) return 'unknown-format';
  return /(^|\r?\n):(34F|13D):/.test(head) ? 'mt942' : 'mt940';
}
