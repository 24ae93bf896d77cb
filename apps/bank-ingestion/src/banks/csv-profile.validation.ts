import type { CsvProfile } from '@kontor/feed-parsers';

const DELIMITERS = [',', ';', '\t', '|'];
const ENCODINGS = ['utf-8', 'latin1', 'windows-1252'];
// Every date layout and column role of CsvProfile, checked against the type so the two cannot drift.
const DATE_FORMAT_SET: Record<CsvProfile['dateFormat'], true> = {
  'YYYY-MM-DD': true,
  'DD.MM.YYYY': true,
  'DD/MM/YYYY': true,
  'MM/DD/YYYY': true,
  YYYYMMDD: true,
  'DD.MM.YY': true,
  'DD-MM-YYYY': true,
  'YYYY/MM/DD': true,
};
const DATE_FORMATS = Object.keys(DATE_FORMAT_SET);
const DECIMAL_SEPARATORS = ['.', ','];
const THOUSANDS_SEPARATORS = ['', '.', ',', ' ', "'"];
const COLUMN_ROLES: Record<keyof CsvProfile['columns'], true> = {
  bookingDate: true,
  valueDate: true,
  amount: true,
  debitAmount: true,
  creditAmount: true,
  creditDebitMarker: true,
  currency: true,
  accountId: true,
  description: true,
  counterpartyName: true,
  counterpartyAccount: true,
  reference: true,
  status: true,
  remittanceInformation: true,
  counterpartyBic: true,
  endToEndId: true,
  mandateId: true,
  creditorId: true,
  bankEntryId: true,
};
const COLUMN_NAMES: readonly string[] = Object.keys(COLUMN_ROLES);
const TOP_LEVEL = ['delimiter', 'quote', 'header', 'skipLines', 'encoding', 'dateFormat', 'decimalSeparator', 'thousandsSeparator', 'columns', 'debitMarkers', 'pendingMarkers', 'defaultCurrency', 'defaultAccountId'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= 50 && value.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 40);
}

/**
 * Checks a CSV column-mapping profile before it is stored: every problem is listed, so an operator fixes
 * the file once. The rules follow `CsvProfile` (libs/feed-parsers) and docs/partner-banks.md.
 */
export function validateCsvProfile(plain: unknown): { ok: true; profile: CsvProfile } | { ok: false; errors: string[] } {
  if (!isObject(plain)) return { ok: false, errors: ['(root): must be a JSON object'] };
  const errors: string[] = [];
  for (const key of Object.keys(plain)) if (!TOP_LEVEL.includes(key)) errors.push(`${key}: unknown field`);
  const oneOf = (field: string, allowed: readonly string[], required: boolean) => {
    const value = plain[field];
    if (value === undefined) {
      if (required) errors.push(`${field}: required`);
    } else if (typeof value !== 'string' || !allowed.includes(value)) errors.push(`${field}: must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  };
  oneOf('delimiter', DELIMITERS, true);
  oneOf('encoding', ENCODINGS, false);
  oneOf('dateFormat', DATE_FORMATS, true);
  oneOf('decimalSeparator', DECIMAL_SEPARATORS, true);
  oneOf('thousandsSeparator', THOUSANDS_SEPARATORS, false);
  if (typeof plain.header !== 'boolean') errors.push('header: required, true or false');
  if (plain.quote !== undefined && (typeof plain.quote !== 'string' || plain.quote.length !== 1)) errors.push('quote: must be one character');
  if (plain.skipLines !== undefined && (!Number.isInteger(plain.skipLines) || (plain.skipLines as number) < 0 || (plain.skipLines as number) > 100)) errors.push('skipLines: must be an integer from 0 to 100');
  if (plain.thousandsSeparator !== undefined && plain.thousandsSeparator !== '' && plain.thousandsSeparator === plain.decimalSeparator) errors.push('thousandsSeparator: must differ from decimalSeparator');
  for (const list of ['debitMarkers', 'pendingMarkers']) if (plain[list] !== undefined && !isStringList(plain[list])) errors.push(`${list}: must be a list of 1–40 character strings`);
  if (plain.defaultCurrency !== undefined && (typeof plain.defaultCurrency !== 'string' || !/^[A-Z]{3}$/.test(plain.defaultCurrency))) errors.push('defaultCurrency: must be an ISO 4217 code');
  if (plain.defaultAccountId !== undefined && (typeof plain.defaultAccountId !== 'string' || !/^[A-Za-z0-9]{4,34}$/.test(plain.defaultAccountId))) errors.push('defaultAccountId: must be 4 to 34 letters or digits');

  const columns = plain.columns;
  if (!isObject(columns)) {
    errors.push('columns: required, an object naming the columns');
  } else {
    for (const [name, value] of Object.entries(columns)) {
      if (!COLUMN_NAMES.includes(name)) errors.push(`columns.${name}: unknown column role`);
      else if (!(typeof value === 'string' && value.length > 0 && value.length <= 100) && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) < 1000)) {
        errors.push(`columns.${name}: must be a header name or a 0-based column index`);
      } else if (typeof value === 'string' && plain.header === false) errors.push(`columns.${name}: names a header, but header is false; use a column index`);
    }
    if (columns.bookingDate === undefined) errors.push('columns.bookingDate: required');
    const signed = columns.amount !== undefined;
    const split = columns.debitAmount !== undefined || columns.creditAmount !== undefined;
    if (signed === split) errors.push('columns: give either amount (signed) or debitAmount and creditAmount');
    if (split && (columns.debitAmount === undefined || columns.creditAmount === undefined)) errors.push('columns: debitAmount and creditAmount go together');
    if (columns.creditDebitMarker !== undefined && !isStringList(plain.debitMarkers)) errors.push('debitMarkers: required with columns.creditDebitMarker');
    if (columns.currency === undefined && plain.defaultCurrency === undefined) errors.push('columns.currency or defaultCurrency: one is required');
    if (columns.accountId === undefined && plain.defaultAccountId === undefined) errors.push('columns.accountId or defaultAccountId: one is required');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, profile: plain as unknown as CsvProfile };
}
