import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { FeedStructureError } from '../feed-parser';

/** The character sets bank files declare that we decode; everything else is refused, never guessed. */
export type SupportedCharset = 'utf-8' | 'windows-1252';

/**
 * Refuses byte streams that are not text we read: compressed files, UTF-16/32 (BOM or the zero-byte
 * pattern of `<`), and other binaries. Looks only at the first bytes.
 */
export function refuseNonTextStart(head: Buffer): void {
  // Byte by byte, once per parse; beyond the end of a short head every comparison is false.
  const b0 = head[0];
  const b1 = head[1];
  const startsWith = (x0: number, x1: number, x2 = -1, x3 = -1) => b0 === x0 && b1 === x1 && (x2 < 0 || (head[2] === x2 && (x3 < 0 || head[3] === x3)));
  if (startsWith(0x1f, 0x8b)) throw new FeedStructureError('invalid-encoding', 'gzip-compressed bytes; send the file uncompressed', { line: 1 });
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) throw new FeedStructureError('invalid-encoding', 'a ZIP archive; send the file itself', { line: 1 });
  if (startsWith(0x00, 0x00, 0xfe, 0xff) || startsWith(0xff, 0xfe, 0x00, 0x00)) {
    throw new FeedStructureError('invalid-encoding', 'UTF-32 text is not supported; send UTF-8', { line: 1 });
  }
  if (startsWith(0xfe, 0xff) || startsWith(0xff, 0xfe) || startsWith(0x00, 0x3c) || startsWith(0x3c, 0x00)) {
    throw new FeedStructureError('invalid-encoding', 'UTF-16 text is not supported; send UTF-8', { line: 1 });
  }
  const zero = head.subarray(0, 512).indexOf(0);
  if (zero >= 0) throw new FeedStructureError('invalid-encoding', `NUL byte at offset ${zero}: not a text file`, { line: 1 });
}

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii', 'usascii']);
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'windows-1252', 'cp1252', '1252', '8859-1']);

/** Maps a declared charset name (XML `encoding=`, OFX `CHARSET:`/`ENCODING:`) onto one we decode. */
export function charsetFromLabel(label: string): SupportedCharset | undefined {
  const name = label.trim().toLowerCase().replace(/_/g, '-');
  if (UTF8_LABELS.has(name)) return 'utf-8';
  if (WINDOWS_1252_LABELS.has(name)) return 'windows-1252';
  return undefined;
}

/** The charset an XML declaration names (UTF-8 when it names none); an unsupported one is refused. */
export function declaredXmlCharset(head: Buffer): SupportedCharset {
  return declaredXmlCharsetOf(head.subarray(0, 400).toString('latin1'));
}

/** The same, for the first bytes already read as Latin-1 text (every byte one character; a UTF-8 BOM as three). */
export function declaredXmlCharsetOf(latin1Head: string): SupportedCharset {
  const prefix = latin1Head.slice(0, 400).replace(/^\u00EF\u00BB\u00BF/, '');
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(prefix)?.[1];
  const charset = declared === undefined ? 'utf-8' : charsetFromLabel(declared);
  if (charset === undefined) throw new FeedStructureError('invalid-encoding', `declared encoding ${JSON.stringify(declared)} is not supported; send UTF-8`, { line: 1 });
  return charset;
}

/**
 * Streaming decoder: UTF-8 is strict (an invalid sequence rejects the feed with `invalid-encoding` and its
 * byte offset and line); windows-1252 maps every byte.
 */
export class StreamingTextDecoder {
  private decoderInstance?: TextDecoder;
  private bytesSeen = 0;

  constructor(readonly charset: SupportedCharset, private readonly currentLine: () => number) {}

  /**
   * Made only once a chunk needs it: building an ICU converter costs more than parsing a small file. A decoder
   * made after the first bytes must not take a byte-order mark there for the file's own.
   */
  private get decoder(): TextDecoder {
    return (this.decoderInstance ??= new TextDecoder(this.charset, { fatal: this.charset === 'utf-8', ignoreBOM: this.bytesSeen > 0 }));
  }

  /**
   * True until a byte above 0x7F arrives (windows-1252), or until a UTF-8 chunk does not end on a character
   * boundary or is not UTF-8: until then nothing can be pending inside a decoder, and Node's native checks
   * decode exactly what the strict decoder would.
   */
  private noneCarried = true;

  decode(chunk: Buffer): string {
    if (this.noneCarried) {
      // Bank files are mostly ASCII, which every supported charset decodes the same: skip the decoder.
      if (isAscii(chunk)) {
        this.bytesSeen += chunk.length;
        return chunk.toString('latin1');
      }
      // Complete, valid UTF-8 (isUtf8 refuses a sequence cut at the end) decodes alike chunk by chunk.
      if (this.charset === 'utf-8' && isUtf8(chunk)) {
        const first = this.bytesSeen === 0;
        this.bytesSeen += chunk.length;
        const text = chunk.toString('utf8');
        // The strict decoder drops a byte-order mark at the very start of the stream; so does this path.
        return first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      }
    }
    this.noneCarried = false;
    try {
      const text = this.decoder.decode(chunk, { stream: true });
      this.bytesSeen += chunk.length;
      return text;
    } catch {
      throw this.invalid(`not valid ${this.charset.toUpperCase()} in the bytes ${this.bytesSeen}–${this.bytesSeen + chunk.length}`);
    }
  }

  end(): string {
    if (this.noneCarried) return '';
    try {
      return this.decoder.decode();
    } catch {
      throw this.invalid(`the file ends inside a multi-byte ${this.charset.toUpperCase()} sequence`);
    }
  }

  private invalid(detail: string): FeedStructureError {
    return new FeedStructureError('invalid-encoding', detail, { line: this.currentLine() });
  }
}
