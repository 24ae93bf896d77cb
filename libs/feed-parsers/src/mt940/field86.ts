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
  const text = lines.map((line) => line.trim()).filter((line) => line !== '').join(' ').replace(/\s+/g, ' ');
  return compact({ description: clip(text, 500) }) ?? {};
}

function parseZka(text: string): Field86Details {
  const subfields = new Map<string, string>();
  // Subfield separator: `?` followed by two digits; values keep their inner spaces.
  const parts = text.replace(/^\d{3}/, '').split(/\?(\d\d)/);
  for (let index = 1; index + 1 < parts.length; index += 2) {
    const key = parts[index];
    subfields.set(key, (subfields.get(key) ?? '') + parts[index + 1]);
  }
  // Purpose subfields hold 27 characters each and cut through words, so they join without a space,
  // except where one starts a SEPA keyword (`?21SVWZ+…`): that is a boundary.
  const purpose = ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '60', '61', '62', '63']
    .map((key) => subfields.get(key) ?? '')
    .reduce((joined, part) => (joined !== '' && SEPA_KEYWORD_AT_START.test(part) ? `${joined} ${part}` : joined + part), '');
  const name = `${subfields.get('32') ?? ''}${subfields.get('33') ?? ''}`;
  const bankField = subfields.get('30')?.trim();
  const counterparty = compact<StatedCounterparty>({
    name: clip(name, 140),
    accountId: clip(subfields.get('31')?.replace(/\s+/g, ''), 64),
    bic: bicOrUndefined(bankField),
  });
  const details = fromSepaKeywords(purpose, counterparty);
  return compact({ ...details, description: clip(subfields.get('00'), 500) ?? details.description }) ?? {};
}

const SEPA_KEYWORDS = ['EREF', 'KREF', 'MREF', 'CRED', 'DEBT', 'SVWZ', 'ABWA', 'ABWE', 'IBAN', 'BIC', 'COAM', 'OAMT', 'PURP', 'BREF', 'RREF'];
const SEPA_KEYWORD_SPLIT = new RegExp(`(?<![A-Z])(${SEPA_KEYWORDS.join('|')})\\+`, 'g');
const SEPA_KEYWORD_AT_START = new RegExp(`^(${SEPA_KEYWORDS.join('|')})\\+`);

function fromSepaKeywords(purpose: string, counterparty: StatedCounterparty | undefined): Field86Details {
  const values = new Map<string, string>();
  const matches = [...purpose.matchAll(SEPA_KEYWORD_SPLIT)];
  if (matches.length === 0) {
    return compact({ remittanceInformation: clip(purpose, 1000), counterparty }) ?? {};
  }
  const leading = purpose.slice(0, matches[0].index).trim();
  matches.forEach((match, position) => {
    const from = (match.index ?? 0) + match[0].length;
    const to = position + 1 < matches.length ? matches[position + 1].index : purpose.length;
    if (!values.has(match[1])) values.set(match[1], purpose.slice(from, to).trim());
  });
  const reference = (key: string): string | undefined => {
    const value = values.get(key);
    return value && value.toUpperCase() !== 'NOTPROVIDED' ? clip(value, 140) : undefined;
  };
  const remittance = [leading, values.get('SVWZ')].filter((part) => part !== undefined && part !== '').join(' ');
  const stated = compact<StatedCounterparty>({
    name: counterparty?.name,
    accountId: counterparty?.accountId ?? clip(values.get('IBAN')?.replace(/\s+/g, ''), 64),
    bic: counterparty?.bic ?? bicOrUndefined(values.get('BIC')),
  });
  return (
    compact({
      remittanceInformation: clip(remittance, 1000),
      counterparty: stated,
      references: compact({ endToEndId: reference('EREF'), mandateId: reference('MREF'), creditorId: reference('CRED') }),
    }) ?? {}
  );
}

/** Tags of the ABN AMRO and ING structured :86: (both follow the Dutch bank association's layout). */
const SLASH_TAGS = new Set(['TRTP', 'EREF', 'PREF', 'CNTP', 'IBAN', 'BIC', 'NAME', 'REMI', 'MARF', 'CSID', 'PURP', 'ORDP', 'BENM', 'ULTC', 'ULTD', 'ULTB', 'RTRN', 'ISDT', 'CHGS', 'EXCH', 'OCMT', 'SWOC', 'ACCW', 'BUSP', 'ADDR']);
const SLASH_DIALECT = /^\/(TRTP|EREF|PREF|CNTP|MARF|RTRN|REMI|IBAN|NAME|CSID|PURP|ORDP|BENM|ULTC|ULTD)\//;

const SLASH_TAG_AT = new RegExp(`/(${[...SLASH_TAGS].join('|')})(?=/|$)`, 'g');

function parseSlashTags(text: string): Field86Details {
  // Each tag's value is the text up to the next tag, split at its slashes.
  const values = new Map<string, string[]>();
  const matches = [...text.matchAll(SLASH_TAG_AT)];
  for (let index = 0; index < matches.length; index++) {
    const tag = matches[index][1];
    if (values.has(tag)) continue;
    const from = (matches[index].index ?? 0) + matches[index][0].length + 1;
    const to = index + 1 < matches.length ? (matches[index + 1].index ?? text.length) : text.length;
    values.set(tag, from <= to ? text.slice(from, to).split('/') : []);
  }
  // A tag's value is its tokens rejoined: ING writes `/EREF//value/`, ABN AMRO `/EREF/value`.
  const single = (tag: string): string | undefined => {
    const tokens = values.get(tag);
    if (tokens === undefined) return undefined;
    let start = 0;
    let end = tokens.length;
    while (start < end && tokens[start] === '') start++;
    while (end > start && tokens[end - 1] === '') end--;
    const value = (end - start === 1 ? tokens[start] : tokens.slice(start, end).join('/')).trim();
    return value !== '' && value.toUpperCase() !== 'NOTPROVIDED' ? value : undefined;
  };
  const cntp = values.get('CNTP');
  let remittance = single('REMI');
  const remi = values.get('REMI');
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
