import { currencyExponent, isMonetaryCurrency } from '@kontor/money';

/**
 * Turns an amount as a bank wrote it into the unsigned exact decimal entries carry ("1234.5"), or
 * undefined when it is not one. String work only: a float never holds the value.
 */
export function normalizeDecimal(raw: string, decimalSeparator: '.' | ',', thousandsSeparator = ''): string | undefined {
  let text = raw.trim();
  if (thousandsSeparator !== '') text = stripThousands(text, decimalSeparator, thousandsSeparator);
  if (text === undefined) return undefined;
  const parts = text.split(decimalSeparator);
  if (parts.length > 2) return undefined;
  const whole = parts[0] === '' && parts.length === 2 ? '0' : parts[0];
  const fraction = parts.length === 2 ? parts[1] : '';
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) return undefined;
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '');
  if (trimmedWhole.length > 18 || fraction.length > 6) return undefined;
  return fraction === '' ? trimmedWhole : `${trimmedWhole}.${fraction}`;
}

/** Thousands separators only count between groups of three digits, else "1.2.3" would pass as 123. */
function stripThousands(text: string, decimalSeparator: string, thousandsSeparator: string): string {
  const [whole, ...rest] = text.split(decimalSeparator);
  if (!whole.includes(thousandsSeparator)) return text;
  const groups = whole.split(thousandsSeparator);
  const wellGrouped = /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((group) => /^\d{3}$/.test(group));
  // A malformed grouping is left in place so the caller rejects the amount.
  return wellGrouped ? [groups.join(''), ...rest].join(decimalSeparator) : text;
}

/** Whether the amount fits the currency's minor unit exactly ("1.005" EUR does not). */
export function fitsCurrency(amount: string, currency: string): boolean {
  const exponent = exponentOrMinusOne(currency);
  return exponent >= 0 && fitsExponent(amount, exponent);
}

/** The same check for a currency whose exponent is known: significant decimals ≤ exponent, ≤ 18 digits. */
export function fitsExponent(amount: string, exponent: number): boolean {
  const dot = amount.indexOf('.');
  if (dot === -1) return amount.length + exponent <= 18;
  let end = amount.length;
  while (end > dot + 1 && amount.charCodeAt(end - 1) === 48) end--;
  return end - dot - 1 <= exponent && dot + exponent <= 18;
}

const exponents = new Map<string, number>();

/** The currency's exponent, or -1 when it is not an ISO 4217 money currency; remembered, as files repeat few currencies. */
export function exponentOrMinusOne(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent = isMonetaryCurrency(currency) ? currencyExponent(currency) : -1;
    if (exponents.size < 1000) exponents.set(currency, exponent);
  }
  return exponent;
}

/** isMonetaryCurrency, remembered. */
export function isKnownCurrency(currency: string): boolean {
  return exponentOrMinusOne(currency) >= 0;
}
