import { isISO4217CurrencyCode } from 'class-validator';

/**
 * ISO 4217 minor-unit exponents that differ from 2 (ISO 4217 list one, current edition).
 * Every other active code has exponent 2.
 */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Codes ISO 4217 lists without a minor unit ("N.A."): metals, SDR and testing codes. Not money for us. */
const NO_MINOR_UNIT = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

export class UnknownCurrencyError extends Error {
  constructor(readonly currency: string) {
    super(`unknown or non-monetary ISO 4217 currency: ${JSON.stringify(currency)}`);
    this.name = 'UnknownCurrencyError';
  }
}

export function isMonetaryCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && isISO4217CurrencyCode(code) && !NO_MINOR_UNIT.has(code);
}

/** Number of decimal places of the currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function currencyExponent(code: string): number {
  if (!isMonetaryCurrency(code)) throw new UnknownCurrencyError(code);
  return EXPONENT_EXCEPTIONS[code] ?? 2;
}
