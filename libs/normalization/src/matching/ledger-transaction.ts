import type { Direction, TransactionStatus } from '@kontor/contracts';

/** What matching needs to know of a canonical transaction, stored or new. Amounts in minor units. */
export interface LedgerTransaction {
  transactionId: string;
  status: TransactionStatus;
  direction: Direction;
  amountMinor: bigint;
  currency: string;
  bookingDate: string;
  cardToken?: string;
  /** The bank's entry id as stated (even when not trusted as identity). */
  bankEntryId?: string;
  /** Cleaned merchant or counterparty text (upper case) the descriptor similarity compares. */
  merchantKey: string;
  /** The amount in the original currency, for FX card payments. */
  original?: { amountMinor: bigint; currency: string };
  endToEndId?: string;
  accountServicerRef?: string;
}

export interface MatchResult {
  transactionId: string;
  /** 0–1000, 1000 only when the bank's own ids agree. */
  confidence: number;
}

const DAY_MS = 86_400_000;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const tokens = (key: string) => new Set(key.split(/\s+/).filter((t) => t.length >= 2));

/** Token overlap of two merchant keys, 0–1 (Jaccard; 1 when one key's words all appear in the other). */
export function merchantSimilarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  if (common === Math.min(ta.size, tb.size)) return 1;
  return common / (ta.size + tb.size - common);
}
