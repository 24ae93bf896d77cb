import { ContractViolationError, FeedEntryReceivedV1, KontorJsonFeedV1, parseContract } from '@kontor/contracts';
import { isMonetaryCurrency } from '@kontor/money';
import { maskAccountId, normalizeAccountId, redactPans, tokenizeAccount, tokenizeCard } from '@kontor/privacy';

export class FeedRejectedError extends Error {
  constructor(
    readonly reason: string,
    readonly problems: readonly string[],
  ) {
    super(`${reason}: ${problems.join('; ')}`);
    this.name = 'FeedRejectedError';
  }
}

/**
 * Reads a Kontor JSON feed into feed-entry events. Pure: the PAN is tokenized here, at the edge, and the
 * events carry only the token and last four digits.
 */
export function readKontorJsonFeed(body: Buffer, context: { feedId: string; bankId: string; tokenizationKey: string }): FeedEntryReceivedV1[] {
  let plain: unknown;
  try {
    plain = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new FeedRejectedError('malformed-json', [error instanceof Error ? error.message : 'not valid JSON']);
  }
  let feed: KontorJsonFeedV1;
  try {
    feed = parseContract(KontorJsonFeedV1, plain);
  } catch (error) {
    if (error instanceof ContractViolationError) throw new FeedRejectedError('feed-invalid', error.problems);
    throw error;
  }
  const unknownCurrency = feed.entries.findIndex((e) => !isMonetaryCurrency(e.currency));
  if (unknownCurrency >= 0) throw new FeedRejectedError('feed-invalid', [`entries.${unknownCurrency}.currency: not a monetary ISO 4217 currency`]);

  const mismatch = feed.entries.findIndex((e) => e.card?.pan !== undefined && e.card.last4 !== undefined && !e.card.pan.endsWith(e.card.last4));
  if (mismatch >= 0) throw new FeedRejectedError('feed-invalid', [`entries.${mismatch}.card.last4: does not match the last four digits of pan`]);

  return feed.entries.map((entry, entryIndex): FeedEntryReceivedV1 => {
    const last4 = entry.card?.pan?.slice(-4) ?? entry.card?.last4;
    // Without a PAN the best identity is (bank, account, last four): stable across feeds, never the PAN.
    const cardToken = entry.card?.pan
      ? tokenizeCard(context.tokenizationKey, entry.card.pan)
      : last4 !== undefined
        ? tokenizeCard(context.tokenizationKey, `last4-only|${context.bankId}|${normalizeAccountId(entry.accountId)}|${last4}`)
        : undefined;
    return {
      feedId: context.feedId,
      entryIndex,
      bankId: context.bankId,
      sourceFormat: 'kontor-json',
      bankEntryId: entry.entryId,
      accountRef: tokenizeAccount(context.tokenizationKey, context.bankId, entry.accountId),
      accountMasked: maskAccountId(entry.accountId),
      amount: entry.amount,
      currency: entry.currency,
      creditDebit: entry.creditDebit,
      status: entry.status,
      bookingDate: entry.bookingDate,
      ...(entry.valueDate !== undefined && { valueDate: entry.valueDate }),
      ...(entry.occurredAt !== undefined && { occurredAt: entry.occurredAt }),
      ...(entry.description !== undefined && { description: redactPans(entry.description) }),
      ...(entry.merchant !== undefined && { merchant: { ...entry.merchant } }),
      ...(cardToken !== undefined && last4 !== undefined && { card: { token: cardToken, last4 } }),
      ...(entry.cardPresent !== undefined && { cardPresent: entry.cardPresent }),
    };
  });
}
