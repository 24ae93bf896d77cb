import { ALL_DETAILED_CATEGORIES } from './taxonomy.data';
import { BANK_CODE_CATEGORIES, FALLBACK_CATEGORIES, KEYWORD_CATEGORIES, KNOWN_MERCHANTS, MCC_CATEGORIES } from './merchant-rules.data';
import { enrichEntry } from './enrich';

describe('enrichment rules', () => {
  it('name only categories of the documented taxonomy', () => {
    const used = [...KNOWN_MERCHANTS, ...MCC_CATEGORIES, ...BANK_CODE_CATEGORIES, ...KEYWORD_CATEGORIES].map((r) => r.category).concat(Object.values(FALLBACK_CATEGORIES));
    expect(used.filter((c) => !ALL_DETAILED_CATEGORIES.includes(c))).toEqual([]);
  });

  it.each([
    ['SQ *BLUE BTL 0412 OAKLAND CA', '5814', 'Blue Bottle Coffee', 'food.coffee'],
    ['PAYPAL *SPOTIFY 35314369001', '4899', 'Spotify', 'entertainment.streaming'],
    ['ZETTLE_*FARMERS MKT STALL', '5499', 'Farmers Mkt Stall', 'food.groceries'],
    ['KARTENZAHLUNG REWE MARKT GMBH BERLIN', '5411', 'REWE', 'food.groceries'],
    ['CB CARREFOUR CITY 12/11 PARIS', '5411', 'Carrefour', 'food.groceries'],
    ['BEA ALBERT HEIJN 1234 AMSTERDAM', '5411', 'Albert Heijn', 'food.groceries'],
  ])('cleans %s', (descriptor, mcc, name, category) => {
    const result = enrichEntry({ description: descriptor, merchant: { name: descriptor, mcc }, creditDebit: 'DBIT' });
    expect([result.displayName, result.category.detailed]).toEqual([name, category]);
  });

  it('categorises a salary by its bank code and a rent transfer by its purpose', () => {
    expect(enrichEntry({ description: 'GEHALT NOVEMBER ACME GMBH', creditDebit: 'CRDT', references: { transactionCode: 'iso:PMNT-RCDT-SALA' } }).category).toEqual({
      primary: 'income',
      detailed: 'income.salary',
      source: 'bank-code',
    });
    expect(
      enrichEntry({ description: 'MIETE WOHNUNG 3OG', creditDebit: 'DBIT', counterparty: { name: 'Hausverwaltung Schmidt', accountMasked: 'DE12 •••• 0001' } }).category.detailed,
    ).toBe('housing.rent');
  });
});

describe('rules that know only the kind of merchant', () => {
  it('categorize a casino or cinema but keep the merchant its own name', () => {
    const casino = enrichEntry({ merchant: { name: 'Lucky Star Casino', mcc: '7995' }, creditDebit: 'DBIT' });
    expect(casino).toMatchObject({ displayName: 'Lucky Star Casino', category: { detailed: 'entertainment.gambling' } });
    const cinema = enrichEntry({ description: 'KINO INTERNATIONAL BERLIN', creditDebit: 'DBIT' });
    expect(cinema.displayName).not.toBe('Cinema');
    expect(cinema.category.detailed).toBe('entertainment.events');
  });
});
