import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DeadLetterHeaders, Topics } from '@kontor/contracts';
import { aKontorJsonFeed } from '@kontor/contracts/testing';
import { KontorJsonFeedParser } from '@kontor/feed-parsers';
import { tokenizeAccount } from '@kontor/privacy';
import { bankRequestHeaders } from '@kontor/request-signing';
import { collectAllMessages, collectMessages, eventually, headerValue } from '@kontor/testing';
import { LineFeedParser } from '../testing/line-feed-parser.test-support';
import { IngestionTestApp, startIngestionTestApp, TestBank } from '../testing/ingestion-test-app.test-support';

const PAN = '4111111111111111';
const OWN = 'DE89370400440532013000';
const OWN_RANGE_MEMBER = 'DE89370400449999999999';
const FOREIGN = 'GB29NWBK60161331926819';

/** A feed in the test line format (see LineFeedParser): two statements, the second one not adding up. */
const STATEMENTS = [
  '01,line-feed',
  `S|${OWN}|STMT-1`,
  'B|opening-booked|100.00|EUR|CRDT|2026-11-27',
  `E|${OWN}|10.00|EUR|DBIT|2026-11-28|coffee`,
  `E|${OWN}|0.10|EUR|CRDT|2026-11-28|interest`,
  'B|closing-booked|90.10|EUR|CRDT|2026-11-28',
  `S|${OWN_RANGE_MEMBER}|STMT-2`,
  'B|opening-booked|5.00|EUR|DBIT|2026-11-27',
  `E|${OWN_RANGE_MEMBER}|1.00|EUR|CRDT|2026-11-28`,
  'B|closing-booked|3.00|EUR|DBIT|2026-11-28',
].join('\n');

describe('feed pipeline: statements, balances, rejections, permissions (real PostgreSQL and Kafka)', () => {
  let t: IngestionTestApp;
  let bank: TestBank;
  let dataSource: DataSource;
  const bodies = (messages: { value: Buffer | null }[]) => messages.map((m) => JSON.parse(m.value!.toString()) as Record<string, unknown>);

  beforeAll(async () => {
    t = await startIngestionTestApp('ingestion_pipeline', {}, [new KontorJsonFeedParser(), new LineFeedParser('bai2'), new LineFeedParser('csv')]);
    bank = await t.registerBank('pipeline-bank', [OWN, 'DE8937040044*']);
    dataSource = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  it('checks every statement, publishes stated balances and entries keyed by account, and keeps it all on the feed', async () => {
    const response = await t.push(bank, STATEMENTS, { contentType: 'text/plain' });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ format: 'bai2', status: 'accepted', entryCount: 3, counts: { parsedEntries: 3, rejectedEntries: 0, balances: 4, statements: 2 } });
    expect(response.body.statements).toEqual([
      {
        accountMasked: 'DE89 •••• 3000',
        statementRef: 'STMT-1',
        location: { line: 2 },
        entryCount: 2,
        balanceCheck: 'consistent',
        currencies: [{ currency: 'EUR', result: 'consistent', openingMinor: '10000', entriesMinor: '-990', closingMinor: '9010', entryCount: 2 }],
      },
      {
        accountMasked: 'DE89 •••• 9999',
        statementRef: 'STMT-2',
        location: { line: 7 },
        entryCount: 1,
        balanceCheck: 'mismatch',
        currencies: [{ currency: 'EUR', result: 'mismatch', openingMinor: '-500', entriesMinor: '100', closingMinor: '-300', differenceMinor: '100', entryCount: 1 }],
      },
    ]);

    const feedId = response.body.feedId as string;
    const balances = bodies(await collectMessages(t.topic(Topics.balanceReported.name), 4)).filter((b) => b.feedId === feedId);
    // Two accounts are two keys, so two partitions: order holds per statement, not across them.
    const ofStatement = (ref: string) => balances.filter((b) => b.statementRef === ref).map((b) => [b.balanceType, b.amount, b.creditDebit]);
    expect(balances).toHaveLength(4);
    expect(ofStatement('STMT-1')).toEqual([
      ['opening-booked', '100.00', 'CRDT'],
      ['closing-booked', '90.10', 'CRDT'],
    ]);
    expect(ofStatement('STMT-2')).toEqual([
      ['opening-booked', '5.00', 'DBIT'],
      ['closing-booked', '3.00', 'DBIT'],
    ]);
    const entries = await collectMessages(t.topic(Topics.feedEntryReceived.name), 3);
    const ownRef = tokenizeAccount(t.config.KONTOR_TOKENIZATION_KEY, bank.bankId, OWN);
    expect(entries.filter((m) => m.key!.toString() === ownRef).map((m) => JSON.parse(m.value!.toString()).amount)).toEqual(['10.00', '0.10']);

    // Persisted: the status document reads the same later, and shows when everything is on Kafka.
    const status = await eventually(async () => {
      const got = await t.get(bank, `/v1/feeds/${feedId}`);
      return got.body.counts?.publishedEntries === 3 ? got : undefined;
    });
    expect(status.body.statements).toEqual(response.body.statements);
  });

  it('lists entry errors with reason and location, dead-letters them with the reason in headers, and lets valid entries through', async () => {
    const body = ['01,line-feed', `S|${OWN}|STMT-E`, `E|${OWN}|1.00|EUR|DBIT|2026-11-28|paid with card ${PAN}|${PAN}`, `X|invalid-amount|amount "1,00.0" for card ${PAN}`, `E|${OWN}|2.00|EURO|DBIT|2026-11-28`, `E|${OWN}|3.00|EUR|DBIT|2026-02-30`].join('\n');
    const response = await t.push(bank, body, { contentType: 'text/plain' });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'accepted-with-rejections', entryCount: 1, counts: { parsedEntries: 4, rejectedEntries: 3 } });
    expect(response.body.rejections.map((r: { entryIndex: number; reason: string; location: object }) => [r.entryIndex, r.reason, r.location])).toEqual([
      [1, 'invalid-amount', { line: 4 }],
      [2, 'unknown-currency', { line: 5 }],
      [3, 'invalid-date', { line: 6 }],
    ]);
    // A statement with a rejected entry cannot be checked, and says why.
    expect(response.body.statements[0]).toMatchObject({ balanceCheck: 'not-checkable', entryCount: 4 });

    const feedId = response.body.feedId as string;
    const letters = (await collectAllMessages(t.topic(Topics.deadLetterIngestion.name))).filter((m) => headerValue(m, 'kontor-dlt-feed-id') === feedId);
    expect(letters.map((m) => headerValue(m, DeadLetterHeaders.reasonCode))).toEqual(['invalid-amount', 'unknown-currency', 'invalid-date']);
    expect(headerValue(letters[0], DeadLetterHeaders.sourceTopic)).toBe('http:POST /v1/feeds');
    expect(headerValue(letters[0], DeadLetterHeaders.reason)).toContain('•••• 1111');
    expect(JSON.parse(letters[1].value!.toString())).toMatchObject({ feedId, entryIndex: 2, reason: 'unknown-currency', location: { line: 5 } });

    const published = (await collectAllMessages(t.topic(Topics.feedEntryReceived.name))).filter((m) => JSON.parse(m.value!.toString()).feedId === feedId);
    expect(published).toHaveLength(1);
    // No PAN leaves ingestion: not on any topic, not in any table.
    for (const m of [...letters, ...published]) {
      expect(m.value!.toString()).not.toContain(PAN);
      expect(JSON.stringify(m.headers)).not.toContain(PAN);
    }
    const tables = await dataSource.query(`SELECT (SELECT json_agg(r) FROM ingestion.feed_rejection r)::text AS a, (SELECT json_agg(f) FROM ingestion.feed f)::text AS b, (SELECT json_agg(o) FROM ingestion.outbox_event o)::text AS c`);
    expect(JSON.stringify(tables)).not.toContain(PAN);
  });

  it('rejects an entry without an account as missing-field, not as a permission matter', async () => {
    const response = await t.push(bank, ['01,line-feed', `E||1.00|EUR|DBIT|2026-11-28`, `E|${OWN}|1.00|EUR|DBIT|2026-11-28`].join('\n'), { contentType: 'text/plain' });
    expect(response.status).toBe(202);
    expect(response.body.rejections).toEqual([expect.objectContaining({ entryIndex: 0, reason: 'missing-field', location: { line: 2 } })]);
    expect(response.body.entryCount).toBe(1);
  });

  it('publishes nothing of a feed that turns out broken half-way, and stores nothing', async () => {
    const freshAccount = 'DE89370400441111111111';
    const body = ['01,line-feed', `S|${freshAccount}|STMT-B`, ...Array.from({ length: 1200 }, (_, i) => `E|${freshAccount}|${i}.00|EUR|CRDT|2026-11-28`), '!'].join('\n');
    const key = 'broken-half-way-0001';
    const response = await t.push(bank, body, { contentType: 'text/plain', idempotencyKey: key });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ reason: 'malformed-record', location: { line: 1203 } });
    expect(response.body.detail).toContain('Nothing from this feed was accepted');
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM ingestion.feed WHERE idempotency_key = $1`, [key]))[0].n).toBe(0);
    const ref = tokenizeAccount(t.config.KONTOR_TOKENIZATION_KEY, bank.bankId, freshAccount);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM ingestion.outbox_event WHERE message_key = $1`, [ref]))[0].n).toBe(0);
    const published = (await collectAllMessages(t.topic(Topics.feedEntryReceived.name))).filter((m) => m.key!.toString() === ref);
    expect(published).toHaveLength(0);
  });

  it('refuses a feed naming an account the bank may not report on (403), and publishes none of it', async () => {
    const key = 'foreign-account-0001';
    const body = JSON.stringify(aKontorJsonFeed({ accountId: OWN }, { accountId: FOREIGN }));
    const response = await t.push(bank, body, { idempotencyKey: key });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ reason: 'account-not-permitted', location: { element: 'entries[1]' } });
    expect(response.body.detail).toContain('GB29 •••• 6819');
    expect(response.body.detail).not.toContain(FOREIGN);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM ingestion.feed WHERE idempotency_key = $1`, [key]))[0].n).toBe(0);
    const ownRef = tokenizeAccount(t.config.KONTOR_TOKENIZATION_KEY, bank.bankId, OWN);
    const outbox = await dataSource.query(`SELECT count(*)::int AS n FROM ingestion.outbox_event WHERE payload->>'bankEntryId' = 'tx-0001' AND message_key = $1 AND headers->>'kontor-event-type' = $2 AND created_at > now() - interval '5 seconds'`, [ownRef, Topics.feedEntryReceived.name]);
    expect(outbox[0].n).toBe(0);

    // Another bank's accounts are not this bank's, even for a statement header.
    const other = await t.registerBank('other-bank', [FOREIGN]);
    expect((await t.push(other, JSON.stringify(aKontorJsonFeed({ accountId: FOREIGN })))).status).toBe(202);
    const statement = await t.push(other, ['01,line-feed', `S|${OWN}|STMT-X`].join('\n'), { contentType: 'text/plain' });
    expect(statement.status).toBe(403);
    expect(statement.body.location).toEqual({ line: 2 });
  });

  it('accepts a signature once: a replayed GET and a replay of a refused POST are refused', async () => {
    const created = await t.push(bank, JSON.stringify(aKontorJsonFeed({ entryId: 'replay-1' })));
    const path = `/v1/feeds/${created.body.feedId}`;
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await t.get(bank, path, timestamp)).status).toBe(200);
    const replayedGet = await t.get(bank, path, timestamp);
    expect(replayedGet.status).toBe(401);
    expect(replayedGet.body.reason).toBe('signature-replayed');

    const refusedBody = JSON.stringify(aKontorJsonFeed({ accountId: FOREIGN }));
    const parts = { method: 'POST', path: '/v1/feeds', timestamp, idempotencyKey: 'replayed-refusal-01', body: refusedBody };
    const send = () => request(t.app.getHttpServer()).post('/v1/feeds').set(bankRequestHeaders(bank, parts)).set('content-type', 'application/json').send(refusedBody);
    expect((await send()).body.reason).toBe('account-not-permitted');
    const again = await send();
    expect(again.status).toBe(401);
    expect(again.body.reason).toBe('signature-replayed');

    // The exact repeat of a stored feed changes nothing and is answered with that feed.
    const okBody = JSON.stringify(aKontorJsonFeed({ entryId: 'replay-2' }));
    const okParts = { method: 'POST', path: '/v1/feeds', timestamp, idempotencyKey: 'replayed-accepted-01', body: okBody };
    const sendOk = () => request(t.app.getHttpServer()).post('/v1/feeds').set(bankRequestHeaders(bank, okParts)).set('content-type', 'application/json').send(okBody);
    const first = await sendOk();
    const repeat = await sendOk();
    expect(repeat.status).toBe(202);
    expect(repeat.body).toMatchObject({ feedId: first.body.feedId, replayed: true });
  });

  it('refuses XML with a DTD, answers a recognised format without a parser with 415, and needs a CSV profile for CSV', async () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&b;</Document>';
    const dtd = await t.push(bank, bomb, { contentType: 'application/xml' });
    expect(dtd.status).toBe(400);
    expect(dtd.body).toMatchObject({ reason: 'xml-dtd-forbidden', location: { line: 2 } });

    const camt = await t.push(bank, '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>', { contentType: 'application/xml' });
    expect(camt.status).toBe(415);
    expect(camt.body).toMatchObject({ reason: 'format-not-supported', format: 'camt.053' });

    const csv = ['header', `E|${OWN}|1.00|EUR|DBIT|2026-11-28`].join('\n');
    const withoutProfile = await t.push(bank, csv, { contentType: 'text/csv' });
    expect(withoutProfile.status).toBe(422);
    expect(withoutProfile.body.reason).toBe('missing-csv-profile');
    await t.registry.setCsvProfile(bank.bankId, { delimiter: '|', header: true, dateFormat: 'YYYY-MM-DD', decimalSeparator: '.', columns: { bookingDate: 'date', amount: 'amount', currency: 'currency', accountId: 'account' } });
    const withProfile = await t.push(bank, csv, { contentType: 'text/csv; charset=utf-8' });
    expect(withProfile.status).toBe(202);
    expect(withProfile.body).toMatchObject({ format: 'csv', entryCount: 1 });
  });

  it('stops accepting a suspended bank at once', async () => {
    const suspended = await t.registerBank('suspended-bank');
    await t.registry.setStatus(suspended.bankId, 'suspended');
    const response = await t.push(suspended, JSON.stringify(aKontorJsonFeed()));
    expect(response.status).toBe(401);
    expect(response.body.reason).toBe('signature-invalid');
  });

  it('serves exactly the committed OpenAPI document', async () => {
    const committed = readFileSync(join(__dirname, '../../openapi.yaml'), 'utf8');
    const yaml = await request(t.app.getHttpServer()).get('/openapi.yaml');
    expect(yaml.status).toBe(200);
    expect(yaml.text).toBe(committed);
    const json = await request(t.app.getHttpServer()).get('/openapi.json');
    expect(json.body).toEqual((await import('yaml')).parse(committed));
  });
});
