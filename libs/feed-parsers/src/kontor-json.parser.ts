import { TextDecoder } from 'node:util';
import { ContractViolationError, KontorJsonFeedEntryV1, parseContract } from '@kontor/contracts';
import { isMonetaryCurrency } from '@kontor/money';
import type { EntryErrorReason, FeedItem, FeedParser, SourceLocation, StatementEntry } from './feed-parser';
import { FeedStructureError } from './feed-parser';

/** One entry's JSON may not exceed this; a larger one is listed as an entry error and skipped. */
export const MAX_KONTOR_JSON_ENTRY_BYTES = 256 * 1024;

const enum State {
  Start,
  ObjectKeyOrEnd,
  ObjectKey,
  Key,
  Colon,
  ArrayOpen,
  ElementOrEnd,
  Element,
  ElementStart,
  AfterElement,
  AfterEntries,
  End,
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The Kontor JSON feed (`{"entries": [ … ]}`, docs/partner-banks.md) read as a stream: a small state
 * machine walks the top level and cuts out one entry object at a time, which alone is parsed and
 * validated, so memory is bounded by one entry whatever the file's size.
 *
 * Structural problems reject the feed (`malformed-json`, `truncated-file`, `invalid-encoding`, and
 * `feed-invalid` for a document that is JSON but not a feed: unknown top-level fields, no entries). An
 * entry that breaks the entry rules (KontorJsonFeedEntryV1, unknown fields refused, monetary ISO 4217
 * currency, `card.last4` matching `card.pan`) is an entry error; the other entries proceed.
 */
export class KontorJsonFeedParser implements FeedParser {
  readonly format = 'kontor-json' as const;

  async *parse(chunks: AsyncIterable<Buffer>): AsyncIterable<FeedItem> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let state = State.Start as State;
    let line = 1;
    let column = 0;
    let keyParts: Buffer[] = [];
    let keyStart = 0;
    let inString = false;
    let escaped = false;
    let depth = 0;
    let elementParts: Buffer[] = [];
    let elementBytes = 0;
    let elementStart = 0;
    let elementLine = 1;
    let oversized = false;
    let entryIndex = 0;
    let sawEntries = false;
    let firstChunk = true;

    const where = (): SourceLocation => ({ line, column });
    const malformed = (what: string): never => {
      throw new FeedStructureError('malformed-json', what, where());
    };

    for await (let chunk of chunks) {
      if (firstChunk) {
        firstChunk = false;
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === 0x0a) {
          line++;
          column = 0;
        } else column++;

        // Inside an entry or a key only quotes, escapes and brackets matter: the hot path.
        if (state === State.Element) {
          if (inString) {
            if (escaped) escaped = false;
            else if (byte === BACKSLASH) escaped = true;
            else if (byte === QUOTE) inString = false;
            continue;
          }
          if (byte === QUOTE) inString = true;
          else if (byte === 0x7b || byte === 0x5b) depth++;
          else if (byte === 0x7d || byte === 0x5d) {
            depth--;
            if (depth === 0) {
              if (!oversized) {
                elementParts.push(chunk.subarray(elementStart, i + 1));
                yield this.entryItem(Buffer.concat(elementParts), decoder, entryIndex, elementLine);
              } else {
                yield entryError('invalid-entry', `the entry is larger than ${MAX_KONTOR_JSON_ENTRY_BYTES} bytes`, entryIndex, elementLine);
              }
              entryIndex++;
              elementParts = [];
              state = State.AfterElement;
            }
          }
          continue;
        }
        if (state === State.Key) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) {
            keyParts.push(chunk.subarray(keyStart, i));
            const key = decodeOrThrow(decoder, Buffer.concat(keyParts), where());
            keyParts = [];
            if (key !== 'entries') throw new FeedStructureError('feed-invalid', `unknown field ${JSON.stringify(key.slice(0, 40))}; a feed holds only "entries"`, where());
            if (sawEntries) throw new FeedStructureError('feed-invalid', '"entries" appears twice', where());
            sawEntries = true;
            state = State.Colon;
          }
          continue;
        }
        if (WHITESPACE.has(byte)) continue;
        switch (state) {
          case State.Start:
            if (byte !== 0x7b) malformed(byte === 0x5b ? 'a feed is a JSON object with "entries", not an array' : 'expected "{"');
            state = State.ObjectKeyOrEnd;
            break;
          case State.ObjectKeyOrEnd:
          case State.ObjectKey:
            if (byte === 0x7d && state === State.ObjectKeyOrEnd) throw new FeedStructureError('feed-invalid', 'the feed has no "entries"', where());
            if (byte !== QUOTE) malformed('expected a field name');
            state = State.Key;
            keyStart = i + 1;
            break;
          case State.Colon:
            if (byte !== 0x3a) malformed('expected ":"');
            state = State.ArrayOpen;
            break;
          case State.ArrayOpen:
            if (byte !== 0x5b) throw new FeedStructureError('feed-invalid', '"entries" must be an array', where());
            state = State.ElementOrEnd;
            break;
          case State.ElementOrEnd:
          case State.ElementStart:
            if (byte === 0x5d && state === State.ElementOrEnd) {
              if (entryIndex === 0) throw new FeedStructureError('feed-invalid', '"entries" must hold at least one entry', where());
              malformed('unexpected "]"');
            }
            if (byte !== 0x7b) {
              if (byte === 0x5d) malformed('unexpected "]" after ","');
              throw new FeedStructureError('feed-invalid', `entries[${entryIndex}] must be an object`, where());
            }
            state = State.Element;
            depth = 1;
            inString = false;
            escaped = false;
            elementStart = i;
            elementBytes = 0;
            elementLine = line;
            oversized = false;
            break;
          case State.AfterElement:
            if (byte === 0x2c) state = State.ElementStart;
            else if (byte === 0x5d) state = State.AfterEntries;
            else malformed('expected "," or "]" after an entry');
            break;
          case State.AfterEntries:
            if (byte === 0x2c) state = State.ObjectKey;
            else if (byte === 0x7d) state = State.End;
            else malformed('expected "," or "}"');
            break;
          case State.End:
            malformed('unexpected content after the feed object');
        }
      }
      // Carry what the chunk holds of an unfinished key or entry into the next chunk.
      if (state === State.Element) {
        const part = chunk.subarray(elementStart);
        elementBytes += part.length;
        if (elementBytes > MAX_KONTOR_JSON_ENTRY_BYTES) {
          oversized = true;
          elementParts = [];
        } else elementParts.push(part);
        elementStart = 0;
      } else if (state === State.Key) {
        keyParts.push(chunk.subarray(keyStart));
        keyStart = 0;
      }
    }
    if (state !== State.End) {
      throw new FeedStructureError('truncated-file', firstChunk ? 'the body is empty' : 'the feed ends before its closing "}"', where());
    }
  }

  private entryItem(bytes: Buffer, decoder: TextDecoder, entryIndex: number, line: number): FeedItem {
    const location: SourceLocation = { line, element: `entries[${entryIndex}]` };
    let plain: unknown;
    try {
      plain = JSON.parse(decodeOrThrow(decoder, bytes, location));
    } catch (error) {
      if (error instanceof FeedStructureError) throw error;
      throw new FeedStructureError('malformed-json', error instanceof Error ? error.message : 'not valid JSON', location);
    }
    let entry: KontorJsonFeedEntryV1;
    try {
      entry = parseContract(KontorJsonFeedEntryV1, plain);
    } catch (error) {
      if (error instanceof ContractViolationError) return entryError(reasonForProblems(error.problems), error.problems.slice(0, 5).join('; '), entryIndex, line);
      throw error;
    }
    if (!isMonetaryCurrency(entry.currency)) return entryError('unknown-currency', 'currency: not a monetary ISO 4217 currency', entryIndex, line);
    if (entry.card?.pan !== undefined && entry.card.last4 !== undefined && !entry.card.pan.endsWith(entry.card.last4)) {
      return entryError('invalid-entry', 'card.last4: does not match the last four digits of pan', entryIndex, line);
    }
    const stated: StatementEntry = {
      accountId: entry.accountId,
      amount: entry.amount,
      currency: entry.currency,
      creditDebit: entry.creditDebit,
      status: entry.status,
      bookingDate: entry.bookingDate,
      bankEntryId: entry.entryId,
      ...(entry.valueDate !== undefined && { valueDate: entry.valueDate }),
      ...(entry.occurredAt !== undefined && { occurredAt: entry.occurredAt }),
      ...(entry.description !== undefined && { description: entry.description }),
      ...(entry.merchant !== undefined && { merchant: { ...entry.merchant } }),
      ...(entry.cardPresent !== undefined && { cardPresent: entry.cardPresent }),
      ...(entry.card !== undefined && { card: { ...entry.card } }),
    };
    return { kind: 'entry', entry: stated, location };
  }
}

function entryError(reason: EntryErrorReason, detail: string, entryIndex: number, line: number): FeedItem {
  return { kind: 'entry-error', reason, detail: `entries[${entryIndex}]: ${detail}`, location: { line, element: `entries[${entryIndex}]` } };
}

function decodeOrThrow(decoder: TextDecoder, bytes: Buffer, location: SourceLocation): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new FeedStructureError('invalid-encoding', 'the feed is not valid UTF-8', location);
  }
}

function reasonForProblems(problems: readonly string[]): EntryErrorReason {
  const fields = problems.map((p) => p.split(':')[0]);
  if (fields.includes('amount')) return 'invalid-amount';
  if (fields.includes('currency')) return 'unknown-currency';
  if (fields.some((f) => f === 'bookingDate' || f === 'valueDate' || f === 'occurredAt')) return 'invalid-date';
  if (problems.some((p) => /should not be (null or undefined|empty)/.test(p) || /must be (a string|longer)/.test(p))) return 'missing-field';
  return 'invalid-entry';
}
