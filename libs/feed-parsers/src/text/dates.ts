/** Calendar date as YYYY-MM-DD, or undefined when no such day exists (2023-02-30). */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** SWIFT and BAI2 write two-digit years; 70–99 are the 1900s (no bank file is older), the rest 2000s. */
export function fullYear(twoDigits: number): number {
  return twoDigits >= 70 ? 1900 + twoDigits : 2000 + twoDigits;
}

let lastYymmdd = '';
let lastYymmddResult: string | undefined;

/** YYMMDD → YYYY-MM-DD, or undefined. Consecutive entries mostly share a date, so the last answer is kept. */
export function dateFromYymmdd(text: string): string | undefined {
  if (text === lastYymmdd) return lastYymmddResult;
  const result = /^\d{6}$/.test(text) ? isoDate(fullYear(Number(text.slice(0, 2))), Number(text.slice(2, 4)), Number(text.slice(4, 6))) : undefined;
  lastYymmdd = text;
  lastYymmddResult = result;
  return result;
}
