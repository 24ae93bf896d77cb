import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeedItem, FeedStructureError, StatementEntry } from '../feed-parser';
import { collectFeedItems } from '../text';
import { berlinGroupParser } from './berlin-group.parser';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));
const parse = (buffer: Buffer, accountId?: string, chunkSize?: number): Promise<FeedItem[]> => collectFeedItems(berlinGroupParser, buffer, accountId ? { accountId } : undefined, chunkSize);
const entries = (items: FeedItem[]): StatementEntry[] => items.flatMap((item) => (item.kind === 'entry' ? [item.entry] : []));
const balances = (items: FeedItem[]): string[] =>
  items.flatMap((item) => (item.kind === 'balance' ? [`${item.balance.balanceType} ${item.balance.creditDebit} ${item.balance.amount} ${item.balance.currency} ${item.balance.asOfDate}`] : []));
const structureError = async (promise: Promise<unknown>): Promise<FeedStructureError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedStructureError);
  return error as FeedStructureError;
};

describe('berlinGroupParser on the NextGenPSD2 1.3.11 examples', () => {
  it('reads booked and pending transactions of a regular account', async () => {
    const items = await parse(fixture('nextgenpsd2-1.3.11__transactionsExample1_RegularAccount_json.json'));
    expect(items[0]).toEqual({ kind: 'statement', accountId: 'DE2310010010123456788', location: { line: 7 } });
    expect(entries(items)).toEqual([
      {
        accountId: 'DE2310010010123456788',
        amount: '256.67',
        currency: 'EUR',
        creditDebit: 'CRDT',
        status: 'booked',
        bookingDate: '2017-10-25',
        valueDate: '2017-10-26',
        bankEntryId: '1234567',
        remittanceInformation: 'Example 1',
        counterparty: { name: 'John Miles', accountId: 'DE67100100101306118605' },
      },
      {
        accountId: 'DE2310010010123456788',
        amount: '343.01',
        currency: 'EUR',
        creditDebit: 'CRDT',
        status: 'booked',
        bookingDate: '2017-10-25',
        valueDate: '2017-10-26',
        bankEntryId: '1234568',
        remittanceInformation: 'Example 2',
        counterparty: { name: 'Paul Simpson', accountId: 'NL76RABO0359400371' },
      },
      {
        accountId: 'DE2310010010123456788',
        amount: '100.03',
        currency: 'EUR',
        creditDebit: 'DBIT',
        status: 'pending',
        // A pending entry has no booking date yet: its value date stands in.
        bookingDate: '2017-10-26',
        valueDate: '2017-10-26',
        bankEntryId: '1234569',
        remittanceInformation: 'Example 3',
        counterparty: { name: 'Claude Renault', accountId: 'FR7612345987650123456789014' },
      },
    ]);
  });

  it('reads a multicurrency account, each entry in its own currency', async () => {
    const items = await parse(fixture('nextgenpsd2-1.3.11__transactionsExample3_MulticurrencyAccount_json.json'));
    expect(entries(items).map((e) => `${e.creditDebit} ${e.amount} ${e.currency} ${e.status}`)).toEqual(['DBIT 256.67 EUR booked', 'CRDT 343.01 EUR booked', 'CRDT 100 USD booked', 'DBIT 100.03 EUR pending']);
  });

  it('skips standing orders ("information"): they are instructions, not movements', async () => {
    const items = await parse(fixture('nextgenpsd2-1.3.11__transactionsResponse200JsonExample.json'));
    expect(items).toEqual([{ kind: 'statement', accountId: 'DE2310010010123456788', location: { line: 7 } }]);
  });

  it('reads balance reports; "expected" as interim-available with its time', async () => {
    expect(balances(await parse(fixture('nextgenpsd2-1.3.11__balancesExample1_RegularAccount.json')))).toEqual([
      'closing-booked CRDT 500.00 EUR 2017-10-25',
      'interim-available CRDT 900.00 EUR 2017-10-25',
    ]);
    const items = await parse(fixture('nextgenpsd2-1.3.11__balancesExample1_RegularAccount.json'));
    expect(items[2]).toMatchObject({ balance: { asOfDateTime: '2017-10-25T15:30:35.035Z' } });
  });

  it('needs the account from the request when the report does not name it', async () => {
    const file = fixture('nextgenpsd2-1.3.11__balancesExample2_MulticurrencyAcount.json');
    expect(await structureError(parse(file))).toMatchObject({ reason: 'feed-invalid', location: { element: 'account' } });
    expect(balances(await parse(file, 'DE40100100103307118608'))).toEqual([
      'closing-booked CRDT 500.00 EUR 2017-10-25',
      'interim-available CRDT 900.00 EUR 2017-10-25',
      'closing-booked CRDT 350.00 USD 2017-10-25',
      'interim-available CRDT 350.00 USD 2017-10-24',
    ]);
  });

  it('reads a single transaction-details response with mandate and bank transaction code', async () => {
    const [entry] = entries(await parse(fixture('nextgenpsd2-1.3.11__transactionDetailsExample.json'), 'DE2310010010123456788'));
    expect(entry).toEqual({
      accountId: 'DE2310010010123456788',
      amount: '256.67',
      currency: 'EUR',
      creditDebit: 'DBIT',
      status: 'booked',
      bookingDate: '2017-10-25',
      valueDate: '2017-10-26',
      bankEntryId: '1234567',
      remittanceInformation: 'Example 1',
      counterparty: { name: 'John Miles', accountId: 'DE67100100101306118605' },
      references: { mandateId: 'Mandate-2018-04-20-1234', transactionCode: 'iso:PMNT-RDDT-ESDD' },
    });
  });

  it('reads a card account balance report; an undated balance is an entry error, nonInvoiced is skipped', async () => {
    const items = await parse(fixture('nextgenpsd2-1.3.11__balancesExample_CardAccount.json'));
    expect(items).toEqual([
      { kind: 'statement', accountId: '525412******3241', location: { line: 6 } },
      { kind: 'entry-error', reason: 'missing-field', detail: 'balance interimBooked states neither referenceDate nor lastChangeDateTime', location: { line: 9, element: 'balances[1]' } },
    ]);
  });
});

describe('berlinGroupParser on hand-made reports', () => {
  it('reads card transactions: merchant, masked card, original amount and rate, debit accounting', async () => {
    const items = await parse(fixture('hand-made-card-report.json'));
    expect(entries(items)[0]).toEqual({
      accountId: '492987******1234',
      amount: '45.90',
      currency: 'EUR',
      creditDebit: 'DBIT',
      status: 'booked',
      bookingDate: '2026-01-12',
      occurredAt: '2026-01-10T18:42:07+01:00',
      bankEntryId: 'CT-2026-0001',
      description: 'RESTAURANG GAMLA STAN',
      merchant: { name: 'RESTAURANG GAMLA STAN', mcc: '5812', city: 'Stockholm', country: 'SE' },
      card: { last4: '1234' },
      fx: { originalAmount: '525.00', originalCurrency: 'SEK', exchangeRate: '0.0873' },
      references: { transactionCode: 'prtry:bank:PURCHASE' },
    });
    expect(entries(items)[1]).toMatchObject({ status: 'pending', bookingDate: '2026-01-13', merchant: { name: 'CITY PARKING', mcc: '7523', city: 'Berlin', country: 'DE' } });
    // debitAccounting: a positive card balance is an amount owed.
    expect(balances(items)).toEqual(['interim-booked DBIT 1345.90 EUR 2026-01-13']);
  });

  it('reads every reference, the FX block and balances stated before the account; bad entries become entry errors', async () => {
    const items = await parse(fixture('hand-made-rich-transactions.json'), undefined, 5);
    expect(balances(items)).toEqual(['opening-booked CRDT 1000.00 EUR 2026-01-01', 'closing-booked DBIT 42.10 EUR 2026-01-31']);
    const [directDebit, incoming, pending] = entries(items);
    expect(directDebit).toEqual({
      accountId: 'DE89370400440532013000',
      amount: '1042.10',
      currency: 'EUR',
      creditDebit: 'DBIT',
      status: 'booked',
      bookingDate: '2026-01-05',
      valueDate: '2026-01-05',
      bankEntryId: 'TX-1',
      remittanceInformation: 'Strom Januar 2026 Kundennr 12345',
      counterparty: { name: 'Stadtwerke Musterstadt GmbH', accountId: 'DE02120300000000202051', bic: 'BYLADEM1001' },
      references: {
        endToEndId: 'E2E-LASTSCHRIFT-1',
        accountServicerRef: 'ENTRY-REF-1',
        mandateId: 'MANDATE-2026-01',
        creditorId: 'DE98ZZZ09999999999',
        transactionCode: 'iso:PMNT-RDDT-ESDD',
      },
    });
    expect(incoming).toMatchObject({
      creditDebit: 'CRDT',
      remittanceInformation: 'RF18539007547034',
      counterparty: { name: 'Acme Inc.', accountId: '0123456789' },
      fx: { originalAmount: '542.65', originalCurrency: 'USD', exchangeRate: '0.9214' },
    });
    expect(pending).toMatchObject({ status: 'pending', bookingDate: '2026-02-01', amount: '9.99', creditDebit: 'DBIT' });
    expect(items.filter((i) => i.kind === 'entry-error').map((i) => i.kind === 'entry-error' && `${i.reason} ${i.location.element}`)).toEqual([
      'invalid-amount transactions.booked[2]',
      'invalid-date transactions.booked[3]',
      'unknown-currency transactions.booked[4]',
    ]);
  });

  it('takes the dates from bookingDateTime/valueDateTime when only those are sent', async () => {
    const report = { account: { iban: 'DE89370400440532013000' }, transactions: { booked: [{ transactionAmount: { currency: 'EUR', amount: '-1.50' }, bookingDateTime: '2026-01-05T10:11:12Z', valueDateTime: '2026-01-06T00:00:00+01:00' }] } };
    expect(entries(await parse(Buffer.from(JSON.stringify(report))))[0]).toMatchObject({ bookingDate: '2026-01-05', valueDate: '2026-01-06', creditDebit: 'DBIT', amount: '1.50' });
  });

  it('yields the same items whatever the chunk size', async () => {
    for (const name of ['hand-made-rich-transactions.json', 'hand-made-card-report.json', 'nextgenpsd2-1.3.11__transactionsExample3_MulticurrencyAccount_json.json']) {
      expect(await parse(fixture(name), undefined, 1)).toEqual(await parse(fixture(name)));
    }
  });
});

describe('berlinGroupParser on broken input', () => {
  it.each([
    ['{"account": {"iban": "DE1"}, "transactions": {"booked": [', 'truncated-file'],
    ['{"account": {"iban": "DE1"},, }', 'malformed-json'],
    ['{"account": {"iban": "DE1"}} trailing', 'malformed-json'],
    ['', 'malformed-json'],
    ['[1, 2, 3]', 'feed-invalid'],
    ['{"transactions": {"booked": [{"transactionAmount": {"currency": "EUR", "amount": "1.00"}, "bookingDate": "2026-01-01"}]}}', 'feed-invalid'],
    ['{"account": {}}', 'feed-invalid'],
  ])('refuses %s', async (text, reason) => {
    expect(await structureError(parse(Buffer.from(text)))).toMatchObject({ reason });
  });

  it('refuses a body that is not UTF-8', async () => {
    expect(await structureError(parse(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])))).toMatchObject({ reason: 'invalid-encoding' });
  });

  it('refuses a transaction larger than the per-value bound instead of buffering it', async () => {
    const huge = `{"account":{"iban":"DE1"},"transactions":{"booked":[{"remittanceInformationUnstructured":"${'x'.repeat(1_100_000)}"}]}}`;
    expect(await structureError(parse(Buffer.from(huge)))).toMatchObject({ reason: 'malformed-json' });
  });
});
