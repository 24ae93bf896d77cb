import type { BalanceCheck, BalanceReportedV1, BalanceType, Direction, TransactionStatus } from '@kontor/contracts';
import { decimalToMinorUnits } from '@kontor/money';

/** Signed minor units: a credit raises the balance, a debit lowers it. */
export function signedAmount(direction: Direction, amountMinor: bigint): bigint {
  return direction === 'credit' ? amountMinor : -amountMinor;
}

/** A stated balance in signed minor units (DBIT = overdrawn). Throws on an amount the currency cannot hold. */
export function statedBalanceMinor(balance: Pick<BalanceReportedV1, 'amount' | 'currency' | 'creditDebit'>): bigint {
  const minor = decimalToMinorUnits(balance.amount, balance.currency);
  return balance.creditDebit === 'DBIT' ? -minor : minor;
}

export const BOOKED_BALANCE_TYPES: readonly BalanceType[] = ['opening-booked', 'closing-booked', 'interim-booked'];
export const AVAILABLE_BALANCE_TYPES: readonly BalanceType[] = ['opening-available', 'closing-available', 'interim-available', 'forward-available'];

/**
 * The statuses that moved money on the account: booked ones, and reversed ones (their reversal is booked
 * as its own, offsetting entry). Pending, expired and superseded ones did not.
 */
export const POSTED_STATUSES: readonly TransactionStatus[] = ['booked', 'reversed'];

/**
 * Where a booked balance stands on a date's evening: opening balances describe the start of the day, so
 * that day's transactions come after them; closing and interim ones include the day.
 */
export function includesTransactionsOfItsDay(type: BalanceType): boolean {
  return type !== 'opening-booked' && type !== 'opening-available';
}

/** Stated against computed: consistent when equal, else the difference (stated − computed). */
export function checkBalance(statedMinor: bigint, computedMinor: bigint | undefined): BalanceCheck {
  if (computedMinor === undefined) return { status: 'unchecked' };
  const difference = statedMinor - computedMinor;
  return { status: difference === 0n ? 'consistent' : 'mismatch', differenceMinor: difference.toString() };
}
