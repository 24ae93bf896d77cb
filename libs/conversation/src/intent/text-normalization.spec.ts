import { foldWord, tokenize } from './text-normalization';

describe('text normalization', () => {
  it('folds umlauts, ß, case and accents so spellings meet', () => {
    expect(['Umsätze', 'UMSÄTZE', 'Umsaetze'].map(foldWord)).toEqual(['umsaetze', 'umsaetze', 'umsaetze']);
    expect(foldWord('Grüß')).toBe('gruess');
    expect(foldWord('Café')).toBe('cafe');
    expect(foldWord("what's")).toBe('whats');
  });

  it('drops emojis and punctuation but keeps the original word for slots', () => {
    expect(tokenize('💰 Balance?!  @Amazon, pls 🙏')).toEqual([
      { folded: 'balance', original: 'Balance' },
      { folded: 'amazon', original: 'Amazon', mention: true },
      { folded: 'pls', original: 'pls' },
    ]);
  });
});
