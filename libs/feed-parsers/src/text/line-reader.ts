import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { FeedStructureError } from '../feed-parser';

export type TextEncoding = 'utf-8' | 'latin1' | 'windows-1252';

export interface LineReaderOptions {
  encoding?: TextEncoding;
  /** Longest line accepted, in characters; a longer one is a hostile or broken file, not a line. */
  maxLineLength?: number;
  /**
   * For formats whose standard is ASCII but whose bank exports carry legacy 8-bit text (MT940 `:86:`):
   * UTF-8 bytes that turn out not to be UTF-8 are read as Windows-1252 from there on, which keeps every byte.
   * Only while nothing but ASCII has been read: a file mixing real UTF-8 and other bytes is still refused.
   */
  legacyFallback?: boolean;
}

/** Lines of one chunk, in order; the first is line `firstLine` (1-based) of the file. */
export interface LineBatch {
  lines: string[];
  firstLine: number;
}

/** Far above any real MT940/BAI2/CSV line (SWIFT caps them at 65–80, banks' CSV at a few KiB). */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

/**
 * Turns byte chunks into lines, a batch per chunk, so memory holds one chunk plus one unfinished line
 * whatever the file size. Lines end at LF, CRLF or a lone CR (old Mac exports); a CRLF split across two
 * chunks is still one line break. A leading byte-order mark is dropped. Batches instead of single lines
 * because one await per line costs more than parsing the line.
 */
export async function* readLineBatches(chunks: AsyncIterable<Buffer>, options: LineReaderOptions = {}): AsyncGenerator<LineBatch> {
  const splitter = new LineSplitter(options);
  for await (const chunk of chunks) {
    const batch = splitter.push(chunk);
    if (batch.lines.length > 0) yield batch;
  }
  const batch = splitter.end();
  if (batch.lines.length > 0) yield batch;
}

/**
 * What `readLineBatches` does with each chunk, synchronously: for a parser that drives its own iteration
 * (one await per chunk, not one per generator layer, which on a small file is most of the parse).
 */
export class LineSplitter {
  private readonly maxLineLength: number;
  private readonly decode: Decode;
  private carry = '';
  private lineNumber = 1;
  private pendingCr = false;
  private first = true;

  constructor(options: LineReaderOptions = {}) {
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.decode = decoderFor(options.encoding ?? 'utf-8', options.legacyFallback ?? false);
  }

  /** The lines this chunk completes (possibly none). */
  push(chunk: Buffer): LineBatch {
    let text = this.decode(chunk, false, this.lineNumber);
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    return this.split(text, false);
  }

  /** The last line, when the file does not end with a line break. */
  end(): LineBatch {
    return this.split(this.decode(Buffer.alloc(0), true, this.lineNumber), true);
  }

  private split(text: string, final: boolean): LineBatch {
    const maxLineLength = this.maxLineLength;
    const firstLine = this.lineNumber;
    const lines: string[] = [];
    let carry = this.carry;
    let start = 0;
    if (this.pendingCr && text.charCodeAt(0) === 10) start = 1;
    this.pendingCr = false;
    const length = text.length;
    const hasCr = text.indexOf('\r', start) !== -1;
    let position = start;
    while (position < length) {
      let end: number;
      let next: number;
      if (!hasCr) {
        end = text.indexOf('\n', position);
        if (end === -1) break;
        next = end + 1;
      } else {
        end = position;
        while (end < length) {
          const code = text.charCodeAt(end);
          if (code === 10 || code === 13) break;
          end++;
        }
        if (end === length) break;
        if (text.charCodeAt(end) === 13) {
          if (end + 1 === length) this.pendingCr = true;
          next = end + 1 < length && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
        } else next = end + 1;
      }
      const line = carry.length > 0 ? carry + text.slice(position, end) : text.slice(position, end);
      carry = '';
      if (line.length > maxLineLength) throw tooLong(this.lineNumber + lines.length, maxLineLength);
      lines.push(line);
      position = next;
    }
    carry = carry + text.slice(position);
    this.carry = carry;
    if (carry.length > maxLineLength) throw tooLong(this.lineNumber + lines.length, maxLineLength);
    if (final && carry.length > 0) {
      lines.push(carry);
      this.carry = '';
    }
    this.lineNumber += lines.length;
    return { lines, firstLine };
  }
}

/** The same lines one at a time, for callers that do not care about the await per line. */
export async function* readLines(chunks: AsyncIterable<Buffer>, options: LineReaderOptions = {}): AsyncGenerator<{ text: string; line: number }> {
  for await (const batch of readLineBatches(chunks, options)) {
    for (let index = 0; index < batch.lines.length; index++) yield { text: batch.lines[index], line: batch.firstLine + index };
  }
}

function tooLong(line: number, max: number): FeedStructureError {
  return new FeedStructureError('malformed-record', `line longer than ${max} characters`, { line });
}

type Decode = (chunk: Buffer, final: boolean, line: number) => string;

function decoderFor(encoding: TextEncoding, legacyFallback: boolean): Decode {
  switch (encoding) {
    case 'latin1':
      // ISO 8859-1 maps each byte to the code point of the same value, so chunks decode independently.
      return (chunk) => chunk.toString('latin1');
    case 'windows-1252': {
      const decoder = new TextDecoder('windows-1252');
      return (chunk, final) => decoder.decode(chunk, { stream: !final });
    }
    case 'utf-8':
      return utf8Decoder(legacyFallback);
  }
}

/**
 * Strict UTF-8: a byte sequence that is not UTF-8 rejects the feed instead of turning into U+FFFD silently.
 * Node's native `isUtf8` checks each chunk; a sequence cut by the chunk boundary waits for the next chunk.
 */
export function utf8Decoder(legacyFallback = false): (chunk: Buffer, final: boolean, line: number) => string {
  let pending: Buffer | undefined;
  let legacy: TextDecoder | undefined;
  let onlyAscii = true;
  return (chunk, final, line) => {
    if (legacy) return legacy.decode(chunk, { stream: !final });
    const data = pending ? Buffer.concat([pending, chunk]) : chunk;
    let cut = data.length;
    if (!final) {
      for (let index = data.length - 1; index >= 0 && index >= data.length - 4; index--) {
        const byte = data[index];
        if ((byte & 0xc0) === 0x80) continue;
        const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
        if (data.length - index < needed) cut = index;
        break;
      }
    }
    const body = cut < data.length ? data.subarray(0, cut) : data;
    if (!isUtf8(body)) {
      const offset = firstInvalidUtf8Offset(body);
      if (legacyFallback && onlyAscii && isAscii(body.subarray(0, offset))) {
        // Everything before was ASCII, so it reads the same in Windows-1252: go on in that encoding.
        legacy = new TextDecoder('windows-1252');
        pending = undefined;
        return legacy.decode(data, { stream: !final });
      }
      throw new FeedStructureError('invalid-encoding', 'the file is not valid UTF-8', { line: line + countLineBreaks(body.subarray(0, offset)) });
    }
    pending = cut < data.length ? Buffer.from(data.subarray(cut)) : undefined;
    if (onlyAscii && legacyFallback && !isAscii(body)) onlyAscii = false;
    return body.toString('utf8');
  };
}

/** Where in the chunk the UTF-8 breaks, to name the line; only run once the chunk was refused. */
function firstInvalidUtf8Offset(chunk: Buffer): number {
  let index = 0;
  while (index < chunk.length) {
    const byte = chunk[index];
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    for (let k = 1; k < length; k++) {
      if (index + k >= chunk.length) return index;
      if ((chunk[index + k] & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return chunk.length;
}

function countLineBreaks(chunk: Buffer): number {
  let count = 0;
  let position = chunk.indexOf(10);
  while (position !== -1) {
    count++;
    position = chunk.indexOf(10, position + 1);
  }
  return count;
}
