/**
 * Optimal-string-alignment Damerau–Levenshtein distance: insertions, deletions, substitutions and
 * transpositions of neighbours ("balnace" → "balance" is 1) each cost 1. Gives up early and returns
 * `max + 1` once the distance must exceed `max`, which keeps fuzzy look-ups over a vocabulary cheap.
 * Three rows of the matrix are kept in reused buffers, so a call allocates nothing for words up to 64 letters.
 */
const BUFFER_LENGTH = 65;
const rows = [new Int32Array(BUFFER_LENGTH), new Int32Array(BUFFER_LENGTH), new Int32Array(BUFFER_LENGTH)];

export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  const buffers = n < BUFFER_LENGTH ? rows : [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [twoBack, previous, current] = buffers;
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) value = Math.min(value, twoBack[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[n];
}
