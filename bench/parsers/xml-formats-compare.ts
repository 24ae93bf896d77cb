import type { FeedItem, FeedParser } from '@kontor/feed-parsers';

/**
 * What a parser read from one file, reduced to figures every parser can be compared on: statements, entries,
 * the signed sum of booked entries, the stated closing balances, and how many statements balance
 * (opening + Σ booked entries = closing) by that parser's own reading.
 */
export interface Reading {
  ok: boolean;
  error?: string;
  statements: number;
  /** Entries as the file books them (camt `Ntry`, OFX `STMTTRN`). */
  bookedEntries: number;
  /** Entries after splitting batches into transactions (Kontor only; others do not split). */
  splitEntries?: number;
  netCents: bigint;
  closingCents: bigint;
  /** Statements stating both an opening and a closing booked balance … */
  checkable: number;
  /** … and of those, the ones whose entries add up. */
  balanced: number;
  entryErrors?: number;
}

const failed = (error: unknown): Reading => ({
  ok: false,
  error: (error instanceof Error ? error.message : String(error)).slice(0, 60),
  statements: 0,
  bookedEntries: 0,
  netCents: 0n,
  closingCents: 0n,
  checkable: 0,
  balanced: 0,
});

/** Exact: decimal string → cents (the bench files use two-decimal currencies). */
function decimalCents(amount: string): bigint {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole + fraction.padEnd(2, '0').slice(0, 2));
}

/** How a user of a float-based parser gets cents. */
const floatCents = (value: unknown): bigint => BigInt(Math.round(Number(String(value).trim().replace(',', '.')) * 100));

export async function readWithKontor(parser: FeedParser, chunks: AsyncIterable<Buffer>): Promise<Reading> {
  const reading: Reading = { ok: true, statements: 0, bookedEntries: 0, splitEntries: 0, netCents: 0n, closingCents: 0n, checkable: 0, balanced: 0, entryErrors: 0 };
  let opening: bigint | undefined;
  let closing: bigint | undefined;
  let net = 0n;
  let lastBooking = '';
  const close = () => {
    if (opening !== undefined && closing !== undefined) {
      reading.checkable++;
      if (opening + net === closing) reading.balanced++;
    }
  };
  try {
    for await (const item of parser.parse(chunks) as AsyncIterable<FeedItem>) {
      switch (item.kind) {
        case 'statement':
          if (reading.statements > 0) close();
          reading.statements++;
          opening = closing = undefined;
          net = 0n;
          break;
        case 'balance': {
          const signed = (item.balance.creditDebit === 'DBIT' ? -1n : 1n) * decimalCents(item.balance.amount);
          if (item.balance.balanceType === 'opening-booked' && opening === undefined) opening = signed;
          if (item.balance.balanceType === 'closing-booked') {
            closing = signed;
            reading.closingCents += signed;
          }
          break;
        }
        case 'entry': {
          reading.splitEntries = (reading.splitEntries ?? 0) + 1;
          // Parts of one batch share the Ntry's element path; count the booking once.
          const booking = item.location.element?.replace(/\/NtryDtls\/TxDtls(\[\d+\])?$/, '') ?? '';
          if (booking !== lastBooking || !item.entry.batch) reading.bookedEntries++;
          lastBooking = booking;
          if (item.entry.status !== 'booked') break;
          const signed = (item.entry.creditDebit === 'DBIT' ? -1n : 1n) * decimalCents(item.entry.amount);
          reading.netCents += signed;
          net += signed;
          break;
        }
        case 'entry-error':
          reading.entryErrors = (reading.entryErrors ?? 0) + 1;
          break;
      }
    }
    if (reading.statements > 0) close();
    return reading;
  } catch (error) {
    return failed(error);
  }
}

interface IsoReport {
  statements: { entries: { amount: number; creditDebitIndicator: string }[]; balances: { type: string; amount: number; creditDebitIndicator: string }[] }[];
}

/** iso20022.js `CashManagementEndOfDayReport.fromXML` (camt.053 only; amounts in minor units as numbers). */
export function readWithIso20022(fromXML: (xml: string) => IsoReport, bytes: Buffer): Reading {
  try {
    const report = fromXML(bytes.toString('utf8'));
    const reading: Reading = { ok: true, statements: report.statements.length, bookedEntries: 0, netCents: 0n, closingCents: 0n, checkable: 0, balanced: 0 };
    for (const statement of report.statements) {
      let net = 0n;
      for (const entry of statement.entries) {
        reading.bookedEntries++;
        net += (entry.creditDebitIndicator === 'debit' ? -1n : 1n) * BigInt(Math.round(entry.amount));
      }
      reading.netCents += net;
      const signed = (b: { amount: number; creditDebitIndicator: string }) => (b.creditDebitIndicator === 'debit' ? -1n : 1n) * BigInt(Math.round(b.amount));
      const open = statement.balances.find((b) => b.type === 'OPBD') ?? statement.balances.find((b) => b.type === 'PRCD');
      const close = statement.balances.find((b) => b.type === 'CLBD');
      if (close) reading.closingCents += signed(close);
      if (open && close) {
        reading.checkable++;
        if (signed(open) + net === signed(close)) reading.balanced++;
      }
    }
    return reading;
  } catch (error) {
    return failed(error);
  }
}

type Tree = Record<string, unknown>;
const asArray = (value: unknown): Tree[] => (value === undefined || value === null ? [] : Array.isArray(value) ? (value as Tree[]) : [value as Tree]);

/** Every STMTRS / CCSTMTRS anywhere in an ofx-js or node-ofx-parser tree. */
function statementsIn(node: unknown, found: Tree[] = []): Tree[] {
  if (node === null || typeof node !== 'object') return found;
  for (const [key, value] of Object.entries(node as Tree)) {
    if (key === 'STMTRS' || key === 'CCSTMTRS') found.push(...asArray(value));
    else for (const child of asArray(value)) statementsIn(child, found);
  }
  return found;
}

/** ofx-js `parseSync` or node-ofx-parser `parse`: a tree of strings (or numbers), no balances checked by them. */
export function readWithOfxTree(parse: (text: string) => { OFX: unknown }, bytes: Buffer): Reading {
  try {
    const tree = parse(bytes.toString('latin1'));
    const statements = statementsIn(tree.OFX);
    const reading: Reading = { ok: true, statements: statements.length, bookedEntries: 0, netCents: 0n, closingCents: 0n, checkable: 0, balanced: 0 };
    for (const statement of statements) {
      const list = statement.BANKTRANLIST as Tree | undefined;
      for (const trn of asArray(list?.STMTTRN)) {
        reading.bookedEntries++;
        reading.netCents += floatCents(trn.TRNAMT);
      }
      const ledger = statement.LEDGERBAL as Tree | undefined;
      if (ledger?.BALAMT !== undefined) reading.closingCents += floatCents(ledger.BALAMT);
    }
    return reading;
  } catch (error) {
    return failed(error);
  }
}
