import { createHmac } from 'node:crypto';

/**
 * Keyed, deterministic tokens (HMAC-SHA256, base64url, 160 bits): the same account or card always maps
 * to the same token under one key, and a token reveals nothing without the key. The key lives in
 * configuration (KONTOR_TOKENIZATION_KEY), never in a table or topic.
 */
function token(key: string, prefix: string, material: string): string {
  return `${prefix}_${createHmac('sha256', key).update(material, 'utf8').digest().subarray(0, 20).toString('base64url')}`;
}

export function tokenizeAccount(key: string, bankId: string, accountId: string): string {
  return token(key, 'acc', `account|${bankId}|${normalizeAccountId(accountId)}`);
}

export function tokenizeCard(key: string, pan: string): string {
  return token(key, 'card', `pan|${pan}`);
}

/** IBANs and account numbers compare without spaces and case. */
export function normalizeAccountId(accountId: string): string {
  return accountId.replace(/\s+/g, '').toUpperCase();
}

const IBAN_PREFIX = /^[A-Z]{2}\d{2}/;

/**
 * Display form that identifies an account to its owner without disclosing it: "DE89 •••• 3000". Only an
 * IBAN shows its first four (country and check digits, which say nothing of the account); any other
 * account number shows its last four alone, so a 10-digit number never shows 8 of its digits.
 */
export function maskAccountId(accountId: string): string {
  const normalized = normalizeAccountId(accountId);
  if (normalized.length > 12 && IBAN_PREFIX.test(normalized)) return `${normalized.slice(0, 4)} •••• ${normalized.slice(-4)}`;
  return `•••• ${normalized.slice(-4)}`;
}

/** Luhn check, so a PAN-looking number in free text can be told from an order number. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const PAN_CANDIDATE = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;

/** Masks anything in free text that looks like a card number (12–19 digits passing Luhn) to its last four. */
export function redactPans(text: string): string {
  return text.replace(PAN_CANDIDATE, (match) => {
    const digits = match.replace(/[ -]/g, '');
    return passesLuhn(digits) ? `•••• ${digits.slice(-4)}` : match;
  });
}
