import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeedItem, FeedStructureError, StatementBalance, StatementEntry } from '../feed-parser';
import { collectFeedItems } from '../text';
import { mt940Parser, mt942Parser } from './mt940.parser';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));
const entries = (items: FeedItem[]): StatementEntry[] => items.flatMap((item) => (item.kind === 'entry' ? [item.entry] : []));
const balances = (items: FeedItem[]): StatementBalance[] => items.flatMap((item) => (item.kind === 'balance' ? [item.balance] : []));
const signed = (entry: StatementEntry): string => `${entry.creditDebit === 'DBIT' ? '-' : '+'}${entry.amount}`;
const balanceSummary = (balance: StatementBalance): string => `${balance.balanceType} ${balance.creditDebit} ${balance.amount} ${balance.currency} ${balance.asOfDate}`;
const parse = (text: string, parser = mt940Parser): Promise<FeedItem[]> => collectFeedItems(parser, Buffer.from(text));
const structureError = (promise: Promise<unknown>): Promise<FeedStructureError> =>
  promise.then(
    () => {
      throw new Error('expected a FeedStructureError');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(FeedStructureError);
      return error as FeedStructureError;
    },
  );

describe('mt940Parser on real bank files', () => {
  it('reads the ABN AMRO export: two messages after bank preamble lines, :28: and :28C:, :60M:/:62M:', async () => {
    const items = await collectFeedItems(mt940Parser, fixture('wolph__jejik_abnamro.sta'));
    expect(items.filter((i) => i.kind === 'statement')).toEqual([
      { kind: 'statement', accountId: '517852257', statementRef: 'ABN AMRO BANK NV/19321/1', currency: 'EUR', location: { line: 4, element: ':20:' } },
      { kind: 'statement', accountId: '517852257', statementRef: 'ABN AMRO BANK NV/19322/1', currency: 'EUR', location: { line: 32, element: ':20:' } },
    ]);
    expect(entries(items).map(signed)).toEqual(['-9', '-11.59', '-11.63', '-11.8', '-13.45', '-15.49', '-107', '-141.48', '-9.49', '-15']);
    expect(balances(items).map(balanceSummary)).toEqual([
      'opening-booked CRDT 3236.28 EUR 2011-05-22',
      'closing-booked CRDT 876.84 EUR 2011-05-23',
      'opening-booked CRDT 2876.84 EUR 2011-05-23',
      'closing-booked CRDT 1849.75 EUR 2011-05-24',
    ]);
    const [first, second] = entries(items);
    expect(first).toEqual({
      accountId: '517852257',
      amount: '9',
      currency: 'EUR',
      creditDebit: 'DBIT',
      status: 'booked',
      bookingDate: '2011-05-24',
      valueDate: '2011-05-24',
      statementRef: 'ABN AMRO BANK NV/19321/1',
      references: { transactionCode: 'swift:N192' },
      description: 'GIRO 428428 KPN - DIGITENNE BETALINGSKENM. 000000042188659 5314606715 BETREFT FACTUUR D.D. 20-05-2011 INCL. 1,44 BTW',
    });
    // Value date 21 May, entry date 23 May.
    expect(second).toMatchObject({ valueDate: '2011-05-21', bookingDate: '2011-05-23', description: 'BEA NR:XXX1234 21.05.11/12.54 DIRCKIII FIL2500 KATWIJK,PAS999' });
  });

  it('reads the ING export: customer reference, multi-line :86:, :86: after the closing balance ignored', async () => {
    const items = await collectFeedItems(mt940Parser, fixture('wolph__jejik_ing.sta'));
    expect(entries(items).map(signed)).toEqual(['-25.03', '-3.03', '-1.11', '-20.00', '-1.10', '+3.68', '+1.00']);
    expect(balances(items).map(balanceSummary)).toEqual(['opening-booked CRDT 0.00 EUR 2010-07-22', 'closing-booked CRDT 3.47 EUR 2010-07-23']);
    expect(entries(items)[2].references).toEqual({ endToEndId: 'TMG TANGO', transactionCode: 'swift:NTRF' });
    expect(entries(items)[6]).toMatchObject({ bookingDate: '2010-07-23', description: '0111111111 Hr S Marechal ROSMALEN Hr S Marechal ROSMALEN Betaling transactiedatum: 22-07-2010' });
    expect(items.filter((i) => i.kind === 'entry-error')).toEqual([]);
  });

  it('reads the mBank export: funds code, bank reference after //, supplementary details, :64:', async () => {
    const items = await collectFeedItems(mt940Parser, fixture('wolph__mBank_mt940.sta'));
    expect(entries(items).map(signed)).toEqual(['+0.01', '+0.01', '+0.01']);
    expect(entries(items).map((e) => e.references?.accountServicerRef)).toEqual(['MB170119012058', 'MB170119012085', 'MB170119012121']);
    expect(entries(items)[0]).toMatchObject({ accountId: 'PL29114010810000267002001002', currency: 'PLN', bookingDate: '2017-01-19', statementRef: 'ST170119CYC/1/1/1' });
    expect(entries(items)[0].description).toContain('ID IPH: XX000000000001');
    expect(items.filter((i) => i.kind === 'entry-error')).toEqual([]);
    expect(balances(items).map(balanceSummary)).toEqual(['opening-booked CRDT 0.40 PLN 2017-01-19', 'closing-booked CRDT 0.43 PLN 2017-01-19', 'closing-available CRDT 0.43 PLN 2017-01-19']);
  });

  it('reads the Sberbank export: CRLF, non-standard :NS: fields skipped, funds code F of HUF', async () => {
    const items = await collectFeedItems(mt940Parser, fixture('wolph__sberbank_171011_01234945.sta'));
    expect(entries(items).map(signed)).toEqual(['-2402.00', '-3460.00', '-3575.00']);
    expect(entries(items)[0]).toMatchObject({ accountId: '1966315302010001', currency: 'HUF', bookingDate: '2017-10-11', references: { endToEndId: 'X', transactionCode: 'swift:S' } });
    expect(balances(items).map(balanceSummary)).toEqual([
      'opening-booked CRDT 627311.30 HUF 2017-10-11',
      'closing-booked CRDT 617874.30 HUF 2017-10-11',
      'closing-available CRDT 617874.30 HUF 2017-10-11',
    ]);
  });

  it('yields the same items whatever the chunk size', async () => {
    for (const name of ['wolph__jejik_abnamro.sta', 'wolph__jejik_ing.sta', 'wolph__sberbank_171011_01234945.sta', 'hand-made-dfue-swift-blocks.sta']) {
      const whole = await collectFeedItems(mt940Parser, fixture(name), undefined, 1 << 20);
      expect(await collectFeedItems(mt940Parser, fixture(name), undefined, 1)).toEqual(whole);
      expect(await collectFeedItems(mt940Parser, fixture(name), undefined, 13)).toEqual(whole);
    }
  });
});

describe('mt940Parser on the field 86 dialects', () => {
  it('reads SWIFT blocks and DFÜ/ZKA structured :86: with SEPA keywords, across New Year', async () => {
    const items = await collectFeedItems(mt940Parser, fixture('hand-made-dfue-swift-blocks.sta'));
    const [debit, credit, reversal, fee] = entries(items);
    expect(debit).toEqual({
      accountId: '10020030/0123456789',
      amount: '150.00',
      currency: 'EUR',
      creditDebit: 'DBIT',
      status: 'booked',
      valueDate: '2025-12-31',
      bookingDate: '2026-01-02',
      statementRef: 'STARTUMSE/00001/001',
      description: 'SEPA-BASIS-LASTSCHRIFT',
      remittanceInformation: 'Strom Dezember 2025 Kundennr 12345',
      counterparty: { name: 'Stadtwerke Musterstadt GmbH', accountId: 'DE02120300000000202051', bic: 'COBADEFFXXX' },
      references: { endToEndId: 'E2E-2025-12-31-001', mandateId: 'MANDATE-77', creditorId: 'DE98ZZZ09999999999', accountServicerRef: 'BANKREF-001', transactionCode: 'swift:NDDT' },
    });
    expect(credit).toMatchObject({ creditDebit: 'CRDT', amount: '2500.00', remittanceInformation: 'Gehalt Januar 2026', counterparty: { name: 'Arbeitgeber AG', bic: 'BYLADEMMXXX' } });
    expect(credit.references).toEqual({ accountServicerRef: 'BANKREF-002', transactionCode: 'swift:NTRF' });
    // RD: reversal of a debit, i.e. money back on the account.
    expect(reversal).toMatchObject({ creditDebit: 'CRDT', reversal: true, amount: '150.00', description: 'RUECKLASTSCHRIFT' });
    // Second message: :25: IBAN with currency suffix, entry date 31 Dec for value date 1 Jan.
    expect(fee).toMatchObject({ accountId: 'DE89370400440532013000', valueDate: '2026-01-01', bookingDate: '2025-12-31', description: 'ENTGELT', remittanceInformation: 'Kontofuehrung Dezember' });
    expect(balances(items).map(balanceSummary)).toEqual([
      'opening-booked CRDT 1000.00 EUR 2025-12-30',
      'closing-booked CRDT 3500.00 EUR 2026-01-02',
      'closing-available CRDT 3400.00 EUR 2026-01-02',
      'forward-available CRDT 3400.00 EUR 2026-01-05',
      'opening-booked CRDT 500.00 EUR 2025-12-31',
      'closing-booked CRDT 490.00 EUR 2026-01-01',
    ]);
  });

  it('reads ABN AMRO slash tags', async () => {
    const [transfer, collection] = entries(await collectFeedItems(mt940Parser, fixture('hand-made-abnamro-structured.sta')));
    expect(transfer).toMatchObject({
      description: 'SEPA OVERBOEKING',
      remittanceInformation: 'Factuur 2026-001 huur januari',
      counterparty: { name: 'JAN JANSEN', accountId: 'NL44RABO0123456789', bic: 'RABONL2U' },
      references: { endToEndId: 'E2E-ABN-0001', transactionCode: 'swift:N658' },
    });
    expect(collection).toMatchObject({
      creditDebit: 'CRDT',
      counterparty: { name: 'Energie BV', accountId: 'NL02ABNA0123456789', bic: 'ABNANL2A' },
      references: { mandateId: 'MANDAAT-123', creditorId: 'NL71ABNA0000000001' },
    });
    expect(collection.references?.endToEndId).toBeUndefined();
  });

  it('reads ING slash tags: /EREF//, /CNTP/ positions, /REMI/USTD// and /REMI/STRD/CUR/', async () => {
    const [credit, debit] = entries(await collectFeedItems(mt940Parser, fixture('hand-made-ing-structured.sta')));
    expect(credit).toMatchObject({
      accountId: 'NL69INGB0123456789',
      remittanceInformation: 'Factuur 123 januari',
      counterparty: { name: 'ING BANK NV INZAKE WEB', accountId: 'NL32INGB0000012345', bic: 'INGBNL2A' },
      references: { endToEndId: 'E2E-ING-42', accountServicerRef: '00000000001234' },
    });
    expect(debit).toMatchObject({ remittanceInformation: 'RF18539007547034', references: { mandateId: 'MANDATE-ING-9', creditorId: 'NL98ZZZ999999990000' } });
    // "EREF" in :61: only points at :86:, where the reference is NOTPROVIDED.
    expect(debit.references?.endToEndId).toBeUndefined();
  });

  it('reads SEPA keywords in a bare export that has no terminator', async () => {
    const items = await collectFeedItems(mt940Parser, fixture('hand-made-sepa-keywords-bare.sta'));
    expect(entries(items)).toEqual([
      {
        accountId: '50050201/0123456789',
        amount: '19.99',
        currency: 'EUR',
        creditDebit: 'DBIT',
        status: 'booked',
        bookingDate: '2026-01-05',
        valueDate: '2026-01-05',
        statementRef: 'STARTUMS/0',
        remittanceInformation: 'Monatsbeitrag Januar',
        counterparty: { accountId: 'DE02100100100006820101', bic: 'PBNKDEFFXXX' },
        references: { endToEndId: 'ZV2026010500001', mandateId: 'M-123456', creditorId: 'DE12ZZZ00000012345', transactionCode: 'swift:NDDT' },
      },
    ]);
  });
});

describe('mt942Parser', () => {
  it('reads an interim report: entries pending, floor limits and :13D:, :90D:/:90C: agree', async () => {
    const items = await collectFeedItems(mt942Parser, fixture('hand-made-mt942.sta'));
    expect(entries(items).map((e) => `${signed(e)} ${e.status} ${e.bookingDate}`)).toEqual(['+500.00 pending 2026-01-15', '-20.50 pending 2026-01-15']);
    expect(entries(items)[0]).toMatchObject({ references: { endToEndId: 'E2E-PEND-1', accountServicerRef: 'PEND-1' }, counterparty: { name: 'Klant BV' } });
    expect(balances(items)).toEqual([]);
    expect(items.filter((i) => i.kind === 'entry-error')).toEqual([]);
  });

  it('flags a :90C: sum that differs from the credits, keeping the entries', async () => {
    const text = fixture('hand-made-mt942.sta').toString().replace(':90C:1EUR500,00', ':90C:1EUR600,00');
    const items = await parse(text, mt942Parser);
    expect(entries(items)).toHaveLength(2);
    expect(items.filter((i) => i.kind === 'entry-error')).toEqual([
      { kind: 'entry-error', reason: 'invalid-entry', detail: ':90C: states 1 entries totalling 600.00 EUR, the message holds 1 totalling 500.00', location: { line: 13, element: ':90C:' } },
    ]);
  });

  it('reports a malformed :13D: as an entry error and refuses a repeated :90D:', async () => {
    const original = fixture('hand-made-mt942.sta').toString();
    const badTime = await parse(original.replace(':13D:2601151230+0100', ':13D:26011512'), mt942Parser);
    expect(badTime.filter((i) => i.kind === 'entry-error')).toMatchObject([{ reason: 'invalid-date', location: { element: ':13D:' } }]);
    expect(await structureError(parse(original.replace(':90D:1EUR20,50', ':90D:1EUR20,50\n:90D:1EUR20,50'), mt942Parser))).toMatchObject({ reason: 'malformed-record' });
  });

  it('takes the message type from the SWIFT application header', async () => {
    const items = await collectFeedItems(mt940Parser, fixture('hand-made-mt942.sta'));
    expect(entries(items).every((e) => e.status === 'pending')).toBe(true);
  });
});

const statement = (lines61: string, closing = ':62F:C260105EUR100,00'): string =>
  [':20:REF', ':25:DE89370400440532013000', ':28C:1/1', ':60F:C260101EUR100,00', lines61, closing, '-'].join('\n');

describe('mt940Parser on broken input', () => {
  it('turns a bad amount, an impossible date and a bad mark into entry errors, keeping the other entries', async () => {
    const items = await parse(
      statement([':61:2601050105D1.2.3NTRFNONREF', ':61:2602300230D1,00NTRFNONREF', ':61:2601050105X1,00NTRFNONREF', ':86:lost with its entry', ':61:2601050105C5,00NTRFNONREF', ':86:kept'].join('\n')),
    );
    expect(items.filter((i) => i.kind === 'entry-error').map((i) => i.kind === 'entry-error' && [i.reason, i.location.line])).toEqual([
      ['invalid-amount', 5],
      ['invalid-date', 6],
      ['invalid-entry', 7],
    ]);
    expect(entries(items).map((e) => `${signed(e)} ${e.description}`)).toEqual(['+5.00 kept']);
  });

  it('reports an unknown currency and an amount with too many decimals as entry errors', async () => {
    const unknown = await parse([':20:REF', ':25:123', ':60F:C260101XYZ1,00', ':61:260105C1,00NTRFNONREF', ':62F:C260105XYZ2,00'].join('\n'));
    expect(unknown.filter((i) => i.kind === 'entry-error').map((i) => i.kind === 'entry-error' && i.reason)).toEqual(['unknown-currency', 'unknown-currency', 'unknown-currency']);
    const decimals = await parse(statement(':61:260105C1,234NTRFNONREF'));
    expect(decimals.find((i) => i.kind === 'entry-error')).toMatchObject({ reason: 'invalid-amount', location: { line: 5, element: ':61:' } });
  });

  it('refuses a message cut off before its closing balance', async () => {
    const text = [':20:REF', ':25:123', ':60F:C260101EUR1,00', ':61:260105C1,00NTRFNONREF'].join('\n');
    expect(await structureError(parse(text))).toMatchObject({ reason: 'truncated-file', location: { line: 4, element: ':62F:' } });
  });

  it('refuses a file without :20:, and text that is not MT940', async () => {
    expect(await structureError(parse(':25:123\n:60F:C260101EUR1,00\n'))).toMatchObject({ reason: 'malformed-record', location: { line: 1, element: ':25:' } });
    expect(await structureError(parse(Array.from({ length: 40 }, (_, i) => `garbage line ${i}`).join('\n')))).toMatchObject({ reason: 'malformed-record', location: { line: 17 } });
    expect(await structureError(parse(''))).toMatchObject({ reason: 'malformed-record' });
  });

  it('refuses a :61: before any balance states the currency', async () => {
    expect(await structureError(parse([':20:REF', ':25:123', ':61:260105C1,00NTRFNONREF', ':62F:C260105EUR1,00'].join('\n')))).toMatchObject({ reason: 'malformed-record', location: { line: 3 } });
  });
});
