import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BalanceReportedV1, FeedEntryReceivedV1, FeedFormat, Topics } from '@kontor/contracts';
import { collectFeedItems, CsvProfile, FeedParser, StatementEntry } from '@kontor/feed-parsers';
import { tokenizeAccount } from '@kontor/privacy';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { eventually, testKafka, uniqueSuffix } from '@kontor/testing';
import { DEFAULT_FEED_PARSERS } from './feed-parser.catalogue';
import { IngestionTestApp, startIngestionTestApp, TestBank } from '../testing/ingestion-test-app.test-support';

const FIXTURES = join(__dirname, '../../../../libs/feed-parsers/src');

/** A CSV export as a German bank sends it, read with the profile the bank registered (stored beside the fixture). */
const GERMAN_CSV_PROFILE = JSON.parse(readFileSync(join(FIXTURES, 'csv/fixtures/hand-made-german-bank-windows-1252.profile.json'), 'utf8')) as CsvProfile;

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
  { name: 'camt.053 v2 with a batch booking (viafintech)', file: 'camt/fixtures/viafintech__camt053_valid_example_with_batch.xml', contentType: 'application/xml', format: 'camt.053' },
  { name: 'camt.053 v8 (viafintech)', file: 'camt/fixtures/viafintech__camt053_valid_example_v8.xml', contentType: 'application/xml', format: 'camt.053' },
  { name: 'camt.053 v8 with several statements', file: 'camt/fixtures/handmade__camt053_v08_multi_statement.xml', contentType: 'application/xml', format: 'camt.053' },
  { name: 'camt.052 intraday report (viafintech)', file: 'camt/fixtures/viafintech__camt052_valid_example.xml', contentType: 'application/xml', format: 'camt.052' },
  { name: 'camt.054 notification v10', file: 'camt/fixtures/handmade__camt054_v10_notification.xml', contentType: 'application/xml', format: 'camt.054' },
  { name: 'OFX 1.x SGML with two statements (asgrim)', file: 'ofx/fixtures/asgrim__ofxdata-bb-two-stmtrs.ofx', contentType: 'application/x-ofx', format: 'ofx' },
  { name: 'OFX 1.x credit-card statement, the card number as account (asgrim)', file: 'ofx/fixtures/asgrim__ofxdata-credit-card.ofx', contentType: 'application/x-ofx', format: 'ofx' },
  { name: 'OFX 2.x XML with several accounts (asgrim)', file: 'ofx/fixtures/asgrim__ofx-multiple-accounts-xml.ofx', contentType: 'application/x-ofx', format: 'ofx' },
  { name: 'QFX with bank and card statements', file: 'ofx/fixtures/handmade__qfx102_bank_and_card.qfx', contentType: 'application/vnd.intu.qfx', format: 'ofx' },
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
  // One consumer for the whole suite records both topics, so each case waits only for its own messages.
  let recorder: Consumer;
  const recorded = new Map<string, KafkaMessage[]>();
  const ofFeed = (topic: string, feedId: string) => (recorded.get(topic) ?? []).filter((m) => JSON.parse(m.value!.toString()).feedId === feedId);
  /** The feed's messages on the topic once `count` arrived, plus a moment in which no extra copy may arrive. */
  const published = async (topic: string, feedId: string, count: number) => {
    await eventually(async () => (ofFeed(topic, feedId).length >= count ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    return ofFeed(topic, feedId);
  };
  const parserFor = (format: FeedFormat) => DEFAULT_FEED_PARSERS.find((p) => p.format === format) as FeedParser;

  beforeAll(async () => {
    t = await startIngestionTestApp('ingestion_formats');
    bank = await t.registerBank('formats-bank', ['*']);
    recorder = testKafka().consumer({ groupId: `formats-recorder-${uniqueSuffix()}` });
    await recorder.connect();
    for (const topic of [Topics.feedEntryReceived.name, Topics.balanceReported.name]) await recorder.subscribe({ topic: t.topic(topic), fromBeginning: true });
    await recorder.run({ eachMessage: async ({ topic, message }) => void recorded.set(topic, [...(recorded.get(topic) ?? []), message]) });
  });

  afterAll(async () => {
    await recorder?.disconnect();
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

    const entryMessages = await published(t.topic(Topics.feedEntryReceived.name), feedId, entries.length);
    expect(entryMessages).toHaveLength(entries.length);
    const events = entryMessages.map((m) => ({ key: m.key!.toString(), event: JSON.parse(m.value!.toString()) as FeedEntryReceivedV1 })).sort((a, b) => a.event.entryIndex - b.event.entryIndex);
    events.forEach(({ key, event }, i) => {
      const stated: StatementEntry = entries[i];
      const accountRef = tokenizeAccount(t.config.KONTOR_TOKENIZATION_KEY, bank.bankId, stated.accountId);
      expect(key).toBe(accountRef);
      expect(event).toMatchObject({ sourceFormat: c.format, accountRef, amount: stated.amount, currency: stated.currency, creditDebit: stated.creditDebit, status: stated.status, bookingDate: stated.bookingDate });
      // The account number itself never leaves ingestion.
      expect(JSON.stringify(event)).not.toContain(stated.accountId.replace(/\s+/g, ''));
    });

    if (balances.length > 0) {
      const stated = (await published(t.topic(Topics.balanceReported.name), feedId, balances.length)).map((m) => JSON.parse(m.value!.toString()) as BalanceReportedV1);
      expect(stated).toHaveLength(balances.length);
      expect(stated.map((b) => `${b.balanceType} ${b.creditDebit} ${b.amount} ${b.currency} ${b.asOfDate}`).sort()).toEqual(
        balances.map((b) => `${b.balanceType} ${b.creditDebit} ${b.amount} ${b.currency} ${b.asOfDate}`).sort(),
      );
    }
  });

  const CAMT053 = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08';
  it.each([
    [
      'an external entity (XXE)',
      `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="${CAMT053}"><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>`,
      'xml-dtd-forbidden',
    ],
    [
      'an entity-expansion bomb',
      `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Document xmlns="${CAMT053}"><BkToCstmrStmt>&b;</BkToCstmrStmt></Document>`,
      'xml-dtd-forbidden',
    ],
    ['malformed XML', `<?xml version="1.0"?>\n<Document xmlns="${CAMT053}">\n<BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr><Stmt Id=unquoted>\n</Document>`, 'malformed-xml'],
    ['a truncated camt file', `<?xml version="1.0"?>\n<Document xmlns="${CAMT053}">\n<BkToCstmrStmt><Stmt><Id>S1</Id>`, 'truncated-file'],
  ])('refuses %s with an RFC 9457 problem naming the reason; no feed is created', async (_label, xml, reason) => {
    const response = await t.push(bank, Buffer.from(xml), { contentType: 'application/xml' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ reason, status: 400 });
    expect(response.body.location ?? {}).toEqual(expect.any(Object));
    if (reason === 'malformed-xml') expect(response.body.location).toMatchObject({ line: expect.any(Number) });
    expect(response.body.feedId).toBeUndefined();
  });
});
