import { currencyExponent, isMonetaryCurrency } from '@kontor/money';
import type { EntryErrorReason } from '../feed-parser';

/**
 * Value checks shared by the camt and OFX readers. Amounts stay decimal strings end to end: they are checked
 * and reshaped as text, never through a JS number.
 */

/** Thrown while mapping one entry; the parser turns it into an `entry-error` item and carries on. */
export class EntryProblem extends Error {
  constructor(
    readonly reason: EntryErrorReason,
    detail: string,
    /** Path of the offending element, relative to the entry. */
    readonly field?: string,
  ) {
    super(detail);
    this.name = 'EntryProblem';
  }
}

const UNSIGNED_DECIMAL = /^\d{1,18}(\.\d{1,6})?$/;

/** An unsigned decimal as ISO 20022 writes it ("1234.50"); anything else is an entry problem. */
export function checkedAmount(raw: string | undefined, currency: string, field: string): string {
  if (raw === undefined || raw === '') throw new EntryProblem('missing-field', `${field} is missing`, field);
  if (!UNSIGNED_DECIMAL.test(raw)) throw new EntryProblem('invalid-amount', `${field} ${JSON.stringify(clip(raw))} is not an unsigned decimal amount`, field);
  checkFractionFitsCurrency(raw, currency, field);
  return raw;
}

/** Digits beyond the currency's minor unit must be zeros: 10.005 EUR cannot be booked. */
function checkFractionFitsCurrency(amount: string, currency: string, field: string): void {
  const dot = amount.indexOf('.');
  if (dot < 0) return;
  const extra = amount.slice(dot + 1 + exponentOf(currency));
  if (/[1-9]/.test(extra)) throw new EntryProblem('invalid-amount', `${field} ${amount} has more decimals than ${currency} has minor units`, field);
}

/** Currency verdicts cached: a file names a handful of currencies a million times. */
const currencyVerdicts = new Map<string, boolean>();

function isKnownCurrency(code: string): boolean {
  let verdict = currencyVerdicts.get(code);
  if (verdict === undefined) {
    verdict = isMonetaryCurrency(code);
    if (currencyVerdicts.size < 1000) currencyVerdicts.set(code, verdict);
  }
  return verdict;
}

const exponents = new Map<string, number>();

function exponentOf(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent = currencyExponent(currency);
    exponents.set(currency, exponent);
  }
  return exponent;
}

export function checkedCurrency(raw: string | undefined, field: string): string {
  if (raw === undefined || raw === '') throw new EntryProblem('missing-field', `${field} has no currency`, field);
  if (!isKnownCurrency(raw)) throw new EntryProblem('unknown-currency', `${JSON.stringify(clip(raw))} is not a monetary ISO 4217 currency`, field);
  return raw;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= daysInMonth[month - 1];
}

function isRealTime(hour: number, minute: number, second: number): boolean {
  return hour <= 23 && minute <= 59 && second <= 60;
}

/** A date or date-time as stated: the calendar date, and an ISO 8601 instant when the zone is known. */
export interface StatedDateTime {
  date: string;
  /** ISO 8601 with zone (fraction cut to milliseconds); only when the source states both a time and a zone. */
  dateTime?: string;
  hasTime: boolean;
}

/** xs:date may carry a zone (`2026-03-01+01:00`, `2026-03-01Z`); the calendar date is what counts. */
const ISO_DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/** ISO 8601 as camt writes it (`2026-02-28`, `2026-02-28T10:00:00.123+01:00`); an impossible date is an entry problem. */
export function checkedIsoDate(raw: string | undefined, field: string): StatedDateTime {
  if (raw === undefined || raw === '') throw new EntryProblem('missing-field', `${field} is missing`, field);
  const dateOnly = ISO_DATE_ONLY.exec(raw);
  if (dateOnly) {
    if (!isRealDate(+dateOnly[1], +dateOnly[2], +dateOnly[3])) throw invalidDate(raw, field);
    return { date: `${dateOnly[1]}-${dateOnly[2]}-${dateOnly[3]}`, hasTime: false };
  }
  const m = ISO_DATE_TIME.exec(raw);
  if (!m || !isRealDate(+m[1], +m[2], +m[3]) || !isRealTime(+m[4], +m[5], +m[6])) throw invalidDate(raw, field);
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const zone = m[8];
  if (zone === undefined) return { date, hasTime: true };
  const fraction = m[7] ? `.${m[7].slice(0, 3).padEnd(3, '0')}` : '';
  return { date, hasTime: true, dateTime: `${date}T${m[4]}:${m[5]}:${m[6]}${fraction}${zone === '+00:00' ? 'Z' : zone}` };
}

export function invalidDate(raw: string, field: string): EntryProblem {
  return new EntryProblem('invalid-date', `${field} ${JSON.stringify(clip(raw))} is not a real date`, field);
}

/** Exchange rates as the contract accepts them (≤ 12 integer and 12 fraction digits); trailing zeros trimmed. */
export function statedExchangeRate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(raw);
  if (!m) return undefined;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 12) return undefined;
  if (/^0+$/.test(m[1]) && fraction === '') return undefined;
  return fraction ? `${m[1]}.${fraction}` : m[1];
}

/** Contract lengths: longer stated texts are cut rather than failing the entry at the edge. */
export function clip(text: string, max = 140): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** A copy without undefined members, so items compare and serialize cleanly (copying beats `delete`, which deoptimizes). */
export function compact<T extends object>(value: T): T {
  const out = {} as Record<string, unknown>;
  for (const key in value) {
    const member = value[key];
    if (member !== undefined) out[key] = member;
  }
  return out as T;
}

/** A copy with at least one defined member, else undefined. */
export function nonEmpty<T extends object>(value: T): T | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key in value) {
    const member = value[key];
    if (member !== undefined) (out ??= {})[key] = member;
  }
  return out as T | undefined;
}

/** The last four digits of a PAN or a masked PAN ("XXXXXXXXXXXX1234", "4111 **** **** 1111"). */
export function lastFourDigits(pan: string | undefined): string | undefined {
  if (pan === undefined) return undefined;
  const m = /(\d{4})\s*$/.exec(pan);
  return m ? m[1] : undefined;
}
