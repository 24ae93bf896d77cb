import { NormalizedTransactionV1, parseContract } from '@kontor/contracts';
import { aFeedEntryReceived } from '@kontor/contracts/testing';
import { canonicalTransactionId, normalizeFeedEntry } from './normalize-feed-entry';

const at = new Date('2026-11-28T08:15:01.000Z');

describe('normalizeFeedEntry', () => {
  it('turns a feed entry into a valid canonical transaction with exact minor units', () => {
    const tx = normalizeFeedEntry(aFeedEntryReceived({ amount: '42.5', currency: 'EUR', creditDebit: 'DBIT' }), at);
    expect(() => parseContract(NormalizedTransactionV1, tx)).not.toThrow();
    expect(tx).toMatchObject({ amountMinor: '4250', currency: 'EUR', currencyExponent: 2, direction: 'debit', normalizedAt: at.toISOString() });
  });

  it('uses the currency exponent (JPY has none, KWD three)', () => {
    expect(normalizeFeedEntry(aFeedEntryReceived({ amount: '1500', currency: 'JPY' }), at)).toMatchObject({ amountMinor: '1500', currencyExponent: 0 });
    expect(normalizeFeedEntry(aFeedEntryReceived({ amount: '1.250', currency: 'KWD', creditDebit: 'CRDT' }), at)).toMatchObject({
      amountMinor: '1250',
      currencyExponent: 3,
      direction: 'credit',
    });
  });

  it('refuses an amount the currency cannot hold instead of rounding it', () => {
    expect(() => normalizeFeedEntry(aFeedEntryReceived({ amount: '1.005', currency: 'EUR' }), at)).toThrow('2 decimal places');
  });

  it('keeps the source of the entry', () => {
    const entry = aFeedEntryReceived({ entryIndex: 7, bankEntryId: 'B-7' });
    expect(normalizeFeedEntry(entry, at).source).toEqual({ feedId: entry.feedId, entryIndex: 7, format: 'kontor-json', bankEntryId: 'B-7' });
  });
});

describe('canonicalTransactionId', () => {
  it('is the same for the same bank entry re-sent in another feed', () => {
    const first = aFeedEntryReceived({ feedId: '11111111-1111-4111-8111-111111111111', entryIndex: 0 });
    const resent = aFeedEntryReceived({ feedId: '22222222-2222-4222-8222-222222222222', entryIndex: 5 });
    expect(canonicalTransactionId(first)).toBe(canonicalTransactionId(resent));
  });

  it('differs for different bank entry ids, banks and accounts', () => {
    const base = aFeedEntryReceived();
    const ids = new Set([
      canonicalTransactionId(base),
      canonicalTransactionId({ ...base, bankEntryId: 'tx-0002' }),
      canonicalTransactionId({ ...base, bankId: 'other-bank' }),
      canonicalTransactionId({ ...base, accountRef: 'acc_other000000000000001' }),
    ]);
    expect(ids.size).toBe(4);
  });

  it('puts pending and booked entries in separate id spaces, even with the same bank id', () => {
    const booked = aFeedEntryReceived({ status: 'booked' });
    expect(canonicalTransactionId(booked)).not.toBe(canonicalTransactionId({ ...booked, status: 'pending' }));
  });
});

describe('normalizeFeedEntry enrichment and details', () => {
  it('cleans the merchant name, categorises, and carries counterparty, references, fx and reversal through', () => {
    const tx = normalizeFeedEntry(
      aFeedEntryReceived({
        description: 'SQ *BLUE BTL 0412 OAKLAND CA',
        merchant: { name: 'SQ *BLUE BTL 0412', mcc: '5814' },
        counterparty: { name: 'Blue Bottle Coffee Inc', accountMasked: 'US12 •••• 0001' },
        references: { endToEndId: 'E2E-1', accountServicerRef: 'ASR-1', transactionCode: 'iso:PMNT-CCRD-POSD' },
        fx: { originalAmount: '45.90', originalCurrency: 'USD', exchangeRate: '0.9259' },
        remittanceInformation: 'Coffee',
        reversal: false,
      }),
      at,
    );
    expect(() => parseContract(NormalizedTransactionV1, tx)).not.toThrow();
    expect(tx).toMatchObject({
      displayName: 'Blue Bottle Coffee',
      category: { primary: 'food', detailed: 'food.coffee', source: 'merchant' },
      counterparty: { name: 'Blue Bottle Coffee Inc', accountMasked: 'US12 •••• 0001' },
      references: { endToEndId: 'E2E-1', accountServicerRef: 'ASR-1' },
      fx: { originalAmount: '45.90', originalCurrency: 'USD' },
      remittanceInformation: 'Coffee',
      reversal: false,
      identity: 'bank-id',
    });
  });
});
