import { normalizeDescriptor } from '../identity/descriptor';
import { DESCRIPTOR_NOISE, KNOWN_MERCHANTS, KnownMerchant, LOCATION_SUFFIXES, PROCESSOR_PREFIXES } from './merchant-rules.data';

export interface MerchantNameInput {
  description?: string;
  merchantName?: string;
  counterpartyName?: string;
}

export interface CleanedMerchant {
  /** The name to show, e.g. "Blue Bottle Coffee"; absent when nothing is left after cleaning. */
  displayName?: string;
  /** The merchant from KNOWN_MERCHANTS, when one matched. */
  known?: KnownMerchant;
  /** The cleaned upper-case text the name was taken from (for keyword rules and matching). */
  cleaned: string;
}

const LEGAL_FORMS = /\b(GMBH ?& ?CO\.? ?KG|GMBH|MBH|AG|KG|OHG|UG|E\.?K\.?|SE|SA|SAS|SARL|S\.?A\.?R\.?L|SRL|S\.?R\.?L|SPA|S\.?P\.?A|SL|S\.?L\.?|BV|B\.?V\.?|NV|LTD|LIMITED|PLC|LLC|INC|CORP|AB|AS|A\/S|OY|SP Z O O|SRO|S\.?R\.?O\.?)\.?$/;
const SUFFIXES = [...new Set(LOCATION_SUFFIXES)].sort((a, b) => b.length - a.length);
const SMALL_WORDS = new Set(['AND', 'OF', 'THE', 'DE', 'LA', 'LE', 'DU', 'DER', 'DIE', 'DAS', 'VON', 'VAN', 'EL', 'DI', 'DEL', 'A']);

/** Strips bank wording, processor prefixes, numbers and trailing places from a descriptor (upper case). */
export function stripDescriptor(text: string): string {
  // Separators banks use between fields (",PAS999", "; OD:", quotes) would otherwise stick to the words.
  let s = ` ${text.toUpperCase().replace(/[,;"]+|:(?!\d)/g, ' ').replace(/\s+/g, ' ')} `;
  for (const noise of DESCRIPTOR_NOISE) s = s.replace(noise, ' ');
  s = s.replace(/\s+/g, ' ').trim();
  // A processor prefix may follow bank wording ("KARTENZAHLUNG SUMUP *CAFE"), so it is looked for after it.
  for (let changed = true; changed; ) {
    changed = false;
    for (const prefix of PROCESSOR_PREFIXES) {
      const next = s.replace(prefix, '');
      if (next !== s) {
        s = next.trim();
        changed = true;
      }
    }
  }
  s = s.replace(/[*_/\\|]+/g, ' ').replace(/\s+/g, ' ').trim();
  for (let changed = true; changed && s.length > 0; ) {
    changed = false;
    const before = s;
    s = s.replace(/[\s,.-]+\d+$/, '').replace(LEGAL_FORMS, '').replace(/[\s,.-]+$/, '').trim();
    for (const suffix of SUFFIXES) {
      if (s.length > suffix.length + 2 && s.endsWith(` ${suffix}`)) {
        s = s.slice(0, -suffix.length - 1).trim();
        break;
      }
    }
    changed = s !== before;
  }
  return s.replace(/^[\s,.-]+/, '').trim();
}

function titleCase(upper: string): string {
  return upper
    .toLowerCase()
    .split(' ')
    .map((word, i) => (i > 0 && SMALL_WORDS.has(word.toUpperCase()) ? word : word.replace(/(^|[-'’&.])(\p{L})/gu, (_match, sep: string, ch: string) => sep + ch.toUpperCase())))
    .join(' ');
}

export function findKnownMerchant(text: string): KnownMerchant | undefined {
  const key = ` ${normalizeDescriptor(text)} `;
  const raw = text.toUpperCase();
  return KNOWN_MERCHANTS.find((m) => m.pattern.test(key) || m.pattern.test(raw));
}

/**
 * The display name of the merchant or counterparty. A name the card network gave (merchant.name) comes
 * first, then the bank's description, then the counterparty; the first that leaves anything after cleaning
 * wins. A known merchant gets its canonical spelling.
 */
export function cleanMerchantName(input: MerchantNameInput): CleanedMerchant {
  for (const source of [input.merchantName, input.description, input.counterpartyName]) {
    if (!source) continue;
    const cleaned = stripDescriptor(source);
    const known = findKnownMerchant(cleaned) ?? (cleaned ? undefined : findKnownMerchant(source));
    if (known?.name) return { displayName: known.name, known, cleaned };
    // A rule that knows only the kind of merchant categorizes; the name stays the merchant's own.
    if (cleaned.length >= 2) return { displayName: titleCase(cleaned).slice(0, 140), cleaned, ...(known && { known }) };
    if (known) return { known, cleaned };
  }
  return { cleaned: '' };
}
