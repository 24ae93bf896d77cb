import type { NormalizedTransactionV1 } from '@kontor/contracts';

/**
 * Everything the profiles and typologies read from a transaction, extracted once. Plain JSON, so a case can
 * keep it and a later "it was me" can teach the profile exactly what the customer confirmed.
 */
export interface TransactionFeatures {
  /** Epoch ms of when it happened: `occurredAt`, else noon UTC of the booking date. Never the wall clock. */
  at: number;
  /** Local hour (0–23) and weekday (0 = Sunday) in the zone the timestamp states. */
  hour: number;
  weekday: number;
  /** Minor units as a JS number: used for statistics only (exact up to 2^53), never for money. */
  amount: number;
  /** The exact amount, for comparisons that must be exact. */
  amountMinor: string;
  currency: string;
  /** Minor units per major unit, 10^exponent. */
  unit: number;
  debit: boolean;
  /**
   * `<currency>:<primary category>:<detail>`, detail being the normalizer's detailed category or else the
   * MCC: amount statistics never mix currencies, and coffee is not compared with groceries.
   */
  amountKey: string;
  category: string;
  merchantKey?: string;
  counterpartyKey?: string;
  mcc?: string;
  country?: string;
  city?: string;
  cardToken?: string;
  cardPresent?: boolean;
}

/** MCC ranges to a coarse category for when the normalizer has not categorised the transaction. */
const MCC_CATEGORIES: readonly (readonly [number, number, string])[] = [
  [3000, 3999, 'travel'], [4000, 4799, 'transport'], [4800, 4899, 'utilities'], [4900, 4999, 'utilities'],
  [5200, 5299, 'shopping'], [5300, 5399, 'shopping'], [5400, 5499, 'food'], [5500, 5599, 'transport'],
  [5600, 5699, 'shopping'], [5700, 5799, 'shopping'], [5800, 5899, 'food'], [5900, 5999, 'shopping'],
  [6010, 6012, 'cash'], [6050, 6051, 'cash'], [6300, 6399, 'insurance'], [6500, 6599, 'transfers'],
  [7000, 7099, 'travel'], [7200, 7299, 'services'], [7800, 7999, 'entertainment'], [8000, 8099, 'health'],
  [8200, 8299, 'education'], [9000, 9999, 'government'],
];

export function categoryOfMcc(mcc: string | undefined): string | undefined {
  if (mcc === undefined) return undefined;
  const code = Number(mcc);
  if (code === 4829 || code === 6540) return 'transfers';
  return MCC_CATEGORIES.find(([from, to]) => code >= from && code <= to)?.[2];
}

const OFFSET = /(Z|([+-])(\d{2}):?(\d{2}))$/;

function localClock(at: number, iso: string | undefined): { hour: number; weekday: number } {
  const match = iso !== undefined ? OFFSET.exec(iso) : null;
  const offsetMinutes = match && match[1] !== 'Z' ? (match[2] === '-' ? -1 : 1) * (Number(match[3]) * 60 + Number(match[4])) : 0;
  const local = new Date(at + offsetMinutes * 60_000);
  return { hour: local.getUTCHours(), weekday: local.getUTCDay() };
}

const normalizeKey = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

export function extractFeatures(tx: NormalizedTransactionV1): TransactionFeatures {
  const at = tx.occurredAt !== undefined ? Date.parse(tx.occurredAt) : Date.parse(`${tx.bookingDate}T12:00:00Z`);
  const { hour, weekday } = localClock(at, tx.occurredAt);
  const mcc = tx.merchant?.mcc;
  // The normalizer's category when present; the MCC's otherwise; a name alone says too little.
  const category = tx.category?.primary ?? categoryOfMcc(mcc) ?? (tx.counterparty ? 'transfers' : 'other');
  const merchantName = tx.displayName ?? tx.merchant?.name;
  const counterparty = tx.counterparty?.accountRef ?? tx.counterparty?.name;
  return {
    at,
    hour,
    weekday,
    amount: Number(tx.amountMinor),
    amountMinor: tx.amountMinor,
    currency: tx.currency,
    unit: 10 ** tx.currencyExponent,
    debit: tx.direction === 'debit',
    amountKey: `${tx.currency}:${category}:${tx.category?.detailed ?? (mcc !== undefined ? `mcc${mcc}` : '-')}`,
    category,
    ...(merchantName !== undefined && { merchantKey: normalizeKey(merchantName) }),
    ...(counterparty !== undefined && { counterpartyKey: normalizeKey(counterparty) }),
    ...(mcc !== undefined && { mcc }),
    ...(tx.merchant?.country !== undefined && { country: tx.merchant.country }),
    ...(tx.merchant?.city !== undefined && { city: tx.merchant.city }),
    ...(tx.card !== undefined && { cardToken: tx.card.token }),
    ...(tx.cardPresent !== undefined && { cardPresent: tx.cardPresent }),
  };
}
