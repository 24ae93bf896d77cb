import type { BankReferences } from '@kontor/contracts';
import type { StatedCounterparty } from '../feed-parser';
import { bicOrUndefined, clip, compact } from '../text/fields';

/** What field :86: says about an entry, in whichever dialect the bank writes it. */
export interface Field86Details {
  description?: string;
  remittanceInformation?: string;
  counterparty?: StatedCounterparty;
  references?: Pick<BankReferences, 'endToEndId' | 'mandateId' | 'creditorId'>;
}

/**
 * Reads field :86: ("information to account owner"). SWIFT leaves it free text; banks fill it in one of a
 * few structured dialects, tried in this order:
 * - German DFÜ/ZKA (DK "Datenformate" annex): `GVC?00Buchungstext?10Primanota?20…?29 purpose?30 bank?31 account
 *   ?32?33 name?60…?63 purpose`, the purpose often holding SEPA keywords;
 * - slash tags (ABN AMRO `/TRTP/…/NAME/…/REMI/…`, ING `/EREF//…//CNTP/iban/bic/name/city///REMI/USTD//text/`);
 * - SEPA keywords on their own (`EREF+… MREF+… SVWZ+…`, German savings banks);
 * - anything else is a description.
 * `lines` are the field's lines as received: structured dialects wrap at 65 characters mid-value, so their
 * lines are joined as they are; free text is joined with spaces.
 */
export function parseField86(lines: readonly string[]): Field86Details {
  const joined = lines.join('');
  const start = joined.trimStart();
  if (/^(\d{3})?\?\d\d/.test(start)) return parseZka(start);
  if (SLASH_DIALECT.test(start)) return parseSlashTags(start);
  if (SEPA_KEYWORD_AT_START.test(start)) return fromSepaKeywords(start, undefined);
  const text = collapseWhitespace(lines.map((line) => line.trim()).filter((line) => line !== '').join(' '));
  return compact({ description: clip(text, 500) }) ?? {};
}

/** `text.replace(/\s+/g, ' ')` in one pass that keeps the text as it is when every gap is one space already. */
export function collapseWhitespace(text: string): string {
  let collapsed = '';
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isJsWhitespace(code)) continue;
    let end = i + 1;
    while (end < text.length && isJsWhitespace(text.charCodeAt(end))) end++;
    if (end - i > 1 || code !== 32) {
      collapsed += `${text.slice(kept, i)} `;
      kept = end;
    }
    i = end - 1;
  }
  return kept === 0 ? text : collapsed + text.slice(kept);
}

/** What `\s` matches: ECMAScript white space (Unicode Zs, tab, VT, FF, BOM) and line terminators. */
function isJsWhitespace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function parseZka(text: string): Field86Details {
  // Subfields `?nn` in the order the bank wrote them (numerically, by the DK layout); values keep inner spaces.
  const parts = text.replace(/^\d{3}/, '').split(/\?(\d\d)/);
  let purpose = '';
  let description: string | undefined;
  let bank: string | undefined;
  let account: string | undefined;
  let name = '';
  for (let index = 1; index + 1 < parts.length; index += 2) {
    const key = parts[index];
    const value = parts[index + 1];
    const code = Number(key);
    if ((code >= 20 && code <= 29) || (code >= 60 && code <= 63)) {
      // Purpose subfields hold 27 characters each and cut through words, so they join without a space,
      // except where one starts a SEPA keyword (`?21SVWZ+…`): that is a boundary.
      purpose = purpose !== '' && SEPA_KEYWORD_AT_START.test(value) ? `${purpose} ${value}` : purpose + value;
    } else if (code === 0) description = (description ?? '') + value;
    else if (code === 30) bank = (bank ?? '') + value;
    else if (code === 31) account = (account ?? '') + value;
    else if (code === 32 || code === 33) name += value;
  }
  const counterparty = compact<StatedCounterparty>({
    name: clip(name, 140),
    accountId: clip(account?.replace(/\s+/g, ''), 64),
    bic: bicOrUndefined(bank),
  });
  const details = fromSepaKeywords(purpose, counterparty);
  const buchungstext = clip(description, 500);
  if (buchungstext) details.description = buchungstext;
  return details;
}

const SEPA_KEYWORDS = ['EREF', 'KREF', 'MREF', 'CRED', 'DEBT', 'SVWZ', 'ABWA', 'ABWE', 'IBAN', 'BIC', 'COAM', 'OAMT', 'PURP', 'BREF', 'RREF'];
const SEPA_KEYWORD_SPLIT = new RegExp(`(?<![A-Z])(${SEPA_KEYWORDS.join('|')})\\+`, 'g');
const SEPA_KEYWORD_AT_START = new RegExp(`^(${SEPA_KEYWORDS.join('|')})\\+`);

/** A slot per keyword, so a field's values sit in a small array rather than a map built per entry. */
const SEPA_SLOT = new Map(SEPA_KEYWORDS.map((keyword, slot) => [keyword, slot]));
const [EREF, MREF, CRED, SVWZ, IBAN, BIC] = ['EREF', 'MREF', 'CRED', 'SVWZ', 'IBAN', 'BIC'].map((keyword) => SEPA_SLOT.get(keyword) as number);

function fromSepaKeywords(purpose: string, counterparty: StatedCounterparty | undefined): Field86Details {
  // exec on the one global pattern, not matchAll: matchAll copies the pattern on every call, which was the
  // largest single cost of a small file's parse.
  SEPA_KEYWORD_SPLIT.lastIndex = 0;
  let match = SEPA_KEYWORD_SPLIT.exec(purpose);
  if (match === null) {
    return compact({ remittanceInformation: clip(purpose, 1000), counterparty }) ?? {};
  }
  const values: (string | undefined)[] = new Array<string | undefined>(SEPA_KEYWORDS.length).fill(undefined);
  const leading = purpose.slice(0, match.index).trim();
  while (match !== null) {
    const slot = SEPA_SLOT.get(match[1]) as number;
    const from = match.index + match[0].length;
    const next = SEPA_KEYWORD_SPLIT.exec(purpose);
    const to = next === null ? purpose.length : next.index;
    // The first occurrence of a keyword counts.
    if (values[slot] === undefined) values[slot] = purpose.slice(from, to).trim();
    match = next;
  }
  const reference = (slot: number): string | undefined => {
    const value = values[slot];
    return value && value.toUpperCase() !== 'NOTPROVIDED' ? clip(value, 140) : undefined;
  };
  const purposeText = values[SVWZ];
  const remittance = leading === '' ? (purposeText ?? '') : purposeText === undefined || purposeText === '' ? leading : `${leading} ${purposeText}`;
  const stated = compact<StatedCounterparty>({
    name: counterparty?.name,
    accountId: counterparty?.accountId ?? clip(values[IBAN]?.replace(/\s+/g, ''), 64),
    bic: counterparty?.bic ?? bicOrUndefined(values[BIC]),
  });
  return (
    compact({
      remittanceInformation: clip(remittance, 1000),
      counterparty: stated,
      references: compact({ endToEndId: reference(EREF), mandateId: reference(MREF), creditorId: reference(CRED) }),
    }) ?? {}
  );
}

/** Tags of the ABN AMRO and ING structured :86: (both follow the Dutch bank association's layout). */
const SLASH_TAGS = new Set(['TRTP', 'EREF', 'PREF', 'CNTP', 'IBAN', 'BIC', 'NAME', 'REMI', 'MARF', 'CSID', 'PURP', 'ORDP', 'BENM', 'ULTC', 'ULTD', 'ULTB', 'RTRN', 'ISDT', 'CHGS', 'EXCH', 'OCMT', 'SWOC', 'ACCW', 'BUSP', 'ADDR']);
const SLASH_DIALECT = /^\/(TRTP|EREF|PREF|CNTP|MARF|RTRN|REMI|IBAN|NAME|CSID|PURP|ORDP|BENM|ULTC|ULTD)\//;

function parseSlashTags(text: string): Field86Details {
  // Each tag's value is the text up to the next tag. Tags are 3–4 letters between slashes; scanning the
  // slashes directly avoids a token array per entry.
  const raw = new Map<string, string>();
  let tag: string | undefined;
  let valueStart = 0;
  let slash = text.indexOf('/');
  while (slash !== -1) {
    const next = text.indexOf('/', slash + 1);
    const end = next === -1 ? text.length : next;
    const length = end - slash - 1;
    if (length === 3 || length === 4) {
      const word = text.slice(slash + 1, end);
      if (SLASH_TAGS.has(word)) {
        if (tag !== undefined && !raw.has(tag)) raw.set(tag, text.slice(valueStart, slash));
        tag = word;
        valueStart = Math.min(end + 1, text.length);
      }
    }
    slash = next;
  }
  if (tag !== undefined && !raw.has(tag)) raw.set(tag, text.slice(valueStart));
  const values = new Map<string, string[]>();
  const tokens = (name: string): string[] | undefined => {
    const value = raw.get(name);
    if (value === undefined) return undefined;
    let split = values.get(name);
    if (!split) values.set(name, (split = value.split('/')));
    return split;
  };
  // A tag's value is its text without the slashes around it: ING writes `/EREF//value/`, ABN AMRO `/EREF/value`.
  const single = (name: string): string | undefined => {
    const value = raw.get(name);
    if (value === undefined) return undefined;
    let start = 0;
    let end = value.length;
    while (start < end && value.charCodeAt(start) === 47) start++;
    while (end > start && value.charCodeAt(end - 1) === 47) end--;
    const trimmed = value.slice(start, end).trim();
    return trimmed !== '' && trimmed.toUpperCase() !== 'NOTPROVIDED' ? trimmed : undefined;
  };
  const cntp = tokens('CNTP');
  let remittance = single('REMI');
  const remi = tokens('REMI');
  if (remi && (remi[0] === 'USTD' || remi[0] === 'STRD')) {
    // ING: /REMI/USTD//free text/ or /REMI/STRD/CUR/structured reference/.
    remittance = remi.slice(2).join('/').replace(/\/+$/, '').trim() || undefined;
  }
  const counterparty = compact<StatedCounterparty>({
    name: clip(single('NAME') ?? cntp?.[2], 140),
    accountId: clip((single('IBAN') ?? cntp?.[0])?.replace(/\s+/g, ''), 64),
    bic: bicOrUndefined(single('BIC') ?? cntp?.[1]),
  });
  return (
    compact({
      description: clip(single('TRTP'), 500),
      remittanceInformation: clip(remittance, 1000),
      counterparty,
      references: compact({ endToEndId: clip(single('EREF'), 140), mandateId: clip(single('MARF'), 140), creditorId: clip(single('CSID'), 140) }),
    }) ?? {}
  );
}
