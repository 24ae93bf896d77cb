import { currencyExponent, minorUnitsToDecimal } from '@kontor/money';
import type { ConversationLocale } from '../intent/intent.types';

/** An exact amount: integer minor units as a string (may be signed for balances), its currency and exponent. */
export interface MoneyAmount {
  /** e.g. "123456" = 1,234.56 EUR; "-1250" for an overdrawn balance. */
  amountMinor: string;
  currency: string;
  /** The ISO 4217 exponent the data carries; checked against the currency so a mismatch is never formatted. */
  currencyExponent: number;
}

const INTL_LOCALE: Record<ConversationLocale, string> = { en: 'en-GB', de: 'de-DE' };

/** Decimal string in major units, exactly ("-12.50"), after checking the exponent matches the currency. */
export function toDecimalString(amount: MoneyAmount): string {
  if (!/^-?\d{1,18}$/.test(amount.amountMinor)) throw new RangeError(`not an amount in minor units: ${JSON.stringify(amount.amountMinor)}`);
  const exponent = currencyExponent(amount.currency);
  if (exponent !== amount.currencyExponent) throw new RangeError(`${amount.currency} has exponent ${exponent}, not ${amount.currencyExponent}`);
  const negative = amount.amountMinor.startsWith('-');
  const decimal = minorUnitsToDecimal(negative ? amount.amountMinor.slice(1) : amount.amountMinor, amount.currency);
  return negative && /[1-9]/.test(decimal) ? `-${decimal}` : decimal;
}

/**
 * Formats for the customer: "€1,234.56" (en) or "1.234,56 €" (de). Intl.NumberFormat is given the
 * decimal string, which it formats exactly (ECMA-402 treats a string as an exact decimal), never a float.
 * German puts a no-break space (U+00A0) before the symbol, so an amount never wraps across lines.
 */
export function formatMoney(amount: MoneyAmount, locale: ConversationLocale): string {
  const decimal = toDecimalString(amount);
  const format = new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: amount.currency, minimumFractionDigits: amount.currencyExponent, maximumFractionDigits: amount.currencyExponent });
  // TypeScript's ES2022 lib types format() as number | bigint; the runtime (Node ≥ 20) accepts decimal strings.
  return (format.format as unknown as (value: string) => string)(decimal);
}

/**
 * A Messenger receipt takes amounts as JSON numbers in major units. The number is produced from the
 * exact decimal string and only accepted when it prints back as the same decimal: doubles hold every
 * decimal of up to 15 significant digits exactly enough that JSON.stringify writes the same digits, so the
 * wire carries the exact amount. Larger amounts are refused rather than rounded.
 */
export function receiptNumber(amountMinor: string, currency: string): number {
  const decimal = minorUnitsToDecimal(amountMinor, currency);
  const value = Number(decimal);
  const canonical = decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
  if (String(value) !== canonical) throw new RangeError(`${decimal} ${currency} cannot be written exactly as a JSON number`);
  return value;
}

export function formatDate(isoDateOrTime: string, locale: ConversationLocale, timeZone = 'UTC'): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(isoDateOrTime) ? new Date(`${isoDateOrTime}T00:00:00Z`) : new Date(isoDateOrTime);
  const zone = /^\d{4}-\d{2}-\d{2}$/.test(isoDateOrTime) ? 'UTC' : timeZone;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone }).format(date);
}

export function formatDateTime(iso: string, locale: ConversationLocale, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone, hourCycle: 'h23' }).format(new Date(iso));
}

/** "October 2026" / "Oktober 2026" for a `YYYY-MM`. */
export function formatMonth(month: string, locale: ConversationLocale): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`not a month: ${month}`);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}
