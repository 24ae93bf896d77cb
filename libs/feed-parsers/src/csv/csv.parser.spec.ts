import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvProfile, FeedItem, FeedStructureError, StatementEntry } from '../feed-parser';
import { collectFeedItems } from '../text';
import { CsvRecordReader, csvParser, parseProfileDate, parseSignedAmount } from './csv.parser';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));
const entries = (items: FeedItem[]): StatementEntry[] => items.flatMap((item) => (item.kind === 'entry' ? [item.entry] : []));
const structureError = async (promise: Promise<unknown>): Promise<FeedStructureError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedStructureError);
  return error as FeedStructureError;
};

/** The profile a bank would register for this export (stored beside the fixture; the ingestion tests use it too). */
const germanProfile = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'hand-made-german-bank-windows-1252.profile.json'), 'utf8')) as CsvProfile;

describe('csvParser', () => {
  it('reads a German export: windows-1252, preamble, quoted delimiters and line breaks, S/H marker, 1.234,56', async () => {
    const items = await collectFeedItems(csvParser, fixture('hand-made-german-bank-windows-1252.csv'), { csvProfile: germanProfile });
    expect(entries(items)).toEqual([
      {
        accountId: 'DE89370400440532013000',
        amount: '1234.56',
        currency: 'EUR',
        creditDebit: 'DBIT',
        status: 'booked',
        bookingDate: '2026-01-02',
        valueDate: '2026-01-02',
        description: 'Strom Januar; Kundennr. 12345',
        counterparty: { name: 'Stadtwerke Müllheim GmbH', accountId: 'DE02120300000000202051' },
      },
      {
        accountId: 'DE89370400440532013000',
        amount: '3500.00',
        currency: 'EUR',
        creditDebit: 'CRDT',
        status: 'booked',
        bookingDate: '2026-01-05',
        valueDate: '2026-01-06',
        description: 'Gehalt Januar',
        counterparty: { name: 'Arbeitgeber "Nord" AG', accountId: 'DE89370400440532013000' },
      },
      {
        accountId: 'DE89370400440532013000',
        amount: '4.20',
        currency: 'EUR',
        creditDebit: 'DBIT',
        status: 'pending',
        bookingDate: '2026-01-07',
        valueDate: '2026-01-07',
        description: 'Kartenzahlung Filiale 3',
        counterparty: { name: 'Bäckerei Schön' },
      },
    ]);
    expect(items.filter((i) => i.kind === 'entry-error')).toEqual([
      { kind: 'entry-error', reason: 'invalid-date', detail: 'booking date "31.02.2026" is not DD.MM.YYYY', location: { line: 10, element: 'Buchungstag' } },
      { kind: 'entry-error', reason: 'invalid-amount', detail: 'amount "12,3,4" is not a number with "," decimals', location: { line: 11, element: 'Betrag' } },
    ]);
  });

  it('reads split debit and credit columns with thousands separators, header names matched case-insensitively', async () => {
    const profile: CsvProfile = {
      delimiter: ',',
      header: true,
      dateFormat: 'MM/DD/YYYY',
      decimalSeparator: '.',
      thousandsSeparator: ',',
      columns: { bookingDate: 'date', description: 'Description', debitAmount: 'Debit', creditAmount: 'Credit', reference: 'Reference' },
      defaultCurrency: 'USD',
      defaultAccountId: '000123456789',
    };
    const items = await collectFeedItems(csvParser, fixture('hand-made-us-split-columns.csv'), { csvProfile: profile }, 7);
    expect(entries(items).map((e) => `${e.bookingDate} ${e.creditDebit} ${e.amount} ${e.description} ${e.references?.accountServicerRef}`)).toEqual([
      '2026-01-02 DBIT 54.99 AMAZON MKTPLACE, SEATTLE WA TXN-1001',
      '2026-01-03 CRDT 2500.00 PAYROLL ACME CORP TXN-1002',
      '2026-01-04 DBIT 1200.00 CHECK 1042 "RENT" TXN-1003',
      '2026-01-05 CRDT 12.50 REFUND TXN-1004',
    ]);
  });

  it('maps columns by index without a header; signed amounts in three notations; unknown currency is an entry error', async () => {
    const profile: CsvProfile = {
      delimiter: '|',
      header: false,
      dateFormat: 'YYYYMMDD',
      decimalSeparator: '.',
      columns: { bookingDate: 0, accountId: 1, amount: 2, currency: 3, description: 4 },
    };
    const items = await collectFeedItems(csvParser, fixture('hand-made-indexed-no-header.csv'), { csvProfile: profile });
    expect(entries(items).map((e) => `${e.accountId} ${e.creditDebit} ${e.amount}`)).toEqual(['ACC-001 DBIT 15.00', 'ACC-001 CRDT 200', 'ACC-002 DBIT 7.25']);
    expect(items.filter((i) => i.kind === 'entry-error')).toMatchObject([{ reason: 'unknown-currency', location: { line: 4 } }]);
  });

  it('reports a short row as a missing field', async () => {
    const profile: CsvProfile = { delimiter: ',', header: false, dateFormat: 'YYYY-MM-DD', decimalSeparator: '.', columns: { bookingDate: 0, amount: 1 }, defaultCurrency: 'EUR', defaultAccountId: 'A' };
    const items = await collectFeedItems(csvParser, Buffer.from('2026-01-01,5.00\n2026-01-02\n'), { csvProfile: profile });
    expect(items.map((i) => i.kind)).toEqual(['entry', 'entry-error']);
    expect(items[1]).toMatchObject({ reason: 'missing-field', location: { line: 2 } });
  });

  it('refuses a missing or unusable profile, a header without the mapped column, and an unclosed quote', async () => {
    expect(await structureError(collectFeedItems(csvParser, Buffer.from('a,b\n')))).toMatchObject({ reason: 'missing-csv-profile' });
    const noAmount = { ...germanProfile, columns: { bookingDate: 'Buchungstag' } };
    expect(await structureError(collectFeedItems(csvParser, Buffer.from('a\n'), { csvProfile: noAmount }))).toMatchObject({ reason: 'missing-csv-profile' });
    const wrongHeader = { ...germanProfile, skipLines: 0 };
    expect(await structureError(collectFeedItems(csvParser, fixture('hand-made-german-bank-windows-1252.csv'), { csvProfile: wrongHeader }))).toMatchObject({ reason: 'feed-invalid', location: { line: 1 } });
    const profile: CsvProfile = { delimiter: ',', header: false, dateFormat: 'YYYY-MM-DD', decimalSeparator: '.', columns: { bookingDate: 0, amount: 1 }, defaultCurrency: 'EUR', defaultAccountId: 'A' };
    expect(await structureError(collectFeedItems(csvParser, Buffer.from('2026-01-01,"5.00\n2026-01-02,1\n'), { csvProfile: profile }))).toMatchObject({ reason: 'truncated-file', location: { line: 1 } });
  });
});

describe('CsvRecordReader', () => {
  it('follows RFC 4180: quoted delimiters, doubled quotes, line breaks inside quotes, empty fields', () => {
    const reader = new CsvRecordReader(',', '"');
    expect(reader.push('a,"b,c","d ""e""",,f', 1)).toEqual({ fields: ['a', 'b,c', 'd "e"', '', 'f'], line: 1 });
    expect(reader.push('"multi', 2)).toBeUndefined();
    expect(reader.push('line",x', 3)).toEqual({ fields: ['multi\nline', 'x'], line: 2 });
    expect(reader.push('', 4)).toEqual({ fields: [''], line: 4 });
  });
});

describe('CSV value layouts', () => {
  it('reads each date layout and refuses impossible dates', () => {
    expect(parseProfileDate('29.02.2024', 'DD.MM.YYYY')).toBe('2024-02-29');
    expect(parseProfileDate('29.02.2025', 'DD.MM.YYYY')).toBeUndefined();
    expect(parseProfileDate('12/31/2025', 'MM/DD/YYYY')).toBe('2025-12-31');
    expect(parseProfileDate('31/12/2025', 'DD/MM/YYYY')).toBe('2025-12-31');
    expect(parseProfileDate('05.01.26', 'DD.MM.YY')).toBe('2026-01-05');
    expect(parseProfileDate('2026-01-05T10:00:00', 'YYYY-MM-DD')).toBe('2026-01-05');
    expect(parseProfileDate('20261301', 'YYYYMMDD')).toBeUndefined();
  });

  it('reads signs before, after and in parentheses', () => {
    const german = { decimalSeparator: ',' as const, thousandsSeparator: '.' as const };
    expect(parseSignedAmount('1.234,56-', german)).toEqual({ amount: '1234.56', negative: true });
    expect(parseSignedAmount('-0,50', german)).toEqual({ amount: '0.50', negative: true });
    expect(parseSignedAmount('(7,25)', german)).toEqual({ amount: '7.25', negative: true });
    expect(parseSignedAmount('+3', german)).toEqual({ amount: '3', negative: false });
    expect(parseSignedAmount('1,234.56', german)).toBeUndefined();
  });
});
