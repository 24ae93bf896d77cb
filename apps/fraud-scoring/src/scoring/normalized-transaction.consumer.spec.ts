import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { alertIdFor, changedMaterially } from './normalized-transaction.consumer';

describe('re-scoring a later revision', () => {
  const scored = { amountMinor: '10000', currency: 'EUR' };
  it('counts a booked amount more than 20 % above the scored one, or another currency, as material', () => {
    expect(changedMaterially(scored, aNormalizedTransaction({ amountMinor: '12001' }))).toBe(true);
    expect(changedMaterially(scored, aNormalizedTransaction({ amountMinor: '10000', currency: 'USD' }))).toBe(true);
  });
  it('does not count a tip-sized change, a lower amount, or a row scored before amounts were stored', () => {
    expect(changedMaterially(scored, aNormalizedTransaction({ amountMinor: '12000' }))).toBe(false);
    expect(changedMaterially(scored, aNormalizedTransaction({ amountMinor: '500' }))).toBe(false);
    expect(changedMaterially({ amountMinor: null, currency: null }, aNormalizedTransaction({ amountMinor: '99999999' }))).toBe(false);
  });
  it('compares amounts exactly, beyond the precision of a float', () => {
    expect(changedMaterially({ amountMinor: '900000000000000000', currency: 'EUR' }, aNormalizedTransaction({ amountMinor: '999999999999999999' }))).toBe(false);
  });
});

describe('alert ids', () => {
  it('are one per transaction and rule-set version', () => {
    expect(alertIdFor('6b1c7a52-3f1e-5d2b-8c4a-0e9f2d1b7a63', 'v1')).toBe(alertIdFor('6b1c7a52-3f1e-5d2b-8c4a-0e9f2d1b7a63', 'v1'));
    expect(alertIdFor('6b1c7a52-3f1e-5d2b-8c4a-0e9f2d1b7a63', 'v2')).not.toBe(alertIdFor('6b1c7a52-3f1e-5d2b-8c4a-0e9f2d1b7a63', 'v1'));
  });
});
