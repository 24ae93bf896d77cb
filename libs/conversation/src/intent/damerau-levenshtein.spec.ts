import { damerauLevenshtein } from './damerau-levenshtein';

describe('damerauLevenshtein', () => {
  it.each([
    ['balance', 'balance', 0],
    ['balnace', 'balance', 1],
    ['balnce', 'balance', 1],
    ['blaance', 'balance', 1],
    ['kontostnad', 'kontostand', 1],
    ['ca', 'abc', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, expected) => {
    expect(damerauLevenshtein(a, b)).toBe(expected);
    expect(damerauLevenshtein(b, a)).toBe(expected);
  });

  it('stops early at max + 1', () => {
    expect(damerauLevenshtein('transactions', 'xyz', 2)).toBe(3);
    expect(damerauLevenshtein('abcdef', 'ghijkl', 1)).toBe(2);
  });
});
