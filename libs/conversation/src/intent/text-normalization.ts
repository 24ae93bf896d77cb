/**
 * Folds what people type into comparable tokens: lower case, German umlauts and ß spelled out (so
 * "Umsätze", "Umsaetze" and "UMSÄTZE" meet), other accents dropped, apostrophes joined ("what's" →
 * "whats"), emojis and punctuation removed. Each token keeps the text as typed, for slots such as the
 * merchant name.
 */
export interface Token {
  /** Folded form used for matching. */
  folded: string;
  /** As typed (punctuation trimmed), for display. */
  original: string;
  /** Written as "@name": a merchant named on its own. */
  mention?: boolean;
}

const UMLAUTS: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'ae', Ö: 'oe', Ü: 'ue', ẞ: 'ss' };

export function foldWord(word: string): string {
  return word
    .replace(/[äöüßÄÖÜẞ]/g, (c) => UMLAUTS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`´]/g, '')
    .replace(/[^\p{L}\p{N}&@.-]/gu, '')
    .replace(/^[.\-@&]+|[.\-&]+$/g, '');
}

/** True if the text uses letters only German spells with (ä, ö, ü, ß). */
export function hasGermanLetters(text: string): boolean {
  return /[äöüßÄÖÜẞ]/.test(text);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // Split on whitespace and on punctuation that never belongs inside a word; keep "@" so "@amazon" works.
  for (const raw of text.split(/[\s,;:!?()[\]{}"“”„«»/\\|+*=<>~^]+/u)) {
    const original = raw.replace(/^[^\p{L}\p{N}@]+|[^\p{L}\p{N}]+$/gu, '');
    const folded = foldWord(original);
    if (folded) tokens.push(original.startsWith('@') ? { folded, original: original.slice(1), mention: true } : { folded, original });
  }
  return tokens;
}
