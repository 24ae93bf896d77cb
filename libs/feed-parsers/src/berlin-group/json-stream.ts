import { FeedStructureError } from '../feed-parser';

export type JsonPath = readonly (string | number)[];

export interface JsonStreamOptions {
  /** Whether the value starting at this path is wanted whole; everything else is checked and skipped. */
  capture: (path: JsonPath) => boolean;
  onValue: (path: JsonPath, value: unknown, line: number) => void;
  /** Largest captured value, in characters (one transaction, one balance, the account). */
  maxValueLength?: number;
  maxDepth?: number;
}

const enum State {
  Value,
  KeyOrEnd,
  Key,
  Colon,
  CommaOrEndObject,
  ValueOrEndArray,
  CommaOrEndArray,
  String,
  Scalar,
  Done,
}

interface Frame {
  array: boolean;
  key: string;
  index: number;
}

const SCALAR = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/;
const MAX_SCALAR_LENGTH = 512;
const MAX_KEY_LENGTH = 1024;

/**
 * A validating JSON scanner that reads text in pieces and hands over whole only the values the caller
 * asks for (each transaction of a report), so memory holds one such value, never the document. The
 * scanner keeps no tree: a stack of open containers and the current key.
 */
export class JsonStreamScanner {
  private state = State.Value;
  private readonly frames: Frame[] = [];
  private afterString = State.Value;
  private stringIsKey = false;
  private escape = 0;
  private key = '';
  private scalar = '';
  private line = 1;
  private capture?: { depth: number; path: JsonPath; parts: string[]; length: number; line: number; start: number };
  private readonly maxValueLength: number;
  private readonly maxDepth: number;
  private sawValue = false;

  constructor(private readonly options: JsonStreamOptions) {
    this.maxValueLength = options.maxValueLength ?? 1024 * 1024;
    this.maxDepth = options.maxDepth ?? 64;
  }

  write(text: string): void {
    if (this.capture) this.capture.start = 0;
    const length = text.length;
    for (let index = 0; index < length; index++) {
      let code = text.charCodeAt(index);
      switch (this.state) {
        case State.String: {
          // Fast path through ordinary characters.
          if (this.escape === 0) {
            let end = index;
            while (end < length) {
              code = text.charCodeAt(end);
              if (code === 34 || code === 92 || code < 32) break;
              end++;
            }
            if (this.stringIsKey) this.appendKey(text.slice(index, end));
            index = end;
            if (end === length) break;
          }
          if (this.escape > 0) {
            if (this.stringIsKey) this.appendKey(text[index]);
            if (this.escape === 1) {
              if (code === 117 /* u */) this.escape = 5;
              else if ('"\\/bfnrt'.includes(text[index])) this.escape = 0;
              else this.fail(`invalid escape \\${text[index]}`);
            } else {
              if (!/[0-9a-fA-F]/.test(text[index])) this.fail('invalid \\u escape');
              this.escape = this.escape === 2 ? 0 : this.escape - 1;
            }
            break;
          }
          if (code === 92) {
            this.escape = 1;
            if (this.stringIsKey) this.appendKey('\\');
          } else if (code === 34) {
            if (this.stringIsKey) {
              this.state = State.Colon;
            } else {
              this.state = this.afterString;
              this.valueEnded(text, index);
            }
          } else {
            if (code === 10) this.line++;
            this.fail('control character inside a string');
          }
          break;
        }
        case State.Scalar:
          if (code === 44 || code === 93 || code === 125 || code === 32 || code === 10 || code === 13 || code === 9) {
            if (!SCALAR.test(this.scalar)) this.fail(`invalid value "${this.scalar.slice(0, 20)}"`);
            this.scalar = '';
            this.state = State.Value;
            this.valueEnded(text, index - 1);
            index--;
          } else {
            this.scalar += text[index];
            if (this.scalar.length > MAX_SCALAR_LENGTH) this.fail('number or literal too long');
          }
          break;
        case State.Value:
        case State.KeyOrEnd:
        case State.Key:
        case State.Colon:
        case State.CommaOrEndObject:
        case State.ValueOrEndArray:
        case State.CommaOrEndArray:
        case State.Done:
          if (code === 32 || code === 9 || code === 13) break;
          if (code === 10) {
            this.line++;
            break;
          }
          this.structural(code, text, index);
      }
    }
    if (this.capture) this.stash(text.slice(this.capture.start));
  }

  end(): void {
    if (this.state === State.Scalar) {
      if (!SCALAR.test(this.scalar)) this.fail(`invalid value "${this.scalar.slice(0, 20)}"`);
      this.scalar = '';
      this.state = State.Value;
      this.valueEnded('', -1);
    }
    if (!this.sawValue) throw new FeedStructureError('malformed-json', 'the body is empty', { line: this.line });
    if (this.state !== State.Done) throw new FeedStructureError('truncated-file', 'the JSON document ends before it is complete', { line: this.line });
  }

  private structural(code: number, text: string, index: number): void {
    switch (this.state) {
      case State.Value:
      case State.ValueOrEndArray:
        if (this.state === State.ValueOrEndArray && code === 93 /* ] */) {
          this.frames.pop();
          this.valueEnded(text, index);
          return;
        }
        this.startValue(code, text, index);
        return;
      case State.KeyOrEnd:
        if (code === 125 /* } */) {
          this.frames.pop();
          this.valueEnded(text, index);
          return;
        }
        if (code !== 34) this.fail('expected a property name');
        this.startKey();
        return;
      case State.Key:
        if (code !== 34) this.fail('expected a property name');
        this.startKey();
        return;
      case State.Colon:
        if (code !== 58) this.fail('expected ":"');
        this.frames[this.frames.length - 1].key = this.decodedKey();
        this.state = State.Value;
        return;
      case State.CommaOrEndObject:
        if (code === 44) this.state = State.Key;
        else if (code === 125) {
          this.frames.pop();
          this.valueEnded(text, index);
        } else this.fail('expected "," or "}"');
        return;
      case State.CommaOrEndArray:
        if (code === 44) {
          this.frames[this.frames.length - 1].index++;
          this.state = State.Value;
        } else if (code === 93) {
          this.frames.pop();
          this.valueEnded(text, index);
        } else this.fail('expected "," or "]"');
        return;
      case State.Done:
        this.fail('text after the end of the JSON document');
        return;
      case State.String:
      case State.Scalar:
        this.fail('unexpected character');
    }
  }

  private startValue(code: number, text: string, index: number): void {
    this.sawValue = true;
    if (!this.capture && this.frames.length <= 4) {
      const path = this.frames.map((frame) => (frame.array ? frame.index : frame.key));
      if (this.options.capture(path)) this.capture = { depth: this.frames.length, path, parts: [], length: 0, line: this.line, start: index };
    }
    if (code === 123 /* { */ || code === 91 /* [ */) {
      if (this.frames.length >= this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels`);
      const array = code === 91;
      this.frames.push({ array, key: '', index: 0 });
      this.state = array ? State.ValueOrEndArray : State.KeyOrEnd;
      return;
    }
    if (code === 34) {
      this.stringIsKey = false;
      this.afterString = State.Value;
      this.state = State.String;
      return;
    }
    if (code === 45 || (code >= 48 && code <= 57) || code === 116 || code === 102 || code === 110) {
      this.scalar = text[index];
      this.state = State.Scalar;
      return;
    }
    this.fail(`unexpected character "${text[index]}"`);
  }

  private startKey(): void {
    this.key = '';
    this.stringIsKey = true;
    this.state = State.String;
  }

  private appendKey(part: string): void {
    this.key += part;
    if (this.key.length > MAX_KEY_LENGTH) this.fail('property name too long');
  }

  private decodedKey(): string {
    return this.key.includes('\\') ? (JSON.parse(`"${this.key}"`) as string) : this.key;
  }

  /** A value (container, string or scalar) ended at `index` of `text`. */
  private valueEnded(text: string, index: number): void {
    const capture = this.capture;
    if (capture && this.frames.length === capture.depth) {
      this.stash(text.slice(capture.start, index + 1));
      const raw = capture.parts.join('');
      this.capture = undefined;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        this.fail('invalid value');
      }
      this.options.onValue(capture.path, value, capture.line);
    }
    if (this.frames.length === 0) {
      this.state = State.Done;
      return;
    }
    this.state = this.frames[this.frames.length - 1].array ? State.CommaOrEndArray : State.CommaOrEndObject;
  }

  private stash(part: string): void {
    const capture = this.capture;
    if (!capture || part === '') return;
    capture.length += part.length;
    if (capture.length > this.maxValueLength) this.fail(`a value at ${capture.path.join('.')} is longer than ${this.maxValueLength} characters`);
    capture.parts.push(part);
    capture.start = 0;
  }

  private fail(detail: string): never {
    throw new FeedStructureError('malformed-json', detail, { line: this.line });
  }
}
