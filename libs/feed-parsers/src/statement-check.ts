import { decimalToMinorUnits, isMonetaryCurrency } from '@kontor/money';
import type { StatementBalance, StatementEntry } from './feed-parser';

/**
 * The balance check of one statement, per currency: opening booked balance + Σ signed booked entries
 * must equal the closing booked balance, exactly, in integer minor units. A mismatch is reported with
 * its difference and never corrected; a statement that lacks a balance, or whose figures cannot be read,
 * is `not-checkable` with the reason.
 */
export type CurrencyCheckResult =
  | { currency: string; result: 'consistent'; openingMinor: string; entriesMinor: string; closingMinor: string; entryCount: number }
  | {
      currency: string;
      result: 'mismatch';
      openingMinor: string;
      entriesMinor: string;
      closingMinor: string;
      /** Stated closing minus (opening + entries), signed minor units. */
      differenceMinor: string;
      entryCount: number;
    }
  | { currency: string; result: 'not-checkable'; why: string; entryCount: number };

export type StatementCheckResult = 'consistent' | 'mismatch' | 'not-checkable';

interface CurrencyTally {
  opening?: bigint;
  closing?: bigint;
  entries: bigint;
  entryCount: number;
  unreadable?: string;
}

function signed(minor: bigint, creditDebit: 'CRDT' | 'DBIT'): bigint {
  return creditDebit === 'DBIT' ? -minor : minor;
}

/**
 * Accumulates one statement as its items stream by, so checking needs memory per currency, not per entry.
 * Pure: feed it the statement's entries and balances in any order, then ask for `results()`.
 */
export class StatementTally {
  private readonly byCurrency = new Map<string, CurrencyTally>();
  private incompleteBecause?: string;

  /** Something of the statement could not be read (e.g. a rejected entry): no currency can be checked. */
  markIncomplete(why: string): void {
    this.incompleteBecause ??= why;
  }

  private tally(currency: string): CurrencyTally {
    let tally = this.byCurrency.get(currency);
    if (!tally) {
      tally = { entries: 0n, entryCount: 0 };
      this.byCurrency.set(currency, tally);
    }
    return tally;
  }

  /** Only booked entries move the booked balance; pending ones are counted out. */
  addEntry(entry: Pick<StatementEntry, 'amount' | 'currency' | 'creditDebit' | 'status'>): void {
    if (entry.status !== 'booked') return;
    const tally = this.tally(entry.currency);
    tally.entryCount++;
    const minor = toMinor(entry.amount, entry.currency);
    if (typeof minor === 'string') tally.unreadable ??= `an entry's amount ${minor}`;
    else tally.entries += signed(minor, entry.creditDebit);
  }

  addBalance(balance: Pick<StatementBalance, 'balanceType' | 'amount' | 'currency' | 'creditDebit'>): void {
    if (balance.balanceType !== 'opening-booked' && balance.balanceType !== 'closing-booked') return;
    const tally = this.tally(balance.currency);
    const minor = toMinor(balance.amount, balance.currency);
    if (typeof minor === 'string') {
      tally.unreadable ??= `the ${balance.balanceType} balance ${minor}`;
      return;
    }
    const value = signed(minor, balance.creditDebit);
    if (balance.balanceType === 'opening-booked') {
      if (tally.opening !== undefined && tally.opening !== value) tally.unreadable ??= 'two different opening balances';
      tally.opening = value;
    } else {
      if (tally.closing !== undefined && tally.closing !== value) tally.unreadable ??= 'two different closing balances';
      tally.closing = value;
    }
  }

  results(): CurrencyCheckResult[] {
    return [...this.byCurrency].map(([currency, t]): CurrencyCheckResult => {
      if (this.incompleteBecause) return { currency, result: 'not-checkable', why: this.incompleteBecause, entryCount: t.entryCount };
      if (t.unreadable) return { currency, result: 'not-checkable', why: `cannot read ${t.unreadable}`, entryCount: t.entryCount };
      if (t.opening === undefined || t.closing === undefined) {
        const missing = [t.opening === undefined && 'opening', t.closing === undefined && 'closing'].filter(Boolean).join(' and ');
        return { currency, result: 'not-checkable', why: `no ${missing} booked balance stated`, entryCount: t.entryCount };
      }
      const figures = { openingMinor: t.opening.toString(), entriesMinor: t.entries.toString(), closingMinor: t.closing.toString(), entryCount: t.entryCount };
      const difference = t.closing - (t.opening + t.entries);
      return difference === 0n
        ? { currency, result: 'consistent', ...figures }
        : { currency, result: 'mismatch', ...figures, differenceMinor: difference.toString() };
    });
  }

  /** The statement's verdict: a mismatch in any currency wins, then consistent only if every currency is. */
  static summarize(results: readonly CurrencyCheckResult[]): StatementCheckResult {
    if (results.some((r) => r.result === 'mismatch')) return 'mismatch';
    if (results.length > 0 && results.every((r) => r.result === 'consistent')) return 'consistent';
    return 'not-checkable';
  }
}

/** One-shot form of StatementTally for a statement already in hand. */
export function checkStatement(
  entries: readonly Pick<StatementEntry, 'amount' | 'currency' | 'creditDebit' | 'status'>[],
  balances: readonly Pick<StatementBalance, 'balanceType' | 'amount' | 'currency' | 'creditDebit'>[],
): { result: StatementCheckResult; currencies: CurrencyCheckResult[] } {
  const tally = new StatementTally();
  for (const balance of balances) tally.addBalance(balance);
  for (const entry of entries) tally.addEntry(entry);
  const currencies = tally.results();
  return { result: StatementTally.summarize(currencies), currencies };
}

function toMinor(amount: string, currency: string): bigint | string {
  if (!isMonetaryCurrency(currency)) return `in unknown currency ${JSON.stringify(currency.slice(0, 8))}`;
  try {
    return decimalToMinorUnits(amount, currency);
  } catch {
    return JSON.stringify(amount.slice(0, 40));
  }
}
