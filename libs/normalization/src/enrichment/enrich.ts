import type { FeedEntryReceivedV1, TransactionCategory } from '@kontor/contracts';
import { categorize } from './categorize';
import { cleanMerchantName } from './merchant-name';

export interface Enrichment {
  displayName?: string;
  category: TransactionCategory;
}

/** Display name and category of a feed entry: the whole of enrichment, from the rules in *.data.ts. */
export function enrichEntry(entry: Pick<FeedEntryReceivedV1, 'description' | 'merchant' | 'counterparty' | 'remittanceInformation' | 'references' | 'creditDebit' | 'card'>): Enrichment {
  const merchant = cleanMerchantName({ merchantName: entry.merchant?.name, description: entry.description, counterpartyName: entry.counterparty?.name });
  const category = categorize({
    direction: entry.creditDebit === 'CRDT' ? 'credit' : 'debit',
    mcc: entry.merchant?.mcc,
    transactionCode: entry.references?.transactionCode,
    knownMerchant: merchant.known,
    texts: [entry.counterparty?.name, entry.remittanceInformation, entry.description, entry.merchant?.name],
    card: entry.card !== undefined,
    hasCounterpartyAccount: entry.counterparty?.accountRef !== undefined || entry.counterparty?.accountMasked !== undefined,
  });
  return { ...(merchant.displayName && { displayName: merchant.displayName }), category };
}
