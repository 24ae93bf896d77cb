import type { Direction, TransactionCategory } from '@kontor/contracts';
import { BANK_CODE_CATEGORIES, FALLBACK_CATEGORIES, KEYWORD_CATEGORIES, MCC_CATEGORIES } from './merchant-rules.data';
import type { KnownMerchant } from './merchant-rules.data';
import type { DetailedCategory } from './taxonomy.data';
import { normalizeDescriptor } from '../identity/descriptor';

export interface CategoryInput {
  direction: Direction;
  mcc?: string;
  transactionCode?: string;
  knownMerchant?: KnownMerchant;
  /** Counterparty name, purpose text and description, in any order. */
  texts: readonly (string | undefined)[];
  /** A card was used (card token present): not a transfer. */
  card: boolean;
  /** A counterparty account is named: a transfer. */
  hasCounterpartyAccount: boolean;
}

const BANK_CODES = [...BANK_CODE_CATEGORIES].sort((a, b) => b.code.length - a.code.length);
const REFUND = KEYWORD_CATEGORIES.find((k) => k.category === 'income.refund');

function category(detailed: DetailedCategory, source: string): TransactionCategory {
  return { primary: detailed.split('.')[0], detailed, source };
}

export function mccCategory(mcc: string | undefined): DetailedCategory | undefined {
  if (!mcc || !/^\d{4}$/.test(mcc)) return undefined;
  const code = Number(mcc);
  return MCC_CATEGORIES.find((r) => code >= r.from && code <= r.to)?.category;
}

/**
 * The category, from the strongest evidence down (docs/normalization.md, "Categories"): a specific bank
 * transaction code (salary, cash, fees, interest), a refund wording on a credit, a known merchant, the MCC,
 * keywords in counterparty and purpose, a generic transfer code or the shape of a transfer, then the fallback.
 */
export function categorize(input: CategoryInput): TransactionCategory {
  const transactionCode = input.transactionCode;
  const code = transactionCode ? BANK_CODES.find((c) => transactionCode.startsWith(c.code)) : undefined;
  if (code && !code.weak) return category(code.category, 'bank-code');
  const text = ` ${input.texts.filter((t): t is string => Boolean(t)).map(normalizeDescriptor).join(' ')} `;
  if (input.direction === 'credit' && REFUND?.pattern.test(text)) return category('income.refund', 'descriptor');
  if (input.knownMerchant) return category(input.knownMerchant.category, 'merchant');
  const byMcc = mccCategory(input.mcc);
  if (byMcc) return category(byMcc, 'mcc');
  const keyword = KEYWORD_CATEGORIES.find((k) => k.pattern.test(text));
  if (keyword) return category(keyword.category, input.hasCounterpartyAccount ? 'counterparty' : 'descriptor');
  if (code) return category(code.category, 'bank-code');
  if (!input.card && input.hasCounterpartyAccount) {
    return category(input.direction === 'credit' ? FALLBACK_CATEGORIES.transferCredit : FALLBACK_CATEGORIES.transferDebit, 'counterparty');
  }
  return category(input.direction === 'credit' ? FALLBACK_CATEGORIES.credit : FALLBACK_CATEGORIES.debit, 'default');
}
