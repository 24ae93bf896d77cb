import { aFeedEntryReceived } from '@kontor/contracts/testing';
import { canonicalIdentity, entryFingerprint, usableBankEntryId } from './canonical-id';

const first = { occurrence: 0, bankIdRepeatedInFeed: false };

describe('canonicalIdentity', () => {
  const csvCoffee = aFeedEntryReceived({ sourceFormat: 'csv', bankEntryId: undefined, description: 'KARTENZAHLUNG Café Einstein', amount: '3.80' });

  it('tells two identical coffees on the same day in one feed apart by their occurrence', () => {
    const one = canonicalIdentity(csvCoffee, first);
    const two = canonicalIdentity(csvCoffee, { ...first, occurrence: 1 });
    expect(one.basis).toBe('fingerprint');
    expect(one.fingerprint).toBe(two.fingerprint);
    expect(one.transactionId).not.toBe(two.transactionId);
  });

  it('maps a re-sent feed onto the same ids: occurrence k of a fingerprint is the same transaction', () => {
    const resent = { ...csvCoffee, feedId: '99999999-9999-4999-8999-999999999999', entryIndex: 40 };
    expect(canonicalIdentity(resent, { ...first, occurrence: 1 }).transactionId).toBe(canonicalIdentity(csvCoffee, { ...first, occurrence: 1 }).transactionId);
  });

  it('ignores case, accents and punctuation in the descriptor, but not the amount, date or direction', () => {
    const base = entryFingerprint(csvCoffee);
    expect(entryFingerprint({ ...csvCoffee, description: 'kartenzahlung  CAFE einstein' })).toBe(base);
    expect(entryFingerprint({ ...csvCoffee, amount: '3.81' })).not.toBe(base);
    expect(entryFingerprint({ ...csvCoffee, amount: '3.8' })).toBe(base);
    expect(entryFingerprint({ ...csvCoffee, bookingDate: '2026-11-29' })).not.toBe(base);
    expect(entryFingerprint({ ...csvCoffee, creditDebit: 'CRDT' })).not.toBe(base);
  });

  it('trusts a camt or Kontor entry id whatever else changes', () => {
    const camt = aFeedEntryReceived({ sourceFormat: 'camt.053', bankEntryId: 'ASR-2026-0001' });
    const corrected = { ...camt, description: 'other text', feedId: '99999999-9999-4999-8999-999999999999' };
    expect(canonicalIdentity(corrected, { occurrence: 3, bankIdRepeatedInFeed: true })).toEqual({ ...canonicalIdentity(camt, first), fingerprint: entryFingerprint(corrected) });
  });

  it('uses an OFX FITID only when unique in the feed, and only together with date and amount', () => {
    const ofx = aFeedEntryReceived({ sourceFormat: 'ofx', bankEntryId: '20261128001' });
    const byId = canonicalIdentity(ofx, first);
    expect(byId.basis).toBe('bank-id');
    // Another file reusing the FITID for a different payment must not merge with it.
    expect(canonicalIdentity({ ...ofx, amount: '9.99' }, first).transactionId).not.toBe(byId.transactionId);
    // The same FITID twice in one file: the repeat falls back to the fingerprint.
    expect(canonicalIdentity(ofx, { occurrence: 1, bankIdRepeatedInFeed: true }).basis).toBe('fingerprint');
  });

  it('never takes a CSV row id or an MT940 NONREF as identity', () => {
    expect(usableBankEntryId({ sourceFormat: 'csv', bankEntryId: '17' })).toBeUndefined();
    expect(usableBankEntryId({ sourceFormat: 'mt940', bankEntryId: 'NONREF' })).toBeUndefined();
    expect(usableBankEntryId({ sourceFormat: 'mt940', bankEntryId: '0000000' })).toBeUndefined();
    expect(usableBankEntryId({ sourceFormat: 'mt940', bankEntryId: 'BREF123' })).toBe('BREF123');
  });
});
