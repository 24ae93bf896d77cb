import { currencyExponent } from './currency';

export class InvalidAmountError extends Error {
  constructor(
    readonly amount: string,
    readonly reason: string,
  ) {
    super(`invalid amount ${JSON.stringify(amount)}: ${reason}`);
    this.name = 'InvalidAmountError';
  }
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
/** 18 digits of minor units (10^16 EUR) is far above any real amount and always fits PostgreSQL bigint (< 2^63). */
const MAX_MINOR_DIGITS = 18;

/**
 * Converts an unsigned decimal string in major units to integer minor units, exactly, using string
 * arithmetic only. Extra fractional digits are accepted only when they are zeros ("1.500" EUR);
 * anything that would need rounding is an error, because rounding money silently is a bug.
 */
export function decimalToMinorUnits(amount: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(amount);
  if (!match) throw new InvalidAmountError(amount, 'expected an unsigned decimal such as "42.50"');
  const whole = match[1];
  const fraction = match[2] ?? '';
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > exponent) {
    throw new InvalidAmountError(amount, `${currency} has ${exponent} decimal places`);
  }
  const digits = (whole + fraction.padEnd(exponent, '0').slice(0, exponent)).replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_MINOR_DIGITS) throw new InvalidAmountError(amount, 'too large');
  return BigInt(digits);
}

/** Formats integer minor units as an unsigned decimal string in major units ("4250", EUR → "42.50"). */
export function minorUnitsToDecimal(minor: bigint | string, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = BigInt(minor);
  if (value < 0n) throw new InvalidAmountError(String(minor), 'minor units must not be negative');
  if (exponent === 0) return value.toString();
  const digits = value.toString().padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
