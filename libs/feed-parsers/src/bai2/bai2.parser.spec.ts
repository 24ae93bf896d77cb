import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeedItem, FeedStructureError, StatementEntry } from '../feed-parser';
import { collectFeedItems } from '../text';
import { bai2Direction, bai2Parser } from './bai2.parser';

const fixture = readFileSync(join(__dirname, 'fixtures', 'hand-made-two-groups.bai2'), 'utf8');
const parse = (text: string, chunkSize?: number): Promise<FeedItem[]> => collectFeedItems(bai2Parser, Buffer.from(text), undefined, chunkSize);
const entries = (items: FeedItem[]): StatementEntry[] => items.flatMap((item) => (item.kind === 'entry' ? [item.entry] : []));
const structureError = async (promise: Promise<unknown>): Promise<FeedStructureError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedStructureError);
  return error as FeedStructureError;
};

describe('bai2Parser', () => {
  it('reads accounts, status balances and details with exact amounts in the currency exponent', async () => {
    const items = await parse(fixture);
    expect(items.filter((i) => i.kind === 'statement').map((i) => i.kind === 'statement' && `${i.accountId} ${i.currency} ${i.statementRef}`)).toEqual([
      '0975312468 USD 260115-1/1/1',
      '1234567890 USD 260115-1/1/2',
      'DE89370400440532013000 EUR 260115-1/2/1',
      'JP-ACCT-77 JPY 260115-1/2/2',
    ]);
    expect(items.flatMap((i) => (i.kind === 'balance' ? [`${i.balance.accountId} ${i.balance.balanceType} ${i.balance.creditDebit} ${i.balance.amount} ${i.balance.asOfDate}`] : []))).toEqual([
      '0975312468 opening-booked CRDT 15000.00 2026-01-14',
      '0975312468 closing-booked CRDT 17250.50 2026-01-14',
      '0975312468 opening-available CRDT 14000.00 2026-01-14',
      '0975312468 closing-available CRDT 16250.50 2026-01-14',
      '1234567890 opening-booked DBIT 250.00 2026-01-14',
      '1234567890 closing-booked DBIT 250.00 2026-01-14',
      'DE89370400440532013000 interim-available CRDT 9876.54 2026-01-15',
      'JP-ACCT-77 closing-booked CRDT 1200000 2026-01-15',
    ]);
    expect(entries(items).map((e) => `${e.creditDebit} ${e.amount} ${e.currency} ${e.status} ${e.references?.transactionCode}`)).toEqual([
      'CRDT 1500.00 USD booked bai2:165',
      'CRDT 1250.50 USD booked bai2:195',
      'DBIT 600.00 USD booked bai2:475',
      'DBIT 400.00 USD booked bai2:451',
      'CRDT 500.00 USD booked bai2:115',
      'CRDT 100.00 EUR pending bai2:399',
      'DBIT 25.00 EUR pending bai2:699',
      'CRDT 1200000 JPY pending bai2:142',
    ]);
    expect(items.filter((i) => i.kind === 'entry-error')).toEqual([]);
  });

  it('keeps references, value dates from funds type V and text continued in 88 records', async () => {
    const [payroll, wire, cheque, ach, lockbox] = entries(await parse(fixture));
    expect(payroll).toEqual({
      accountId: '0975312468',
      amount: '1500.00',
      currency: 'USD',
      creditDebit: 'CRDT',
      status: 'booked',
      bookingDate: '2026-01-14',
      statementRef: '260115-1/1/1',
      description: 'PAYROLL DEPOSIT ACME CORP',
      references: { accountServicerRef: '1234567890', endToEndId: 'ACH987654', transactionCode: 'bai2:165' },
    });
    expect(wire).toMatchObject({ valueDate: '2026-01-14', description: 'INCOMING WIRE FROM GLOBEX LLC, ORIG BANK JPMORGAN CHASE / NEW YORK', references: { accountServicerRef: 'FW20260114001', endToEndId: 'INV-2026-001' } });
    expect(cheque.references).toEqual({ accountServicerRef: '8800123', chequeNumber: '1042', transactionCode: 'bai2:475' });
    expect(ach).toMatchObject({ description: 'ACH DEBIT UTILITY CO', references: { accountServicerRef: 'ACH55512' } });
    expect(lockbox).toMatchObject({ description: 'LOCKBOX DEPOSIT', references: { accountServicerRef: 'LBX001' } });
  });

  it('yields the same items whatever the chunk size', async () => {
    expect(await parse(fixture, 1)).toEqual(await parse(fixture));
  });

  it('maps the type code ranges onto credit and debit', () => {
    expect([100, 165, 399, 400, 475, 699, 920, 960, 999].map(bai2Direction)).toEqual(['CRDT', 'CRDT', 'CRDT', 'DBIT', 'DBIT', 'DBIT', 'CRDT', 'DBIT', 'DBIT']);
    expect([10, 700, 890].map(bai2Direction)).toEqual([undefined, undefined, undefined]);
  });

  it('turns a bad detail into an entry error when it cannot affect the control totals', async () => {
    // A loan code (no direction) and an unknown funds type: the amounts still add up, so the file stands.
    const text = fixture.replace('16,399,10000,Z,REF-1,,MISC CREDIT', '16,755,10000,Z,REF-1,,LOAN').replace('16,142,1200000,0,JPREF', '16,142,1200000,Q,JPREF');
    const items = await parse(text);
    expect(items.filter((i) => i.kind === 'entry-error').map((i) => i.kind === 'entry-error' && [i.reason, i.location.line])).toEqual([
      ['invalid-entry', 17],
      ['invalid-entry', 22],
    ]);
    expect(entries(items)).toHaveLength(6);
  });

  it('flags an account control total that does not add up, and the group and file totals above it', async () => {
    const items = await parse(fixture.replace('16,475,60000,', '16,475,60001,'));
    expect(items.filter((i) => i.kind === 'entry-error').map((i) => i.kind === 'entry-error' && `${i.location.line} ${i.detail}`)).toEqual([
      '11 account 0975312468: control total 7100200 ≠ 7100201, the sum of its 03 and 16 amounts',
    ]);
    expect(entries(items)).toHaveLength(8);
    expect(entries(items)[2].amount).toBe('600.01');
  });

  it('flags wrong record counts (a lost record) on the trailers', async () => {
    const items = await parse(fixture.replace('16,115,50000,S,30000,20000,0,LBX001,,LOCKBOX DEPOSIT\n', '').replace('49,7100200,9/', '49,7050200,9/'));
    expect(items.filter((i) => i.kind === 'entry-error').map((i) => i.kind === 'entry-error' && i.detail)).toEqual([
      'account 0975312468: trailer states 9 records, there are 8',
      'group control total 7050200 ≠ 7000200, the sum of its account totals',
      'group: trailer states 13 records, there are 12',
      'file: trailer states 25 records, there are 24',
    ]);
  });

  it('reads a line break inside a 16 text and "88:" for "88,", with the trailers still agreeing', async () => {
    const text = fixture.replace('PAYROLL DEPOSIT ACME CORP', 'PAYROLL DEPOSIT\nACME CORP').replace('88,GLOBEX LLC', '88:GLOBEX LLC');
    const items = await parse(text);
    expect(items.filter((i) => i.kind === 'entry-error')).toEqual([]);
    expect(entries(items).map((e) => e.description).slice(0, 2)).toEqual(['PAYROLL DEPOSIT ACME CORP', 'INCOMING WIRE FROM GLOBEX LLC, ORIG BANK JPMORGAN CHASE / NEW YORK']);
  });

  it('reads records blocked several to a line and summaries continued mid-list', async () => {
    const blocked = fixture.split('\n').slice(0, 3).join('/   ').replace(/\/\/ {3}/g, '/   ') + '\n' + fixture.split('\n').slice(3).join('\n');
    const withoutLines = (items: FeedItem[]): unknown[] => items.map(({ location: _location, ...rest }) => rest);
    expect(withoutLines(await parse(blocked))).toEqual(withoutLines(await parse(fixture)));
    const split = fixture.replace('03,0975312468,USD,010,1500000,,,015,1725050,,,040,1400000,,,045,1625050,,/\n88,100,325050,3,,400,100000,2,/', '03,0975312468,USD,010,1500000,,,015,1725050,,,040/\n88,1400000,,,045,1625050,,,100,325050,3,,400,100000,2,/');
    expect(await parse(split)).toEqual(await parse(fixture));
  });

  it('refuses a truncated file, a record before 01 and an unknown record code', async () => {
    expect(await structureError(parse(fixture.split('\n').slice(0, 20).join('\n')))).toMatchObject({ reason: 'truncated-file', location: { element: '99' } });
    expect(await structureError(parse(`02,A,B,1,260101,0000,USD,2/\n${fixture}`))).toMatchObject({ reason: 'malformed-record', location: { line: 1 } });
    expect(await structureError(parse(fixture.replace('16,451,', '17,451,')))).toMatchObject({ reason: 'malformed-record', location: { line: 9 } });
    expect(await structureError(parse('hello world\n'))).toMatchObject({ reason: 'malformed-record' });
  });

  it('refuses an impossible group as-of-date and an unsupported version', async () => {
    expect(await structureError(parse(fixture.replace('1,260114,2400', '1,260230,2400')))).toMatchObject({ reason: 'malformed-record', location: { line: 2, element: '02' } });
    expect(await structureError(parse(fixture.replace(',80,10,2/', ',80,10,3/')))).toMatchObject({ reason: 'unsupported-version' });
  });
});
