import type { FeedEntryReceivedV1 } from '@kontor/contracts';

/** The text that best describes what an entry is: the bank's description, else merchant, counterparty or purpose. */
export function rawDescriptor(entry: Pick<FeedEntryReceivedV1, 'description' | 'merchant' | 'counterparty' | 'remittanceInformation'>): string {
  return entry.description ?? entry.merchant?.name ?? entry.counterparty?.name ?? entry.remittanceInformation ?? '';
}

/**
 * A descriptor reduced to what is stable when a bank sends the same entry again: upper case, accents and
 * punctuation gone, whitespace collapsed. Digits stay (a store number can tell two shops apart).
 */
export function normalizeDescriptor(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}
