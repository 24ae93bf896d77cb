import { FeedStructureError } from '../feed-parser';
import { balancesOf, entriesOf, errorsOf, fixture, parseAll, parseError, statementsOf } from '../xml/feed-test-helpers';
import { ofxParser } from './ofx.parser';

const file = (name: string) => fixture(__dirname, name);
const cents = (entries: { amount: string; creditDebit: string }[]) =>
  entries.reduce((sum, e) => {
    const [whole, fraction = ''] = e.amount.split('.');
    return sum + (e.creditDebit === 'CRDT' ? 1n : -1n) * BigInt(whole + fraction.padEnd(2, '0'));
  }, 0n);

describe('OFX files from asgrim/ofxparser', () => {
  it('ofxdata-xml.ofx (2.0 XML): a savings statement, cheque number, both balances with their zone', async () => {
    const items = await parseAll(ofxParser, file('asgrim__ofxdata-xml.ofx'), 100);
    expect(statementsOf(items)).toEqual([{ kind: 'statement', accountId: '098-121', currency: 'USD', location: { line: 26, element: 'OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS' } }]);
    expect(entriesOf(items)).toEqual([
      {
        accountId: '098-121',
        amount: '200.00',
        currency: 'USD',
        creditDebit: 'CRDT',
        status: 'booked',
        bookingDate: '2007-03-15',
        bankEntryId: '980315001',
        description: 'automatic deposit',
        counterparty: { name: 'DEPOSIT' },
        references: { accountServicerRef: '980315001', transactionCode: 'ofx:CREDIT' },
      },
      expect.objectContaining({ amount: '150.00', creditDebit: 'CRDT', bookingDate: '2007-03-29', bankEntryId: '980310001', description: 'Transfer from checking' }),
      expect.objectContaining({ amount: '100.00', creditDebit: 'DBIT', bookingDate: '2007-07-09', references: { accountServicerRef: '980309001', chequeNumber: '1025', transactionCode: 'ofx:CHECK' } }),
    ]);
    expect(balancesOf(items)).toEqual([
      { accountId: '098-121', balanceType: 'closing-booked', amount: '5250.00', currency: 'USD', creditDebit: 'CRDT', asOfDate: '2007-10-15', asOfDateTime: '2007-10-15T02:15:29.000-08:00' },
      { accountId: '098-121', balanceType: 'closing-available', amount: '5250.00', currency: 'USD', creditDebit: 'CRDT', asOfDate: '2007-10-15', asOfDateTime: '2007-10-15T02:15:29.000-08:00' },
    ]);
  });

  it('ofx-multiple-accounts-xml.ofx: three STMTTRNRS, each its own statement', async () => {
    const items = await parseAll(ofxParser, file('asgrim__ofx-multiple-accounts-xml.ofx'));
    expect(items.map((i) => (i.kind === 'statement' ? `S:${i.accountId}` : i.kind))).toEqual([
      'S:54658222458596', 'balance',
      'S:546582659855', 'entry', 'entry', 'balance',
      'S:21252344525548', 'entry', 'balance',
    ]);
    expect(entriesOf(items).map((e) => [e.accountId, e.amount, e.creditDebit, e.occurredAt, e.bankEntryId])).toEqual([
      ['546582659855', '3.98', 'DBIT', '2014-07-17T00:00:00-05:00', '+201407170000001'],
      ['546582659855', '500.00', 'CRDT', '2014-07-16T00:00:00-05:00', '+201407160000004'],
      ['21252344525548', '18.70', 'CRDT', '2014-07-01T00:00:00-05:00', '+201405010000001'],
    ]);
    expect(balancesOf(items).map((b) => [b.accountId, b.amount])).toEqual([
      ['54658222458596', '43.01'],
      ['546582659855', '3000.25'],
      ['21252344525548', '11728.56'],
    ]);
  });

  it('ofxdata-bb-two-stmtrs.ofx: two STMTRS in one STMTTRNRS, windows-1252 text, trailing blanks, mixed closed leaves', async () => {
    const items = await parseAll(ofxParser, file('asgrim__ofxdata-bb-two-stmtrs.ofx'), 256);
    expect(statementsOf(items).map((s) => [s.accountId, s.currency, s.location.element])).toEqual([
      ['455000-5', 'BRL', 'OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS'],
      ['655000-2', 'BRL', 'OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS[2]'],
    ]);
    const entries = entriesOf(items);
    expect(entries.every((e) => e.accountId === '655000-2')).toBe(true);
    expect(entries[0]).toEqual({
      accountId: '655000-2',
      amount: '13318.36',
      currency: 'BRL',
      creditDebit: 'CRDT',
      status: 'booked',
      bookingDate: '2017-03-01',
      bankEntryId: '2017030101331836',
      description: 'TED-CRÉDITO EM CONTA',
      references: { accountServicerRef: '2017030101331836', chequeNumber: '5322222', transactionCode: 'ofx:DEP' },
    });
    expect(entries.find((e) => e.creditDebit === 'DBIT')).toMatchObject({ amount: '92.16', description: 'SEGURO VIDA EMPRESA FLEX', references: { transactionCode: 'ofx:DEBIT' } });
    expect(balancesOf(items).map((b) => [b.accountId, b.amount])).toEqual([
      ['455000-5', '0.00'],
      ['655000-2', expect.stringMatching(/^\d+\.\d{2}$/)],
    ]);
    expect(errorsOf(items)).toEqual([]);
  });

  it('ofxdata-memoWithAmpersand.ofx: a bare & stays, the credit-card statement signs and its negative balance', async () => {
    const items = await parseAll(ofxParser, file('asgrim__ofxdata-memoWithAmpersand.ofx'), 50);
    const entries = entriesOf(items);
    expect(entries).toHaveLength(16);
    expect(entries[0]).toMatchObject({ amount: '33.3', creditDebit: 'DBIT', description: 'Amazon.Com.Br Amazon & Cloud 3/3', occurredAt: '2018-09-13T00:00:00-03:00', bookingDate: '2018-09-13' });
    expect(entries[4].description).toBe('IOF de "Leupay.Eu" & Whoelse');
    expect(entries.filter((e) => e.creditDebit === 'CRDT').map((e) => e.amount)).toEqual(['600', '127.87', '400']);
    expect(cents(entries)).toBe(112787n - 73405n); // 1127.87 of payments − 734.05 of charges (= the ledger balance)
    expect(balancesOf(items)).toEqual([expect.objectContaining({ balanceType: 'closing-booked', amount: '734.05', creditDebit: 'DBIT', asOfDate: '2018-10-13', asOfDateTime: '2018-10-13T00:00:00-03:00' })]);
  });

  it('ofxdata-credit-card.ofx: POS purchase as a merchant, opposite-signed ledger and available balances', async () => {
    const items = await parseAll(ofxParser, file('asgrim__ofxdata-credit-card.ofx'));
    expect(entriesOf(items)).toEqual([
      {
        accountId: '1234567891234567',
        amount: '100.00',
        currency: 'GBP',
        creditDebit: 'DBIT',
        status: 'booked',
        bookingDate: '2016-08-23',
        bankEntryId: 'ABCDEFGHIJ',
        description: 'VENDOR',
        merchant: { name: 'VENDOR' },
        counterparty: { name: 'VENDOR' },
        references: { accountServicerRef: 'ABCDEFGHIJ', transactionCode: 'ofx:POS' },
      },
    ]);
    expect(balancesOf(items).map((b) => [b.balanceType, b.amount, b.creditDebit])).toEqual([
      ['closing-booked', '500.00', 'DBIT'],
      ['closing-available', '500.00', 'CRDT'],
    ]);
  });

  it('ofxdata-bpbfc.ofx and ofxdata-cmfr.ofx: closed leaves inside BANKACCTFROM; many entries read byte by byte', async () => {
    const cmfr = await parseAll(ofxParser, file('asgrim__ofxdata-bpbfc.ofx'));
    expect(statementsOf(cmfr)[0]).toMatchObject({ accountId: 'XXXXXXXXXXX', currency: 'EUR' });
    expect(entriesOf(cmfr).map((e) => [e.amount, e.references?.chequeNumber])).toEqual([
      ['13.50', '5IIWR0X'],
      ['6.00', '5GVDFOZ'],
      ['8.50', '5F7TWZ9'],
      ['5.50', '5DKAKG4'],
      ['10.00', '56Y5FVZ'],
      ['9.99', '56YPG4O'],
    ]);
    const bpbfc = await parseAll(ofxParser, file('asgrim__ofxdata-cmfr.ofx'), 1);
    expect(entriesOf(bpbfc).length).toBeGreaterThan(30);
    expect(errorsOf(bpbfc)).toEqual([]);
    expect(balancesOf(bpbfc).map((b) => [b.balanceType, b.amount])).toEqual([
      ['closing-booked', '10000.00'],
      ['closing-available', '0.00'],
    ]);
  });
});

describe('hand-made OFX files', () => {
  it('QFX 1.0.2: entities, "," decimals, FX both ways, pending, a bank and a card statement in one file', async () => {
    const items = await parseAll(ofxParser, file('handmade__qfx102_bank_and_card.qfx'), 37);
    expect(items.map((i) => i.kind)).toEqual([
      'statement', 'entry', 'entry', 'entry', 'entry', 'entry-error', 'balance', 'balance', 'entry',
      'statement', 'entry', 'entry', 'balance',
    ]);
    const [pos, check, wire, online, pendingPos, ccDebit, ccCredit] = entriesOf(items);
    expect(pos).toEqual({
      accountId: '0123456789',
      amount: '1234.56',
      currency: 'USD',
      creditDebit: 'DBIT',
      status: 'booked',
      bookingDate: '2026-03-01',
      occurredAt: '2026-02-28T19:30:00.000-05:00',
      bankEntryId: 'FIT-0001',
      description: 'Card 1234 <contactless>',
      merchant: { name: "Joe's Diner & Bar", mcc: '5812' },
      counterparty: { name: "Joe's Diner & Bar" },
      references: { accountServicerRef: 'FIT-0001', transactionCode: 'ofx:POS' },
    });
    expect(check).toMatchObject({ amount: '100.00', valueDate: '2026-03-03', description: 'City Water', counterparty: { name: 'City Water' }, references: { chequeNumber: '1025' } });
    // CURRENCY: the stated 108,34 EUR booked as 108.34 × 1.0834 = 117.375556 → 117.38 USD.
    expect(wire).toMatchObject({ amount: '117.38', currency: 'USD', creditDebit: 'CRDT', fx: { originalAmount: '108.34', originalCurrency: 'EUR', exchangeRate: '1.0834' } });
    // ORIGCURRENCY: booked 54.17 USD, originally 54.17 ÷ 1.0834 = 50.00 EUR.
    expect(online).toMatchObject({ amount: '54.17', currency: 'USD', fx: { originalAmount: '50.00', originalCurrency: 'EUR', exchangeRate: '1.0834' }, counterparty: { name: 'Online shop', accountId: '987654321' } });
    expect(errorsOf(items)).toEqual([
      {
        kind: 'entry-error',
        reason: 'invalid-date',
        detail: expect.stringContaining('20260230'),
        location: { line: expect.any(Number), element: 'OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN[5]/DTPOSTED' },
      },
    ]);
    expect(pendingPos).toEqual({
      accountId: '0123456789',
      amount: '65.43',
      currency: 'USD',
      creditDebit: 'DBIT',
      status: 'pending',
      bookingDate: '2026-03-02',
      occurredAt: '2026-03-02T10:15:00-05:00',
      description: 'Gas Station 42',
      merchant: { name: 'Gas Station 42' },
      counterparty: { name: 'Gas Station 42' },
      references: { transactionCode: 'ofx:POS' },
    });
    expect(balancesOf(items).map((b) => [b.accountId, b.balanceType, b.amount, b.creditDebit, b.asOfDateTime])).toEqual([
      ['0123456789', 'closing-booked', '8765.43', 'CRDT', '2026-03-02T12:00:00-05:00'],
      ['0123456789', 'closing-available', '8700.00', 'CRDT', undefined],
      ['4111111111111111', 'closing-booked', '1520.01', 'DBIT', undefined],
    ]);
    expect(ccDebit).toMatchObject({ amount: '19.99', creditDebit: 'DBIT', merchant: { name: 'STREAMING SERVICE' }, card: { pan: '4111111111111111', last4: '1111' } });
    expect(ccCredit).toMatchObject({ amount: '250.00', creditDebit: 'CRDT', card: { last4: '1111' } });
    expect(ccCredit.merchant).toBeUndefined();
  });

  it('OFX 2.2 XML credit card: an account id that is no PAN is not a card; zones and entities', async () => {
    const items = await parseAll(ofxParser, file('handmade__ofx220_xml_credit_card.ofx'), 64);
    const [entry] = entriesOf(items);
    expect(entry).toMatchObject({ accountId: 'CARD-ACCOUNT-77', amount: '12.30', currency: 'EUR', occurredAt: '2026-03-01T08:30:00+01:00', counterparty: { name: 'Café Zürich & Co' }, description: 'Kartenzahlung' });
    expect(entry.card).toBeUndefined();
    expect(balancesOf(items).map((b) => [b.amount, b.creditDebit, b.asOfDateTime])).toEqual([
      ['312.30', 'DBIT', '2026-03-02T00:00:00+01:00'],
      ['4687.70', 'CRDT', undefined],
    ]);
  });
});

describe('broken and hostile OFX', () => {
  const header = 'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n';
  const refusal = async (text: string | Buffer) => {
    const error = await parseError(ofxParser, text);
    expect(error).toBeInstanceOf(FeedStructureError);
    return error as FeedStructureError;
  };

  it('truncated SGML names where it ends', async () => {
    const whole = file('asgrim__ofxdata-credit-card.ofx');
    const error = await refusal(whole.subarray(0, whole.indexOf('<FITID>') + 4));
    expect(error).toMatchObject({ reason: 'truncated-file', location: { element: 'OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS/BANKTRANLIST/STMTTRN/TRNAMT' } });
    expect((await refusal(whole.subarray(0, whole.indexOf('</OFX>')))).reason).toBe('truncated-file');
  });

  it('truncated and malformed OFX 2.x XML', async () => {
    const whole = file('asgrim__ofxdata-xml.ofx');
    await expect(refusal(whole.subarray(0, 1500))).resolves.toMatchObject({ reason: 'truncated-file' });
    await expect(refusal(whole.toString().replace('</NAME>', '</NAM>'))).resolves.toMatchObject({ reason: 'malformed-xml' });
  });

  it('OFX 2.x is held to XML rules: leaves closed, only XML entities; CDATA is text', async () => {
    const xml = (body: string) => `<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="211"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM><BANKTRANLIST>${body}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const trn = (memo: string) => `<STMTTRN><TRNAMT>-1.00</TRNAMT><DTPOSTED>20260301</DTPOSTED><FITID>F</FITID><MEMO>${memo}</MEMO></STMTTRN>`;
    await expect(refusal(xml(trn('Fish & Chips')))).resolves.toMatchObject({ reason: 'malformed-xml', location: { element: expect.stringContaining('STMTTRN/MEMO') } });
    await expect(refusal(xml(trn('&nbsp;')))).resolves.toMatchObject({ reason: 'malformed-xml' });
    await expect(refusal(xml('<STMTTRN><TRNAMT>-1.00<DTPOSTED>20260301</DTPOSTED></STMTTRN>'))).resolves.toMatchObject({ reason: 'malformed-xml', detail: '</STMTTRN> does not close <TRNAMT>' });
    const items = await parseAll(ofxParser, xml(trn('<![CDATA[Fish & Chips <to go>]]>')), 7);
    expect(entriesOf(items)[0].description).toBe('Fish & Chips <to go>');
    expect(entriesOf(await parseAll(ofxParser, xml(trn('Fish &amp; Chips &#8364;5')))).map((e) => e.description)).toEqual(['Fish & Chips €5']);
  });

  it('malformed SGML: a closing tag for nothing open, a broken tag, text outside OFX', async () => {
    await expect(refusal(`${header}<OFX><BANKMSGSRSV1></STMTRS></OFX>`)).resolves.toMatchObject({ reason: 'malformed-sgml', location: { line: 11, element: 'OFX/BANKMSGSRSV1' } });
    await expect(refusal(`${header}<OFX><1BAD></OFX>`)).resolves.toMatchObject({ reason: 'malformed-sgml' });
    await expect(refusal(`${header}<OFX></OFX>garbage`)).resolves.toMatchObject({ reason: 'malformed-sgml' });
  });

  it('a DOCTYPE in SGML is refused; deep nesting and huge values are bounded', async () => {
    await expect(refusal(`${header}<!DOCTYPE OFX SYSTEM "file:///etc/passwd"><OFX></OFX>`)).resolves.toMatchObject({ reason: 'xml-dtd-forbidden' });
    await expect(refusal(`${header}<OFX>${'<A>'.repeat(1000)}</OFX>`)).resolves.toMatchObject({ reason: 'malformed-sgml', detail: expect.stringContaining('deeper') });
    await expect(refusal(`${header}<OFX><MEMO>${'x'.repeat(200_000)}</OFX>`)).resolves.toMatchObject({ reason: 'malformed-sgml', detail: expect.stringContaining('longer') });
    await expect(refusal(`${header}<OFX><${'A'.repeat(100_000)}`)).resolves.toMatchObject({ reason: 'malformed-sgml' });
  });

  it('unknown headers, versions and encodings', async () => {
    await expect(refusal('{"not":"ofx"}')).resolves.toMatchObject({ reason: 'unknown-format' });
    await expect(refusal(header.replace('VERSION:102', 'VERSION:999') + '<OFX></OFX>')).resolves.toMatchObject({ reason: 'unsupported-version' });
    await expect(refusal('<?xml version="1.0"?><?OFX OFXHEADER="300" VERSION="300"?><OFX/>')).resolves.toMatchObject({ reason: 'unsupported-version' });
    await expect(refusal(header.replace('CHARSET:1252', 'CHARSET:KOI8-R') + '<OFX></OFX>')).resolves.toMatchObject({ reason: 'invalid-encoding' });
    const utf8Header = header.replace('ENCODING:USASCII', 'ENCODING:UTF-8');
    await expect(refusal(Buffer.concat([Buffer.from(`${utf8Header}<OFX><X>`), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('</OFX>')]))).resolves.toMatchObject({ reason: 'invalid-encoding' });
    await expect(refusal(Buffer.from(`\ufeff${header}<OFX></OFX>`, 'utf16le'))).resolves.toMatchObject({ reason: 'invalid-encoding' });
    await expect(refusal('')).resolves.toMatchObject({ reason: 'truncated-file' });
  });

  it('a statement without an account is refused', async () => {
    const text = `${header}<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST><STMTTRN><TRNAMT>1<DTPOSTED>20260301</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    await expect(refusal(text)).resolves.toMatchObject({ reason: 'feed-invalid' });
  });

  it('entry-level problems: bad amount, unknown currency', async () => {
    const text = `${header}<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>XXX<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNAMT>1<DTPOSTED>20260301<FITID>A</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS>
<STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>2</BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNAMT>12.3.4<DTPOSTED>20260301<FITID>B</STMTTRN>
<STMTTRN><TRNAMT>-1e5<DTPOSTED>20260301<FITID>C</STMTTRN>
<STMTTRN><TRNAMT>1.005<DTPOSTED>20260301<FITID>D</STMTTRN>
<STMTTRN><TRNAMT>7<DTPOSTED>20260301<FITID>E</STMTTRN>
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const items = await parseAll(ofxParser, text);
    expect(errorsOf(items).map((e) => [e.reason, e.location.line])).toEqual([
      ['unknown-currency', 12],
      ['invalid-amount', 14],
      ['invalid-amount', 15],
      ['invalid-amount', 16],
    ]);
    expect(entriesOf(items).map((e) => [e.accountId, e.amount, e.bankEntryId])).toEqual([['2', '7', 'E']]);
  });
});
