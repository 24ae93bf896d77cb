import { FeedStructureError } from '../feed-parser';
import { balancesOf, entriesOf, errorsOf, fixture, parseAll, parseError, statementsOf } from '../xml/feed-test-helpers';
import { camt052Parser, camt053Parser, camt054Parser } from './camt.parser';

const file = (name: string) => fixture(__dirname, name);

/** Σ credits − Σ debits in cents, as exact integers (fixtures use 2-decimal currencies). */
const net = (entries: { amount: string; creditDebit: string }[]) =>
  entries.reduce((sum, e) => sum + (e.creditDebit === 'CRDT' ? 1n : -1n) * BigInt(e.amount.replace('.', '').padEnd(e.amount.includes('.') ? 0 : e.amount.length + 2, '0')), 0n);

describe('camt.053 from viafintech/camt_parser', () => {
  it('valid_example.xml: one statement, its balances, and a batch split into its two transactions', async () => {
    const items = await parseAll(camt053Parser, file('viafintech__camt053_valid_example.xml'), 512);
    expect(statementsOf(items)).toEqual([
      { kind: 'statement', accountId: 'DE14740618130000033626', statementRef: '0352C5320131227220503', currency: 'EUR', location: { line: 13, element: 'Document/BkToCstmrStmt/Stmt' } },
    ]);
    expect(balancesOf(items).map((b) => [b.balanceType, b.amount, b.currency, b.creditDebit, b.asOfDate])).toEqual([
      ['opening-booked', '33.06', 'EUR', 'CRDT', '2013-12-27'],
      ['closing-booked', '23.06', 'EUR', 'CRDT', '2013-12-27'],
    ]);
    const entries = entriesOf(items);
    expect(entries.map((e) => [e.amount, e.creditDebit, e.bankEntryId, e.batch])).toEqual([
      ['2.00', 'DBIT', '2013122710583450000', undefined],
      ['3.00', 'DBIT', '2013122710583600000', undefined],
      ['1.00', 'CRDT', '2013122711085260000', undefined],
      ['3.50', 'DBIT', '2013122711513230000/0', { batchRef: 'STZV-PmInf27122013-11:02-2', entryCount: 2, index: 0 }],
      ['2.50', 'DBIT', '2013122711513230000/1', { batchRef: 'STZV-PmInf27122013-11:02-2', entryCount: 2, index: 1 }],
    ]);
    expect(entries[0]).toEqual({
      accountId: 'DE14740618130000033626',
      amount: '2.00',
      currency: 'EUR',
      creditDebit: 'DBIT',
      status: 'booked',
      bookingDate: '2013-12-27',
      valueDate: '2013-12-27',
      bankEntryId: '2013122710583450000',
      statementRef: '0352C5320131227220503',
      description: 'AdditionalTransactionInformation',
      remittanceInformation: 'TEST BERWEISUNG MITTELS BLZUND KONTONUMMER - DTA',
      counterparty: { name: 'Testkonto Nummer 2', accountId: 'DE09300606010012345671', bic: 'DAAEDEDDXXX' },
      references: {
        endToEndId: 'EndToEndReference',
        accountServicerRef: 'BankReference',
        paymentInformationId: 'PaymentIdentification',
        mandateId: 'MandateReference',
        transactionCode: 'prtry:ZKA:NTRF+020',
      },
    });
    // The statement balances: 33.06 − 2.00 − 3.00 + 1.00 − 3.50 − 2.50 = 23.06.
    expect(net(entries)).toBe(2306n - 3306n);
    expect(errorsOf(items)).toEqual([]);
  });

  it('valid_example_v4.xml (001.04): 13 entries, the ESR collective credit split into its 10 parts', async () => {
    const items = await parseAll(camt053Parser, file('viafintech__camt053_valid_example_v4.xml'), 4096);
    const entries = entriesOf(items);
    expect(errorsOf(items)).toEqual([]);
    expect(balancesOf(items).map((b) => [b.balanceType, b.amount, b.asOfDate])).toEqual([
      ['opening-booked', '322152.16', '2016-04-29'],
      ['closing-booked', '322689.77', '2016-04-30'],
    ]);
    const batch = entries.filter((e) => e.batch?.batchRef === '010000004');
    expect(batch).toHaveLength(10);
    expect(batch.map((e) => e.batch?.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batch.every((e) => e.batch?.entryCount === 10 && e.creditDebit === 'CRDT')).toBe(true);
    expect(batch[5]).toMatchObject({
      amount: '200.00',
      bankEntryId: '160527CH00T3KXDV',
      remittanceInformation: '000000000002016030002463591',
      counterparty: { name: 'Bernasconi Maria', accountId: 'CH4444444444444444444', bic: 'POFICHBEXXX' },
      references: { transactionCode: 'iso:PMNT-RCDT-AUTT' },
    });
    const reversals = entries.filter((e) => e.reversal);
    expect(reversals.map((e) => [e.amount, e.creditDebit, e.bankEntryId])).toEqual([
      ['6.00', 'DBIT', '20160410375244000000000000000082'],
      ['15.53', 'DBIT', '20160410375244000000000000000072'],
    ]);
    expect(entries[0]).toMatchObject({ amount: '24.00', creditDebit: 'DBIT', references: { transactionCode: 'iso:ACMT-ADOP-CHRG' }, description: 'UEBRIGE: 25-9034-2 FÜR KONTOAUSZUG PAPIER TÄGLICH' });
  });

  it('valid_example_v8.xml (001.08): Sts/Cd, Dbtr/Pty/Nm, BICFI, the creditor reference and FX from the entry amounts', async () => {
    const items = await parseAll(camt053Parser, file('viafintech__camt053_valid_example_v8.xml'), 300);
    expect(balancesOf(items).map((b) => b.balanceType)).toEqual(['opening-booked', 'closing-booked', 'closing-available']);
    const entries = entriesOf(items);
    expect(entries.map((e) => [e.amount, e.currency, e.creditDebit, e.status])).toEqual([
      ['474.4', 'CHF', 'CRDT', 'booked'],
      ['88.85', 'CHF', 'CRDT', 'booked'],
      ['20.97', 'EUR', 'DBIT', 'booked'],
    ]);
    expect(entries[0]).toMatchObject({ counterparty: { name: 'Jon Doe', bic: 'UBSWCHZH80A' }, remittanceInformation: 'INVOICE R77561', references: { endToEndId: '80000004540000100095' } });
    expect(entries[1].remittanceInformation).toBe('RF38000000000000000000552');
    expect(entries[2].fx).toEqual({ originalAmount: '19.69', originalCurrency: 'CHF', exchangeRate: '0.9433' });
    expect(entries[2].counterparty).toEqual({ name: 'DHL Express (Schweiz) AG', accountId: 'CH2222222222222222222', bic: 'UBSWCHZH80A' });
  });

  it('valid_example_with_batch.xml: PRCD is not a second opening when OPBD is stated; a batch without details stays one entry', async () => {
    const items = await parseAll(camt053Parser, file('viafintech__camt053_valid_example_with_batch.xml'), 1000);
    expect(balancesOf(items).map((b) => [b.balanceType, b.asOfDate])).toEqual([
      ['opening-booked', '2019-01-01'],
      ['closing-booked', '2019-06-23'],
      ['closing-available', '2019-06-23'],
      ['forward-available', '2019-06-24'],
      ['forward-available', '2019-06-25'],
    ]);
    const [batch, credit] = entriesOf(items);
    expect(batch).toMatchObject({ amount: '4753.74', creditDebit: 'DBIT', batch: { batchRef: 'O0OpeAYTkhjerKu3eE9asw', entryCount: 3 } });
    expect(batch.batch?.index).toBeUndefined();
    expect(credit).toMatchObject({ amount: '2688.00', counterparty: { name: 'TEST', accountId: 'NL86INGB00066666666', bic: 'INGBNL2A' }, references: { endToEndId: 'GBSXX21170607391766562', transactionCode: 'iso:PMNT-RCDT-ESCT' } });
  });

  it('valid_example_with_datetime.xml (001.10): DtTm booking dates with zone become occurredAt; Othr account ids', async () => {
    const items = await parseAll(camt053Parser, file('viafintech__camt053_valid_example_with_datetime.xml'));
    expect(statementsOf(items)[0]).toMatchObject({ accountId: '11111111', currency: 'USD' });
    expect(balancesOf(items)).toEqual([
      expect.objectContaining({ balanceType: 'closing-booked', amount: '606.80', asOfDate: '2023-07-07', asOfDateTime: '2023-07-07T00:00:00+02:00' }),
    ]);
    expect(entriesOf(items)).toEqual([
      {
        accountId: '11111111',
        amount: '195.86',
        currency: 'USD',
        creditDebit: 'CRDT',
        status: 'booked',
        bookingDate: '2023-06-21',
        occurredAt: '2023-06-21T12:35:33.115Z',
        statementRef: '7301750-38631543-1688639227213',
        references: { transactionCode: 'prtry:TRANSFER-123456789' },
      },
    ]);
  });
});

describe('camt.052 and camt.054 from viafintech/camt_parser', () => {
  it('camt052 valid_example.xml: report, PRCD as the opening, BBAN counterparty', async () => {
    const items = await parseAll(camt052Parser, file('viafintech__camt052_valid_example.xml'), 100);
    expect(items.map((i) => i.kind)).toEqual(['statement', 'balance', 'balance', 'entry', 'entry']);
    expect(balancesOf(items).map((b) => [b.balanceType, b.amount])).toEqual([
      ['opening-booked', '8.50'],
      ['closing-booked', '13.50'],
    ]);
    const entries = entriesOf(items);
    expect(entries[0]).toMatchObject({ amount: '2.00', creditDebit: 'CRDT', counterparty: { name: 'Testkonto Nummer 1', accountId: '740618130000033626' }, references: { transactionCode: 'prtry:ZKA:NMSC+051' } });
    expect(entries[1].references?.endToEndId).toBeUndefined(); // NOTPROVIDED is no reference
    expect(entries[1].remittanceInformation).toBe('Testüberweisung mit BIC und IBAN SEPA IBAN: DE14740618130000033626 BIC: GENODEF1PFK');
    expect(net(entries)).toBe(1350n - 850n);
  });

  it('camt054 valid_example.xml: notifications, each TxDtls of a batch its own entry with its own references', async () => {
    const items = await parseAll(camt054Parser, file('viafintech__camt054_valid_example.xml'), 2048);
    expect(statementsOf(items)).toHaveLength(1);
    const entries = entriesOf(items);
    expect(entries.map((e) => [e.amount, e.creditDebit, e.bankEntryId, e.batch?.index, e.reversal ?? false])).toEqual([
      ['15.00', 'CRDT', 'TST_201-2091644-9', 0, false],
      ['9.00', 'CRDT', 'TST_201-2091644-8', 1, false],
      ['56.56', 'CRDT', '20160410375244000000000000000071', 0, false],
      ['6.00', 'DBIT', '20160410375244000000000000000082', 0, true],
      ['15.53', 'DBIT', '20160410375244000000000000000072', 0, true],
    ]);
    expect(entries[0]).toMatchObject({
      counterparty: { name: 'Rutschmann Pia', accountId: 'CH4409000000495962779' },
      references: { instructionId: 'INSTR-CRDBRActSame-1B9C-CHDDBB2', paymentInformationId: 'PMTINF-1CHDDBB3', transactionCode: 'iso:PMNT-RDDT-PMDD' },
      description: 'GUTSCHRIFT CH-DD-BASISLASTSCHRIFT ID: 41107767420881932 REFERENZ-NR: PMTINF-1CHDDBB3',
    });
  });
});

describe('hand-made camt files', () => {
  it('camt.053.001.08 with two statements: card, FX, reversal, pending, a batch of three', async () => {
    const items = await parseAll(camt053Parser, file('handmade__camt053_v08_multi_statement.xml'), 97);
    expect(items.map((i) => i.kind)).toEqual([
      'statement', 'balance', 'balance', 'balance', 'entry', 'entry', 'entry', 'entry', 'entry', 'entry', 'entry',
      'statement', 'balance', 'balance', 'entry',
    ]);
    expect(errorsOf(items)).toEqual([]);
    const [eur, usd] = statementsOf(items);
    expect(eur).toMatchObject({ accountId: 'DE89370400440532013000', statementRef: 'STMT-2026-03-01-EUR', currency: 'EUR' });
    expect(usd).toMatchObject({ accountId: 'US-ACC-778899', statementRef: 'STMT-2026-03-01-USD', currency: 'USD', location: { element: 'Document/BkToCstmrStmt/Stmt[2]' } });
    expect(balancesOf(items).map((b) => [b.accountId, b.balanceType, b.amount, b.creditDebit, b.asOfDate, b.asOfDateTime])).toEqual([
      ['DE89370400440532013000', 'opening-booked', '1000.00', 'CRDT', '2026-02-28', undefined],
      ['DE89370400440532013000', 'closing-booked', '758.82', 'CRDT', '2026-03-01', '2026-03-01T23:59:59+01:00'],
      ['DE89370400440532013000', 'closing-available', '738.82', 'CRDT', '2026-03-01', undefined],
      ['US-ACC-778899', 'opening-booked', '10.00', 'DBIT', '2026-03-01', undefined],
      ['US-ACC-778899', 'closing-booked', '240.00', 'CRDT', '2026-03-01', undefined],
    ]);
    const [card, fx, reversal, pending, dd1, dd2, dd3, usdEntry] = entriesOf(items);
    expect(card).toEqual({
      accountId: 'DE89370400440532013000',
      amount: '42.50',
      currency: 'EUR',
      creditDebit: 'DBIT',
      status: 'booked',
      bookingDate: '2026-03-01',
      valueDate: '2026-03-01',
      occurredAt: '2026-03-01T14:01:00+01:00',
      bankEntryId: 'BNK-0001',
      statementRef: 'STMT-2026-03-01-EUR',
      description: 'Kartenzahlung girocard',
      merchant: { name: 'Kiosk am Markt' },
      cardPresent: true,
      card: { pan: '4111111111111111', last4: '1111' },
      counterparty: { name: 'Kiosk am Markt' },
      references: { accountServicerRef: 'BNK-0001', transactionCode: 'iso:PMNT-CCRD-POSD' },
    });
    expect(fx).toMatchObject({
      amount: '108.34',
      fx: { originalAmount: '117.38', originalCurrency: 'USD', exchangeRate: '0.923' },
      counterparty: { name: 'Acme Supplies Inc.', accountId: '000123456789', bic: 'CHASUS33XXX' },
      remittanceInformation: 'Invoice 117 March order',
      references: { endToEndId: 'INV-2026-117', instructionId: 'INSTR-9', transactionCode: 'iso:PMNT-ICDT-XBCT' },
    });
    expect(reversal).toMatchObject({ amount: '42.50', creditDebit: 'CRDT', reversal: true, description: 'Storno Kartenzahlung', references: { transactionCode: 'prtry:REVERSAL' } });
    expect(pending).toMatchObject({ amount: '20.00', status: 'pending', bookingDate: '2026-03-03', valueDate: '2026-03-03' });
    expect(pending.bankEntryId).toBeUndefined();
    expect([dd1, dd2, dd3].map((e) => [e.amount, e.creditDebit, e.bankEntryId, e.batch, e.counterparty?.name])).toEqual([
      ['50.00', 'DBIT', 'BNK-0005/0', { batchRef: 'PMTINF-DD-77', entryCount: 3, index: 0 }, 'Stadtwerke'],
      ['70.00', 'DBIT', 'BNK-0005/1', { batchRef: 'PMTINF-DD-77', entryCount: 3, index: 1 }, 'Versicherung AG'],
      ['12.84', 'DBIT', 'BNK-0005-C', { batchRef: 'PMTINF-DD-77', entryCount: 3, index: 2 }, 'Verein e.V.'],
    ]);
    expect(dd1.references).toEqual({
      endToEndId: 'E2E-DD-1',
      accountServicerRef: 'BNK-0005',
      mandateId: 'MANDATE-1',
      creditorId: 'DE98ZZZ09999999999',
      transactionCode: 'iso:PMNT-IDDT-ESDD',
    });
    expect(dd1.remittanceInformation).toBe('RF18539007547034');
    expect(usdEntry).toMatchObject({ accountId: 'US-ACC-778899', amount: '250.00', creditDebit: 'CRDT', counterparty: { name: 'Jane Roe', accountId: 'GB29NWBK60161331926819', bic: 'NWBKGB2L' } });
    // Statement 1 balances: 1000.00 − 42.50 − 108.34 + 42.50 − 132.84 = 758.82 (the pending debit is not booked).
    const booked = entriesOf(items).filter((e) => e.accountId === 'DE89370400440532013000' && e.status === 'booked');
    expect(net(booked)).toBe(75882n - 100000n);
  });

  it('camt.052.001.06 with a namespace prefix: interim balances, pending and information-only entries, entities and CDATA', async () => {
    const items = await parseAll(camt052Parser, file('handmade__camt052_v06_intraday.xml'), 64);
    expect(balancesOf(items).map((b) => [b.balanceType, b.amount, b.asOfDateTime])).toEqual([
      ['interim-booked', '500.00', '2026-03-02T12:00:00Z'],
      ['interim-available', '450.00', undefined],
    ]);
    const [pending, info] = entriesOf(items);
    expect(pending).toMatchObject({ status: 'pending', bookingDate: '2026-03-02', counterparty: { name: 'Bakkerij de Vries', bic: 'RABONL2U' }, remittanceInformation: 'Bestelling & levering' });
    expect(info).toMatchObject({ status: 'pending', amount: '7.5', creditDebit: 'CRDT', description: 'Rente <Q1>' });
  });

  it('camt.054.001.10: masked PAN gives last four only, FX with an over-long rate trimmed, two notifications', async () => {
    const items = await parseAll(camt054Parser, file('handmade__camt054_v10_notification.xml'), 50);
    expect(statementsOf(items).map((s) => [s.statementRef, s.currency])).toEqual([
      ['NTF-1', 'CHF'],
      ['NTF-2', undefined],
    ]);
    const [card, salary] = entriesOf(items);
    expect(card).toMatchObject({
      amount: '93.70',
      card: { last4: '4242' },
      merchant: { name: 'Hotel du Lac' },
      occurredAt: '2026-02-28T21:30:00+01:00',
      fx: { originalAmount: '99.00', originalCurrency: 'EUR' },
      references: { transactionCode: 'iso:PMNT-CCRD-POSD' },
    });
    expect(card.card?.pan).toBeUndefined();
    expect(card.fx?.exchangeRate).toBeUndefined(); // 18 decimals: beyond what the contract carries
    expect(salary).toMatchObject({ amount: '1500', currency: 'CHF', creditDebit: 'CRDT', statementRef: 'NTF-2' });
  });

  it('entry-level problems become entry-error items with their location; the other entries proceed', async () => {
    const items = await parseAll(camt053Parser, file('handmade__camt053_v02_entry_errors.xml'));
    // Each names the element and the line it is on.
    expect(errorsOf(items).map((e) => [e.reason, e.location.element, e.location.line])).toEqual([
      ['invalid-amount', 'Document/BkToCstmrStmt/Stmt/Bal/Amt', 11],
      ['invalid-amount', 'Document/BkToCstmrStmt/Stmt/Ntry/Amt', 16],
      ['unknown-currency', 'Document/BkToCstmrStmt/Stmt/Ntry[2]/Amt/@Ccy', 22],
      ['invalid-date', 'Document/BkToCstmrStmt/Stmt/Ntry[3]/BookgDt/Dt', 31],
      ['invalid-entry', 'Document/BkToCstmrStmt/Stmt/Ntry[5]/Sts', 43],
      ['invalid-amount', 'Document/BkToCstmrStmt/Stmt/Ntry[6]/Amt', 47],
      ['missing-field', 'Document/BkToCstmrStmt/Stmt/Ntry[7]/NtryDtls/TxDtls[2]/Amt', 60],
    ]);
    expect(errorsOf(items)[3].detail).toContain('2026-02-30');
    expect(entriesOf(items).map((e) => [e.amount, e.bankEntryId])).toEqual([
      ['4.00', 'GOOD-1'],
      ['10.00', 'BATCH-1/0'],
    ]);
  });
});

/** A minimal document of one message type and version, written the way that version spells its elements. */
function camtDocument(format: 'camt.052' | 'camt.053' | 'camt.054', version: number): string {
  const v = String(version).padStart(2, '0');
  const [root, statement] = { 'camt.052': ['BkToCstmrAcctRpt', 'Rpt'], 'camt.053': ['BkToCstmrStmt', 'Stmt'], 'camt.054': ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'] }[format];
  const status = version >= 8 ? '<Sts><Cd>BOOK</Cd></Sts>' : '<Sts>BOOK</Sts>';
  const bic = version >= 4 ? 'BICFI' : 'BIC';
  const amount = version >= 3 ? '<Amt Ccy="EUR">12.34</Amt>' : '<AmtDtls><TxAmt><Amt Ccy="EUR">12.34</Amt></TxAmt></AmtDtls>';
  const debtor = version >= 8 ? '<Dbtr><Pty><Nm>Payer</Nm></Pty></Dbtr>' : '<Dbtr><Nm>Payer</Nm></Dbtr>';
  const balance = format === 'camt.054' ? '' : `<Bal><Tp><CdOrPrtry><Cd>${format === 'camt.052' ? 'ITBD' : 'CLBD'}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">99.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${format}.001.${v}"><${root}><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-01T10:00:00Z</CreDtTm></GrpHdr>
<${statement}><Id>S-${v}</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${balance}
<Ntry><Amt Ccy="EUR">24.68</Amt><CdtDbtInd>CRDT</CdtDbtInd>${status}<BookgDt><Dt>2026-03-01</Dt></BookgDt><AcctSvcrRef>R-${v}</AcctSvcrRef>
<NtryDtls><TxDtls>${amount}<RltdPties>${debtor}</RltdPties><RltdAgts><DbtrAgt><FinInstnId><${bic}>DEUTDEFFXXX</${bic}></FinInstnId></DbtrAgt></RltdAgts></TxDtls>
<TxDtls>${amount}</TxDtls></NtryDtls></Ntry></${statement}></${root}></Document>`;
}

describe('message versions', () => {
  const parsers = { 'camt.052': camt052Parser, 'camt.053': camt053Parser, 'camt.054': camt054Parser } as const;
  const cases = (['camt.052', 'camt.053', 'camt.054'] as const).flatMap((format) => [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((version) => [format, version] as const));

  it.each(cases)('%s.001.%i is read, in the spelling of that version', async (format, version) => {
    const items = await parseAll(parsers[format], camtDocument(format, version));
    expect(errorsOf(items)).toEqual([]);
    const entries = entriesOf(items);
    expect(entries.map((e) => [e.amount, e.bankEntryId, e.batch?.index, e.status])).toEqual([
      ['12.34', `R-${String(version).padStart(2, '0')}/0`, 0, 'booked'],
      ['12.34', `R-${String(version).padStart(2, '0')}/1`, 1, 'booked'],
    ]);
    expect(entries[0].counterparty).toEqual({ name: 'Payer', bic: 'DEUTDEFFXXX' });
    expect(balancesOf(items)).toHaveLength(format === 'camt.054' ? 0 : 1);
  });

  it.each([
    ['camt.053', 1],
    ['camt.053', 14],
    ['camt.052', 99],
  ] as const)('%s.001.%i is refused as unsupported-version', async (format, version) => {
    const error = await parseError(parsers[format], camtDocument(format, version));
    expect(error).toBeInstanceOf(FeedStructureError);
    expect(error).toMatchObject({ reason: 'unsupported-version', location: { line: 2, element: 'Document' } });
  });

  it('refuses a Document without a camt namespace, and a message read by the wrong parser', async () => {
    await expect(parseError(camt053Parser, '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>')).resolves.toMatchObject({ reason: 'unsupported-version' });
    await expect(parseError(camt053Parser, '<Document><BkToCstmrStmt/></Document>')).resolves.toMatchObject({ reason: 'unsupported-version' });
    await expect(parseError(camt053Parser, camtDocument('camt.052', 2))).resolves.toMatchObject({ reason: 'unknown-format' });
    await expect(parseError(camt053Parser, '<html><body/></html>')).resolves.toMatchObject({ reason: 'unknown-format' });
  });

  it('keeps a balance stated after the entries (out of schema order) instead of dropping it', async () => {
    const xml = camtDocument('camt.053', 8).replace(/(<Bal>.*?<\/Bal>)(.*)(<\/Stmt>)/s, '$2$1$3');
    const items = await parseAll(camt053Parser, xml);
    expect(items.map((i) => i.kind)).toEqual(['statement', 'entry', 'entry', 'balance']);
  });

  it('refuses a statement without an account', async () => {
    const xml = camtDocument('camt.053', 8).replace('<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>', '');
    await expect(parseError(camt053Parser, xml)).resolves.toMatchObject({ reason: 'feed-invalid', location: { element: 'Document/BkToCstmrStmt/Stmt' } });
  });
});
