import { LedgerTransaction } from './ledger-transaction';
import { matchPending, matchRefund, matchReversal } from './match';

const tx = (overrides: Partial<LedgerTransaction>): LedgerTransaction => ({
  transactionId: '00000000-0000-4000-8000-000000000001',
  status: 'booked',
  direction: 'debit',
  amountMinor: 4250n,
  currency: 'EUR',
  bookingDate: '2026-11-28',
  cardToken: 'card_test000000000000001',
  merchantKey: 'BLUE BOTTLE COFFEE',
  ...overrides,
});
const pending = (overrides: Partial<LedgerTransaction>) => tx({ status: 'pending', transactionId: '00000000-0000-4000-8000-0000000000a1', ...overrides });

describe('matchPending', () => {
  it('matches a restaurant bill whose tip raised the amount by 20 % and that posted two days later under a new id', () => {
    const match = matchPending(tx({ amountMinor: 6000n, bookingDate: '2026-11-30', bankEntryId: 'B-2' }), [pending({ amountMinor: 5000n, bankEntryId: 'P-1' })]);
    expect(match).toEqual({ transactionId: pending({}).transactionId, confidence: expect.any(Number) });
    expect(match!.confidence).toBeGreaterThanOrEqual(600);
    expect(match!.confidence).toBeLessThan(1000);
  });

  it('matches an FX card payment through the original amount when the booked currency differs', () => {
    const booked = tx({ amountMinor: 4312n, currency: 'EUR', original: { amountMinor: 4590n, currency: 'USD' } });
    expect(matchPending(booked, [pending({ amountMinor: 4590n, currency: 'USD' })])).toBeDefined();
  });

  it('gives 1000 when the bank kept its id from pending to booked', () => {
    expect(matchPending(tx({ bankEntryId: 'X' }), [pending({ bankEntryId: 'X' })])?.confidence).toBe(1000);
  });

  it('rejects a different card, a tip beyond 30 %, the other direction and a date too far away', () => {
    expect(matchPending(tx({}), [pending({ cardToken: 'card_other00000000000001' })])).toBeUndefined();
    expect(matchPending(tx({ amountMinor: 7000n }), [pending({ amountMinor: 5000n })])).toBeUndefined();
    expect(matchPending(tx({ direction: 'credit' }), [pending({})])).toBeUndefined();
    expect(matchPending(tx({ bookingDate: '2026-12-20' }), [pending({})])).toBeUndefined();
  });

  it('picks the closer of two candidates and never a booked one', () => {
    const near = pending({ transactionId: '00000000-0000-4000-8000-00000000000b', bookingDate: '2026-11-27' });
    const far = pending({ transactionId: '00000000-0000-4000-8000-00000000000c', bookingDate: '2026-11-21', merchantKey: 'SOMETHING ELSE' });
    expect(matchPending(tx({}), [far, near, tx({ transactionId: '00000000-0000-4000-8000-00000000000d' })])?.transactionId).toBe(near.transactionId);
  });
});

describe('matchReversal and matchRefund', () => {
  const original = tx({ transactionId: '00000000-0000-4000-8000-00000000000e', endToEndId: 'E2E-9', bookingDate: '2026-11-20' });

  it('links a reversal to the booked entry with the same end-to-end id (confidence 1000)', () => {
    expect(matchReversal(tx({ direction: 'credit', endToEndId: 'E2E-9' }), [original])).toEqual({ transactionId: original.transactionId, confidence: 1000 });
  });

  it('does not reverse an amount that differs', () => {
    expect(matchReversal(tx({ direction: 'credit', amountMinor: 4251n }), [original])).toBeUndefined();
  });

  it('links a partial refund at the same merchant, but not one larger than what was paid', () => {
    expect(matchRefund(tx({ direction: 'credit', amountMinor: 1000n }), [original])?.transactionId).toBe(original.transactionId);
    expect(matchRefund(tx({ direction: 'credit', amountMinor: 9000n }), [original])).toBeUndefined();
    expect(matchRefund(tx({ direction: 'credit', merchantKey: 'ZALANDO' }), [original])).toBeUndefined();
  });
});
