import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BalanceReportedV1, FeedEntryReceivedV1, FeedFormat, Topics } from '@kontor/contracts';
import { collectFeedItems, CsvProfile, FeedParser, StatementEntry } from '@kontor/feed-parsers';
import { tokenizeAccount } from '@kontor/privacy';
import { collectAllMessages, eventually } from '@kontor/testing';
import { DEFAULT_FEED_PARSERS } from './feed-parser.catalogue';
import { IngestionTestApp, startIngestionTestApp, TestBank } from '../testing/ingestion-test-app.test-support';

const FIXTURES = join(__dirname, '../../../../libs/feed-parsers/src');

/** A CSV export as a German bank sends it, read with the profile the bank registered. */
const GERMAN_CSV_PROFILE: CsvProfile = {
  delimiter: ';',
  header: true,
  skipLines: 4,
  encoding: 'windows-1252',
  dateFormat: 'DD.MM.YYYY',
  decimalSeparator: ',',
  thousandsSeparator: '.',
  columns: {
    bookingDate: 'Buchungstag',
    valueDate: 'Valuta',
    counterpartyName: 'Auftraggeber/Empfänger',
    counterpartyAccount: 'IBAN',
    description: 'Verwendungszweck',
    amount: 'Betrag',
    creditDebitMarker: 'Soll/Haben',
    currency: 'Währung',
    status: 'Status',
  },
  debitMarkers: ['S', 'Soll'],
  pendingMarkers: ['vorgemerkt'],
  defaultAccountId: 'DE89370400440532013000',
};

interface FormatCase {
  name: string;
  file: string;
  contentType: string;
  format: FeedFormat;
  path?: string;
  csvProfile?: CsvProfile;
}

/**
 * Real files in every text and JSON format, pushed through the HTTP API with the parsers the app ships:
 * each accepted entry is one Kafka message keyed by its tokenized account, carrying exactly what the
 * parser read (amount, currency, sign, dates), and every stated balance is published.
 */
const CASES: FormatCase[] = [
  { name: 'MT940 from ABN AMRO (jejik)', file: 'mt940/fixtures/wolph__jejik_abnamro.sta', contentType: 'text/plain', format: 'mt940' },
  { name: 'MT940 from ING (jejik)', file: 'mt940/fixtures/wolph__jejik_ing.sta', contentType: 'text/plain', format: 'mt940' },
  { name: 'MT940 from mBank', file: 'mt940/fixtures/wolph__mBank_mt940.sta', contentType: 'text/plain', format: 'mt940' },
  { name: 'MT940 with SWIFT blocks (DFÜ)', file: 'mt940/fixtures/hand-made-dfue-swift-blocks.sta', contentType: 'text/plain', format: 'mt940' },
  { name: 'MT942 interim report', file: 'mt940/fixtures/hand-made-mt942.sta', contentType: 'text/plain', format: 'mt942' },
  { name: 'BAI2 with two groups', file: 'bai2/fixtures/hand-made-two-groups.bai2', contentType: 'text/plain', format: 'bai2' },
  { name: 'Berlin Group transaction report', file: 'berlin-group/fixtures/nextgenpsd2-1.3.11__transactionsExample1_RegularAccount_json.json', contentType: 'application/json', format: 'berlin-group-json' },
  {
    name: 'Berlin Group balance report (account named in the query)',
    file: 'berlin-group/fixtures/nextgenpsd2-1.3.11__balancesExample1_RegularAccount.json',
    contentType: 'application/json',
    format: 'berlin-group-json',
    path: '/v1/feeds?accountId=DE2310010010123456789',
  },
  { name: 'CSV with a German profile (windows-1252)', file: 'csv/fixtures/hand-made-german-bank-windows-1252.csv', contentType: 'text/csv', format: 'csv', csvProfile: GERMAN_CSV_PROFILE },
];

describe('every format through the HTTP API onto Kafka (real PostgreSQL and Kafka)', () => {
  let t: IngestionTestApp;
  let bank: TestBank;
  const parserFor = (format: FeedFormat) => DEFAULT_FEED_PARSERS.find((p) => p.format === format) as FeedParser;

  beforeAll(async () => {
    t = await startIngestionTestApp('ingestion_formats');
    bank = await t.registerBank('formats-bank', ['*']);
  });

  afterAll(async () => {
    await t.close();
  });

  it.each(CASES)('$name', async (c) => {
    const body = readFileSync(join(FIXTURES, c.file));
    if (c.csvProfile) await t.registry.setCsvProfile(bank.bankId, c.csvProfile);
    const accountId = c.path ? new URL(c.path, 'http://x').searchParams.get('accountId') ?? undefined : undefined;
    const items = await collectFeedItems(parserFor(c.format), body, { ...(c.csvProfile && { csvProfile: c.csvProfile }), ...(accountId && { accountId }) });
    const entries = items.flatMap((i) => (i.kind === 'entry' ? [i.entry] : []));
    const balances = items.flatMap((i) => (i.kind === 'balance' ? [i.balance] : []));
    expect(entries.length + balances.length).toBeGreaterThan(0);

    // supertest serializes a Buffer as JSON under a JSON content type: send JSON files as their text.
    const response = await t.push(bank, c.contentType === 'application/json' ? body.toString('utf8') : body, { contentType: c.contentType, ...(c.path && { path: c.path }) });
    const entryErrors = items.filter((i) => i.kind === 'entry-error').length;
    expect({ status: response.status, reason: response.body.reason }).toEqual({ status: 202, reason: undefined });
    expect(response.body).toMatchObject({ format: c.format, entryCount: entries.length, counts: { parsedEntries: entries.length + entryErrors, rejectedEntries: entryErrors, balances: balances.length } });
    const feedId = response.body.feedId as string;

    const published = await eventually(async () => {
      const all = (await collectAllMessages(t.topic(Topics.feedEntryReceived.name))).filter((m) => JSON.parse(m.value!.toString()).feedId === feedId);
      if (all.length < entries.length) throw new Error(`${all.length} of ${entries.length} entries published`);
      return all;
    });
    expect(published).toHaveLength(entries.length);
    const events = published.map((m) => ({ key: m.key!.toString(), event: JSON.parse(m.value!.toString()) as FeedEntryReceivedV1 })).sort((a, b) => a.event.entryIndex - b.event.entryIndex);
    events.forEach(({ key, event }, i) => {
      const stated: StatementEntry = entries[i];
      const accountRef = tokenizeAccount(t.config.KONTOR_TOKENIZATION_KEY, bank.bankId, stated.accountId);
      expect(key).toBe(accountRef);
      expect(event).toMatchObject({ sourceFormat: c.format, accountRef, amount: stated.amount, currency: stated.currency, creditDebit: stated.creditDebit, status: stated.status, bookingDate: stated.bookingDate });
      // The account number itself never leaves ingestion.
      expect(JSON.stringify(event)).not.toContain(stated.accountId.replace(/\s+/g, ''));
    });

    if (balances.length > 0) {
      const stated = await eventually(async () => {
        const all = (await collectAllMessages(t.topic(Topics.balanceReported.name))).map((m) => JSON.parse(m.value!.toString()) as BalanceReportedV1).filter((b) => b.feedId === feedId);
        if (all.length < balances.length) throw new Error(`${all.length} of ${balances.length} balances published`);
        return all;
      });
      expect(stated.map((b) => `${b.balanceType} ${b.creditDebit} ${b.amount} ${b.currency} ${b.asOfDate}`).sort()).toEqual(
        balances.map((b) => `${b.balanceType} ${b.creditDebit} ${b.amount} ${b.currency} ${b.asOfDate}`).sort(),
      );
    }
  });
});
