/**
 * Removes personal data and secrets from free text before it is logged. Messages are written by many
 * hands (and include error messages of libraries), so this is the last line, not the only one:
 * card numbers (13–19 digits, with spaces or dashes), IBANs, e-mail addresses, bearer tokens,
 * passwords in URLs and `secret=`/`token=`/`password=` pairs.
 */
const RULES: readonly [RegExp, string][] = [
  // user:password@ in a URL keeps the user and drops the password.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1[REDACTED]@'],
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [REDACTED]'],
  [/\b((?:access_?token|token|secret|password|passwd|api_?key|signature)["']?\s*[=:]\s*["']?)[^\s"'&,;]+/gi, '$1[REDACTED]'],
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, '[IBAN]'],
  [/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, '[EMAIL]'],
];

// Card numbers: 13-19 digits, optionally grouped by single spaces or dashes, passing the Luhn check
// (so most timestamps and ids stay readable).
const CARD_NUMBER = /\b\d(?:[ -]?\d){12,18}\b/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function redact(text: string): string {
  let result = text;
  for (const [pattern, replacement] of RULES) result = result.replace(pattern, replacement as string);
  return result.replace(CARD_NUMBER, (match) => (luhnValid(match.replace(/[ -]/g, '')) ? '[PAN]' : match));
}
