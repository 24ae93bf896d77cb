import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * Writes large synthetic camt.053 and OFX files for the parser benchmark, streaming them to disk in
 * statements of a few hundred entries. Deterministic (seeded), varied (single transfers, batches of three,
 * card payments, FX, reversals), and every statement balances: opening + Σ booked entries = closing, so a
 * parser's reading can be checked against the truth the generator returns.
 */

export interface GeneratedTruth {
  path: string;
  bytes: number;
  statements: number;
  /** Booked entries as camt states them (`Ntry`), or OFX `STMTTRN`s. */
  bookedEntries: number;
  /** What a parser that splits batches into their transactions yields. */
  splitEntries: number;
  /** Σ of signed entry amounts over the file, in cents. */
  netCents: bigint;
  /** Σ of stated closing-booked balances over the file, in cents (signed). */
  closingCents: bigint;
}

/** A tiny deterministic PRNG (mulberry32): the same file every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cents = (c: bigint) => {
  const abs = c < 0n ? -c : c;
  return `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

async function writeAll(path: string, targetBytes: number, header: string, footer: string, statement: (index: number) => { text: string; truth: Omit<GeneratedTruth, 'path' | 'bytes' | 'statements'> }): Promise<GeneratedTruth> {
  const out = createWriteStream(path);
  const truth: GeneratedTruth = { path, bytes: 0, statements: 0, bookedEntries: 0, splitEntries: 0, netCents: 0n, closingCents: 0n };
  const write = async (text: string) => {
    truth.bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(header);
  while (truth.bytes < targetBytes - footer.length) {
    const { text, truth: part } = statement(truth.statements);
    await write(text);
    truth.statements++;
    truth.bookedEntries += part.bookedEntries;
    truth.splitEntries += part.splitEntries;
    truth.netCents += part.netCents;
    truth.closingCents += part.closingCents;
  }
  await write(footer);
  out.end();
  await once(out, 'finish');
  return truth;
}

const ENTRIES_PER_STATEMENT = 400;

/** camt.053.001.02, shaped like the bank files iso20022.js reads (Svcr, TxsSummry, Prtry codes). */
export function writeCamt053(path: string, targetBytes: number): Promise<GeneratedTruth> {
  const next = random(53);
  const header = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<BkToCstmrStmt><GrpHdr><MsgId>BENCH-${targetBytes}</MsgId><CreDtTm>2026-03-02T06:00:00+01:00</CreDtTm></GrpHdr>
`;
  const footer = '</BkToCstmrStmt>\n</Document>\n';
  return writeAll(path, targetBytes, header, footer, (s) => {
    const parts: string[] = [];
    let net = 0n;
    let credits = 0n;
    let debits = 0n;
    let split = 0;
    for (let i = 0; i < ENTRIES_PER_STATEMENT; i++) {
      const kind = i % 10;
      const credit = next() < 0.4;
      const cd = credit ? 'CRDT' : 'DBIT';
      const ref = `S${s}E${i}`;
      const day = String(1 + (i % 28)).padStart(2, '0');
      let amount: bigint;
      let details: string;
      if (kind === 6) {
        const a = [BigInt(100 + Math.floor(next() * 50000)), BigInt(100 + Math.floor(next() * 50000)), BigInt(100 + Math.floor(next() * 50000))];
        amount = a[0] + a[1] + a[2];
        details = `<NtryDtls><Btch><PmtInfId>BATCH-${ref}</PmtInfId><NbOfTxs>3</NbOfTxs></Btch>${a
          .map((x, k) => `<TxDtls><Refs><EndToEndId>E2E-${ref}-${k}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">${cents(x)}</Amt></TxAmt></AmtDtls><RltdPties><${credit ? 'Dbtr' : 'Cdtr'}><Nm>Party ${k} of ${ref}</Nm></${credit ? 'Dbtr' : 'Cdtr'}></RltdPties><RmtInf><Ustrd>Batch part ${k}</Ustrd></RmtInf></TxDtls>`)
          .join('')}</NtryDtls>`;
        split += 3;
      } else {
        amount = BigInt(1 + Math.floor(next() * 250000));
        const side = credit ? 'Dbtr' : 'Cdtr';
        const fx = kind === 8 ? `<AmtDtls><InstdAmt><Amt Ccy="USD">${cents((amount * 108n) / 100n)}</Amt><CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>EUR</TrgtCcy><XchgRate>0.9259</XchgRate></CcyXchg></InstdAmt></AmtDtls>` : '';
        const card = kind === 7 ? `<CardTx><Card><PlainCardData><PAN>4111111111111111</PAN></PlainCardData></Card></CardTx>` : '';
        details = `<NtryDtls><TxDtls><Refs><EndToEndId>E2E-${ref}</EndToEndId><MndtId>M-${i % 50}</MndtId></Refs>${fx}<RltdPties><${side}><Nm>Counterparty ${i % 97} GmbH</Nm></${side}><${side}Acct><Id><IBAN>DE${String(10 + (i % 89))}370400440532013${String(i % 1000).padStart(3, '0')}</IBAN></Id></${side}Acct></RltdPties><RltdAgts><${side}Agt><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></${side}Agt></RltdAgts>${card}<RmtInf><Ustrd>Invoice ${ref} payment for services rendered</Ustrd><Ustrd>Customer reference ${i * 7919}</Ustrd></RmtInf></TxDtls></NtryDtls>`;
        split += 1;
      }
      const reversal = kind === 9 ? '<RvslInd>true</RvslInd>' : '';
      const signed = credit ? amount : -amount;
      net += signed;
      if (credit) credits += amount;
      else debits += amount;
      parts.push(
        `<Ntry><NtryRef>${ref}</NtryRef><Amt Ccy="EUR">${cents(amount)}</Amt><CdtDbtInd>${cd}</CdtDbtInd>${reversal}<Sts>BOOK</Sts><BookgDt><Dt>2026-02-${day}</Dt></BookgDt><ValDt><Dt>2026-02-${day}</Dt></ValDt><AcctSvcrRef>ASR-${ref}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${credit ? 'RCDT' : 'ICDT'}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn><Prtry><Cd>NTRF+${100 + kind}</Cd><Issr>DK</Issr></Prtry></BkTxCd>${details}<AddtlNtryInf>Generated entry ${ref}</AddtlNtryInf></Ntry>\n`,
      );
    }
    const opening = BigInt(Math.floor(next() * 10_000_000));
    const closing = opening + net;
    const bal = (code: string, value: bigint, date: string) =>
      `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${cents(value)}</Amt><CdtDbtInd>${value < 0n ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
    const text =
      `<Stmt><Id>STMT-${s}</Id><CreDtTm>2026-03-01T06:00:00+01:00</CreDtTm><Acct><Id><IBAN>DE89370400440532${String(s % 1000000).padStart(6, '0')}</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></Svcr></Acct>` +
      `${bal('OPBD', opening, '2026-02-01')}${bal('CLBD', closing, '2026-02-28')}` +
      `<TxsSummry><TtlNtries><NbOfNtries>${ENTRIES_PER_STATEMENT}</NbOfNtries><Sum>${cents(credits + debits)}</Sum></TtlNtries><TtlCdtNtries><NbOfNtries>0</NbOfNtries><Sum>${cents(credits)}</Sum></TtlCdtNtries><TtlDbtNtries><NbOfNtries>0</NbOfNtries><Sum>${cents(debits)}</Sum></TtlDbtNtries></TxsSummry>\n` +
      parts.join('') +
      '</Stmt>\n';
    return { text, truth: { bookedEntries: ENTRIES_PER_STATEMENT, splitEntries: split, netCents: net, closingCents: closing } };
  });
}

/** OFX bank statements, one STMTTRNRS each: 1.0.2 SGML with unclosed leaves, or 2.2 XML. */
export function writeOfx(path: string, targetBytes: number, syntax: 'sgml' | 'xml'): Promise<GeneratedTruth> {
  const next = random(syntax === 'sgml' ? 102 : 220);
  const leaf = syntax === 'sgml' ? (name: string, value: string) => `<${name}>${value}\n` : (name: string, value: string) => `<${name}>${value}</${name}>\n`;
  const header =
    syntax === 'sgml'
      ? 'OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n<OFX>\n'
      : '<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n<OFX>\n';
  const signon = `<SIGNONMSGSRSV1><SONRS><STATUS>${leaf('CODE', '0')}${leaf('SEVERITY', 'INFO')}</STATUS>${leaf('DTSERVER', '20260302120000[-5:EST]')}${leaf('LANGUAGE', 'ENG')}</SONRS></SIGNONMSGSRSV1>\n<BANKMSGSRSV1>\n`;
  const footer = '</BANKMSGSRSV1>\n</OFX>\n';
  const types = ['DEBIT', 'CREDIT', 'POS', 'ATM', 'CHECK', 'XFER', 'FEE', 'DEP'];
  return writeAll(path, targetBytes, header + signon, footer, (s) => {
    let net = 0n;
    const rows: string[] = [];
    for (let i = 0; i < ENTRIES_PER_STATEMENT; i++) {
      const amount = BigInt(1 + Math.floor(next() * 250000));
      const credit = next() < 0.4;
      net += credit ? amount : -amount;
      const day = String(1 + (i % 28)).padStart(2, '0');
      rows.push(
        `<STMTTRN>\n${leaf('TRNTYPE', types[i % types.length])}${leaf('DTPOSTED', `202602${day}120000[-5:EST]`)}${leaf('TRNAMT', `${credit ? '' : '-'}${cents(amount)}`)}${leaf('FITID', `FIT-${s}-${i}`)}${i % 8 === 4 ? leaf('CHECKNUM', String(1000 + i)) : ''}${leaf('NAME', `Merchant ${i % 97} &amp; Sons`)}${leaf('MEMO', `Generated transaction ${s}/${i} for the benchmark`)}</STMTTRN>\n`,
      );
    }
    const closing = BigInt(Math.floor(next() * 10_000_000));
    const balance = (c: bigint) => `${c < 0n ? '-' : ''}${cents(c)}`;
    const text =
      `<STMTTRNRS>\n${leaf('TRNUID', String(s))}<STATUS>${leaf('CODE', '0')}${leaf('SEVERITY', 'INFO')}</STATUS>\n<STMTRS>\n${leaf('CURDEF', 'USD')}<BANKACCTFROM>\n${leaf('BANKID', '121000248')}${leaf('ACCTID', `ACC${String(s).padStart(9, '0')}`)}${leaf('ACCTTYPE', 'CHECKING')}</BANKACCTFROM>\n` +
      `<BANKTRANLIST>\n${leaf('DTSTART', '20260201')}${leaf('DTEND', '20260228')}${rows.join('')}</BANKTRANLIST>\n` +
      `<LEDGERBAL>\n${leaf('BALAMT', balance(closing))}${leaf('DTASOF', '20260228120000[-5:EST]')}</LEDGERBAL>\n</STMTRS>\n</STMTTRNRS>\n`;
    return { text, truth: { bookedEntries: ENTRIES_PER_STATEMENT, splitEntries: ENTRIES_PER_STATEMENT, netCents: net, closingCents: closing } };
  });
}
