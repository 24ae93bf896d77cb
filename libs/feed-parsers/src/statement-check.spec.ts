import type { StatementBalance, StatementEntry } from './feed-parser';
import { checkStatement, StatementTally } from './statement-check';

type Balance = Pick<StatementBalance, 'balanceType' | 'amount' | 'currency' | 'creditDebit'>;
type Entry = Pick<StatementEntry, 'amount' | 'currency' | 'creditDebit' | 'status'>;
const balance = (balanceType: Balance['balanceType'], amount: string, creditDebit: Balance['creditDebit'] = 'CRDT', currency = 'EUR'): Balance => ({ balanceType, amount, currency, creditDebit });
const entry = (amount: string, creditDebit: Entry['creditDebit'], status: Entry['status'] = 'booked', currency = 'EUR'): Entry => ({ amount, currency, creditDebit, status });

describe('statement check: opening + Σ entries = closing', () => {
  it('is consistent when the figures add up exactly, pending entries left out', () => {
    const check = checkStatement([entry('100.10', 'CRDT'), entry('0.20', 'DBIT'), entry('999.99', 'DBIT', 'pending')], [balance('opening-booked', '1000.00'), balance('closing-booked', '1099.90')]);
    expect(check.result).toBe('consistent');
    expect(check.currencies).toEqual([{ currency: 'EUR', result: 'consistent', openingMinor: '100000', entriesMinor: '9990', closingMinor: '109990', entryCount: 2 }]);
  });

  it('flags a mismatch with the exact difference (stated closing minus computed), never correcting it', () => {
    const check = checkStatement([entry('0.10', 'CRDT'), entry('0.20', 'CRDT')], [balance('opening-booked', '0.00'), balance('closing-booked', '0.31')]);
    expect(check.result).toBe('mismatch');
    expect(check.currencies[0]).toMatchObject({ result: 'mismatch', entriesMinor: '30', closingMinor: '31', differenceMinor: '1' });
  });

  it('handles overdrawn (debit) balances and amounts beyond floating-point precision', () => {
    const check = checkStatement([entry('90071992547409.93', 'CRDT')], [balance('opening-booked', '10.00', 'DBIT'), balance('closing-booked', '90071992547399.93')]);
    expect(check.currencies[0]).toMatchObject({ result: 'consistent', openingMinor: '-1000', closingMinor: '9007199254739993' });
  });

  it('checks each currency of a multi-currency statement on its own', () => {
    const check = checkStatement(
      [entry('5', 'DBIT', 'booked', 'JPY'), entry('1.000', 'CRDT', 'booked', 'KWD')],
      [balance('opening-booked', '100', 'CRDT', 'JPY'), balance('closing-booked', '95', 'CRDT', 'JPY'), balance('opening-booked', '0.500', 'CRDT', 'KWD'), balance('closing-booked', '1.499', 'CRDT', 'KWD')],
    );
    expect(check.result).toBe('mismatch');
    expect(check.currencies.map((c) => [c.currency, c.result])).toEqual([
      ['JPY', 'consistent'],
      ['KWD', 'mismatch'],
    ]);
  });

  it('is not-checkable without an opening or closing balance, or with unreadable figures', () => {
    expect(checkStatement([entry('1.00', 'CRDT')], [balance('closing-booked', '1.00')]).currencies[0]).toMatchObject({ result: 'not-checkable', why: 'no opening booked balance stated' });
    expect(checkStatement([entry('1.005', 'CRDT')], [balance('opening-booked', '0'), balance('closing-booked', '1.00')]).currencies[0]).toMatchObject({ result: 'not-checkable' });
    expect(checkStatement([], [balance('interim-available', '1.00')]).result).toBe('not-checkable');
  });

  it('streams: a tally fed items in any order gives the same result', () => {
    const tally = new StatementTally();
    tally.addEntry(entry('2.50', 'DBIT'));
    tally.addBalance(balance('closing-booked', '7.50'));
    tally.addBalance(balance('opening-booked', '10.00'));
    expect(StatementTally.summarize(tally.results())).toBe('consistent');
  });

  it('is not-checkable when an entry of the statement was rejected, even if the rest adds up', () => {
    const tally = new StatementTally();
    tally.addBalance(balance('opening-booked', '1.00'));
    tally.addBalance(balance('closing-booked', '1.00'));
    tally.markIncomplete('an entry of the statement was rejected');
    expect(tally.results()).toEqual([{ currency: 'EUR', result: 'not-checkable', why: 'an entry of the statement was rejected', entryCount: 0 }]);
  });
});
