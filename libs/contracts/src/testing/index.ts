/**
 * Test data builders: valid messages with sensible defaults; override only what a test is about.
 * Import from `@kontor/contracts/testing` in tests only.
 */
import type { FeedEntryReceivedV1 } from '../messages/feed-entry-received.v1';
import type { FraudAlertRaisedV1 } from '../messages/fraud-alert-raised.v1';
import type { NormalizedTransactionV1 } from '../messages/normalized-transaction.v1';
import type { KontorJsonFeedEntryV1, KontorJsonFeedV1 } from '../feeds/kontor-json-feed.v1';

export const TEST_ACCOUNT_REF = 'acc_test0000000000000001';
export const TEST_CARD_TOKEN = 'card_test000000000000001';

export function aFeedEntryReceived(overrides: Partial<FeedEntryReceivedV1> = {}): FeedEntryReceivedV1 {
  return {
    feedId: '3f0c2b8e-8a56-4c1e-9d41-2f3b7b1d9a10',
    entryIndex: 0,
    bankId: 'demo-bank',
    sourceFormat: 'kontor-json',
    bankEntryId: 'tx-0001',
    accountRef: TEST_ACCOUNT_REF,
    accountMasked: 'DE89 •••• 3000',
    amount: '42.50',
    currency: 'EUR',
    creditDebit: 'DBIT',
    status: 'booked',
    bookingDate: '2026-11-28',
    occurredAt: '2026-11-28T09:15:00+01:00',
    description: 'CARD PAYMENT BLUE BOTTLE BERLIN',
    merchant: { name: 'Blue Bottle Coffee', mcc: '5814', city: 'Berlin', country: 'DE' },
    card: { token: TEST_CARD_TOKEN, last4: '1111' },
    cardPresent: true,
    ...overrides,
  };
}

export function aNormalizedTransaction(overrides: Partial<NormalizedTransactionV1> = {}): NormalizedTransactionV1 {
  return {
    transactionId: '6b1c7a52-3f1e-5d2b-8c4a-0e9f2d1b7a63',
    bankId: 'demo-bank',
    accountRef: TEST_ACCOUNT_REF,
    accountMasked: 'DE89 •••• 3000',
    amountMinor: '4250',
    currency: 'EUR',
    currencyExponent: 2,
    direction: 'debit',
    status: 'booked',
    revision: 1,
    bookingDate: '2026-11-28',
    occurredAt: '2026-11-28T09:15:00+01:00',
    description: 'CARD PAYMENT BLUE BOTTLE BERLIN',
    merchant: { name: 'Blue Bottle Coffee', mcc: '5814', city: 'Berlin', country: 'DE' },
    card: { token: TEST_CARD_TOKEN, last4: '1111' },
    cardPresent: true,
    source: { feedId: '3f0c2b8e-8a56-4c1e-9d41-2f3b7b1d9a10', entryIndex: 0, format: 'kontor-json', bankEntryId: 'tx-0001' },
    normalizedAt: '2026-11-28T08:15:01.000Z',
    ...overrides,
  };
}

export function aFraudAlertRaised(overrides: Partial<FraudAlertRaisedV1> = {}): FraudAlertRaisedV1 {
  return {
    alertId: '0b7d7c1e-2f4a-5b6c-9d8e-1a2b3c4d5e6f',
    transactionId: '6b1c7a52-3f1e-5d2b-8c4a-0e9f2d1b7a63',
    bankId: 'demo-bank',
    accountRef: TEST_ACCOUNT_REF,
    accountMasked: 'DE89 •••• 3000',
    merchantName: 'Lucky Star Casino',
    card: { token: TEST_CARD_TOKEN, last4: '1111' },
    amountMinor: '249900',
    currency: 'EUR',
    currencyExponent: 2,
    score: 850,
    reasons: [
      {
        code: 'HIGH_AMOUNT',
        points: 600,
        messageEn: 'The amount is unusually high.',
        messageDe: 'Der Betrag ist ungewöhnlich hoch.',
      },
    ],
    ruleSetVersion: 'baseline-2026-11-28',
    raisedAt: '2026-11-28T08:15:02.000Z',
    ...overrides,
  };
}

export function aKontorJsonFeedEntry(overrides: Partial<KontorJsonFeedEntryV1> = {}): KontorJsonFeedEntryV1 {
  return {
    entryId: 'tx-0001',
    accountId: 'DE89370400440532013000',
    amount: '42.50',
    currency: 'EUR',
    creditDebit: 'DBIT',
    status: 'booked',
    bookingDate: '2026-11-28',
    occurredAt: '2026-11-28T09:15:00+01:00',
    description: 'CARD PAYMENT BLUE BOTTLE BERLIN',
    merchant: { name: 'Blue Bottle Coffee', mcc: '5814', city: 'Berlin', country: 'DE' },
    card: { pan: '4111111111111111' },
    cardPresent: true,
    ...overrides,
  };
}

export function aKontorJsonFeed(...entries: Partial<KontorJsonFeedEntryV1>[]): KontorJsonFeedV1 {
  const list = entries.length > 0 ? entries : [{}];
  return { entries: list.map((entry, index) => aKontorJsonFeedEntry({ entryId: `tx-${String(index + 1).padStart(4, '0')}`, ...entry })) };
}
