/**
 * Replies may show an account only masked ("DE89 •••• 3000") and a card only by its last four digits.
 * These branded types make that a compile-time rule: a builder takes a `MaskedAccount`, which only
 * `maskedAccount()` produces after checking, so a full IBAN or PAN cannot be passed by mistake.
 */
declare const maskedAccountBrand: unique symbol;
declare const cardLastFourBrand: unique symbol;

export type MaskedAccount = string & { readonly [maskedAccountBrand]: true };
export type CardLastFour = string & { readonly [cardLastFourBrand]: true };

export class UnmaskedDataError extends Error {
  constructor(what: string) {
    super(`refusing to show ${what} in a reply`);
    this.name = 'UnmaskedDataError';
  }
}

/**
 * Accepts a masked account: it must contain a mask (• or *), at most 4 digits in a row and at most 8
 * digits in all (a country check pair and the last four), so no account number is recoverable from it.
 */
export function maskedAccount(value: string): MaskedAccount {
  const digits = value.replace(/\D/g, '');
  if (!/[•*]/.test(value) || /\d{5,}/.test(value.replace(/[\s-]/g, '')) || digits.length > 8) throw new UnmaskedDataError('an account that is not masked');
  return value as MaskedAccount;
}

export function cardLastFour(value: string): CardLastFour {
  if (!/^\d{4}$/.test(value)) throw new UnmaskedDataError('card digits other than the last four');
  return value as CardLastFour;
}

/** Luhn check, to tell a card number in free text from other long numbers. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const PAN_LIKE = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;
const IBAN_LIKE = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b/;

/**
 * The last line of defence for free text that came from elsewhere (merchant names, item titles,
 * descriptions): refuses text holding a card number (12–19 digits passing Luhn) or an IBAN.
 */
export function assertNoCardOrAccountNumber(text: string): string {
  for (const match of text.match(PAN_LIKE) ?? []) {
    if (passesLuhn(match.replace(/[ -]/g, ''))) throw new UnmaskedDataError('text containing a card number');
  }
  if (IBAN_LIKE.test(text.toUpperCase()) && /\d{6,}/.test(text.replace(/\s/g, ''))) throw new UnmaskedDataError('text containing an account number');
  return text;
}
