import { currencyExponent } from '@kontor/money';
import { EntryProblem, invalidDate, isRealDate } from '../xml/feed-values';

/** A signed OFX amount reshaped into an unsigned decimal and its sign, without ever becoming a number. */
export interface SignedAmount {
  amount: string;
  negative: boolean;
}

/**
 * OFX amounts are signed and the spec allows `.` or `,` as the decimal point (European banks use `,`):
 * `-9.9`, `+100`, `1234,56`, `1.234,56`. With both marks the last one is the decimal point; a mark that
 * repeats is a thousands separator.
 */
const PLAIN_AMOUNT = /^([+-]?)(\d{1,18})(?:\.(\d{1,6}))?$/;

export function parseOfxAmount(raw: string | undefined, field: string): SignedAmount {
  if (raw === undefined || raw.trim() === '') throw new EntryProblem('missing-field', `${field} is missing`, field);
  // The common case, `-123.45`, without the general path's reshaping.
  const plain = PLAIN_AMOUNT.exec(raw);
  if (plain) {
    const whole = plain[2].length > 1 && plain[2][0] === '0' ? plain[2].replace(/^0+(?=\d)/, '') : plain[2];
    const amount = plain[3] === undefined ? whole : `${whole}.${plain[3]}`;
    return { amount, negative: plain[1] === '-' && /[1-9]/.test(amount) };
  }
  let text = raw.trim().replace(/[\s\u00a0']/g, '');
  let negative = false;
  if (text.startsWith('-') || text.startsWith('+')) {
    negative = text[0] === '-';
    text = text.slice(1);
  }
  const invalid = () => new EntryProblem('invalid-amount', `${field} ${JSON.stringify(raw.trim().slice(0, 40))} is not an amount`, field);
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) throw invalid();
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let decimalMark: string | undefined;
  if (lastDot >= 0 && lastComma >= 0) decimalMark = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0) decimalMark = text.indexOf('.') === lastDot ? '.' : undefined;
  else if (lastComma >= 0) decimalMark = text.indexOf(',') === lastComma ? ',' : undefined;
  const thousands = decimalMark === '.' ? ',' : decimalMark === ',' ? '.' : lastDot >= 0 ? '.' : ',';
  if (decimalMark !== undefined && text.indexOf(decimalMark) !== text.lastIndexOf(decimalMark)) throw invalid();
  const [grouped, fraction = ''] = decimalMark === undefined ? [text] : text.split(decimalMark);
  // Thousands separators only between groups of three digits: "1.234.567" yes, "12.3.4" no.
  if (grouped.includes(thousands) && !new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})+$`).test(grouped)) throw invalid();
  let whole = grouped.split(thousands).join('');
  whole = whole.replace(/^0+(?=\d)/, '') || '0';
  if (!/^\d{1,18}$/.test(whole) || !/^\d{0,6}$/.test(fraction)) throw invalid();
  const amount = fraction === '' ? whole : `${whole}.${fraction}`;
  // A zero amount has no direction; it counts as a credit.
  return { amount, negative: negative && /[1-9]/.test(amount) };
}

export interface OfxDateTime {
  date: string;
  /** ISO 8601 with zone: when a zone is stated, or a time other than midnight (OFX's default zone is GMT). */
  dateTime?: string;
}

const OFX_DATE_TIME = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d{1,6}))?)?)?\s*(?:\[\s*([+-]?\d{1,2}(?:[.:]\d{1,2})?)?\s*(?::\s*[^\]]*)?\])?$/;

/** `20181026`, `20071015021529.000[-8:PST]`, `20180913000000[-3:GMT]`. */
export function parseOfxDateTime(raw: string | undefined, field: string): OfxDateTime {
  if (raw === undefined || raw.trim() === '') throw new EntryProblem('missing-field', `${field} is missing`, field);
  const text = raw.trim();
  if (text.length === 8 && /^\d{8}$/.test(text)) {
    // The common date-only form, without the general pattern.
    const [year, month, day] = [+text.slice(0, 4), +text.slice(4, 6), +text.slice(6, 8)];
    if (!isRealDate(year, month, day)) throw invalidDate(text, field);
    return { date: `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` };
  }
  const m = OFX_DATE_TIME.exec(text);
  if (!m || !isRealDate(+m[1], +m[2], +m[3])) throw invalidDate(text, field);
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (m[4] === undefined) return { date };
  const [hour, minute, second] = [+m[4], +m[5], +(m[6] ?? '0')];
  if (hour > 23 || minute > 59 || second > 60) throw invalidDate(text, field);
  const zone = m[8] === undefined ? undefined : zoneOffset(m[8], text, field);
  const hasTime = hour + minute + second > 0;
  if (zone === undefined && !hasTime) return { date };
  const fraction = m[7] ? `.${m[7].slice(0, 3).padEnd(3, '0')}` : '';
  return { date, dateTime: `${date}T${m[4]}:${m[5]}:${m[6] ?? '00'}${fraction}${zone ?? 'Z'}` };
}

/** Zone offsets already worked out: a file states one or two zones on every date. */
const zoneOffsets = new Map<string, string>();

/** `-3` → `-03:00`, `+5.30`/`5:30` → `+05:30`, `-3.5` → `-03:30`, `0` → `Z`. */
function zoneOffset(raw: string, text: string, field: string): string {
  const known = zoneOffsets.get(raw);
  if (known !== undefined) return known;
  const offset = computeZoneOffset(raw, text, field);
  if (zoneOffsets.size < 100) zoneOffsets.set(raw, offset);
  return offset;
}

function computeZoneOffset(raw: string, text: string, field: string): string {
  const m = /^([+-]?)(\d{1,2})(?:[.:](\d{1,2}))?$/.exec(raw);
  if (!m) throw invalidDate(text, field);
  const hours = +m[2];
  const minutes = m[3] === undefined ? 0 : m[3].length === 1 ? +m[3] * 6 : +m[3];
  if (hours > 14 || minutes > 59) throw invalidDate(text, field);
  if (hours === 0 && minutes === 0) return 'Z';
  return `${m[1] === '-' ? '-' : '+'}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Exact decimal arithmetic for the one place OFX needs it: converting with a stated rate. */
function toScaled(decimal: string): { units: bigint; scale: number } {
  const [whole, fraction = ''] = decimal.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

function formatScaled(units: bigint, scale: number): string {
  if (scale === 0) return units.toString();
  const digits = units.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** amount × rate, rounded half up to the currency's minor unit. */
export function multiplyByRate(amount: string, rate: string, currency: string): string {
  const a = toScaled(amount);
  const r = toScaled(rate);
  return rescale(a.units * r.units, a.scale + r.scale, currencyExponent(currency));
}

/** amount ÷ rate, rounded half up to the currency's minor unit. */
export function divideByRate(amount: string, rate: string, currency: string): string {
  const a = toScaled(amount);
  const r = toScaled(rate);
  const exponent = currencyExponent(currency);
  const numerator = a.units * 10n ** BigInt(exponent + r.scale);
  const denominator = r.units * 10n ** BigInt(a.scale);
  return formatScaled((2n * numerator + denominator) / (2n * denominator), exponent);
}

function rescale(units: bigint, scale: number, exponent: number): string {
  if (scale <= exponent) return formatScaled(units * 10n ** BigInt(exponent - scale), exponent);
  const divisor = 10n ** BigInt(scale - exponent);
  return formatScaled((2n * units + divisor) / (2n * divisor), exponent);
}
