import { FeedStructureError } from '../feed-parser';
import { JsonPath, JsonStreamScanner } from './json-stream';

function scan(text: string, capture: (path: JsonPath) => boolean, pieceSize = text.length || 1): { path: JsonPath; value: unknown; line: number }[] {
  const values: { path: JsonPath; value: unknown; line: number }[] = [];
  const scanner = new JsonStreamScanner({ capture, onValue: (path, value, line) => values.push({ path, value, line }) });
  for (let offset = 0; offset < text.length; offset += pieceSize) scanner.write(text.slice(offset, offset + pieceSize));
  scanner.end();
  return values;
}

describe('JsonStreamScanner', () => {
  const document = '{\n "a": [ {"x": "q\\"\\u00e9}"}, 2.5e3, true, null ],\n "b\\n": {"c": [ [] ]}, "d": -0.5\n}';

  it('hands over the captured values whole, with their path and line, at any piece size', () => {
    for (const size of [1, 2, 7, 1000]) {
      expect(scan(document, (path) => path.length === 2 && path[0] === 'a', size)).toEqual([
        { path: ['a', 0], value: { x: 'q"é}' }, line: 2 },
        { path: ['a', 1], value: 2500, line: 2 },
        { path: ['a', 2], value: true, line: 2 },
        { path: ['a', 3], value: null, line: 2 },
      ]);
      expect(scan(document, (path) => path[0] === 'b\n' || path[0] === 'd', size).map((v) => v.value)).toEqual([{ c: [[]] }, -0.5]);
    }
  });

  it.each(['{"a":}', '{"a" 1}', '[1 2]', '[1,]', '{"a":1,}', '{a:1}', '"\\x"', '[01]', '[tru]', '"a\nb"', '{"a":1}}', '[', '{"a":"b'])('refuses %s', (text) => {
    expect(() => scan(text, () => false)).toThrow(FeedStructureError);
  });

  it('refuses nesting deeper than its bound', () => {
    expect(() => scan('['.repeat(100) + ']'.repeat(100), () => false)).toThrow(/nested deeper/);
  });
});
