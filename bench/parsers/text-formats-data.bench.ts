import type { CsvProfile } from '@kontor/feed-parsers';

/**
 * Synthetic files for the text-format benchmark (imported by text-formats.bench.ts, not run on its own):
 * MT940, BAI2, CSV and Berlin Group JSON of any size, written piece by piece so a 200 MB file never sits
 * in memory, and with what they contain counted as they are written, so a parse can be checked exactly.
 */

export interface GeneratedTruth {
  entries: number;
  /** Σ credits − Σ debits, in minor units. */
  netMinor: bigint;
  statements: number;
}

/** Deterministic pseudo-random numbers (a 32-bit LCG), so every run parses the same bytes. */
class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state;
  }
  below(limit: number): number {
    return this.next() % limit;
  }
}

const cents = (minor: number): string => `${Math.floor(minor / 100)},${String(minor % 100).padStart(2, '0')}`;
const dotted = (minor: number): string => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Pieces of about 1 MB until `targetBytes` is reached; `truth` is complete once the iterator ends. */
export type Generated = { pieces: Iterable<string>; truth: GeneratedTruth };

const NAMES = ['Stadtwerke Musterstadt GmbH', 'Jan Jansen', 'Acme Trading BV', 'Bäckerei Schön', 'Energie Noord', 'Fitness Studio'];

/** MT940 with SWIFT blocks, 100 entries a message, the :86: dialects in turn, balances that add up. */
export function generateMt940(targetBytes: number): Generated {
  const truth: GeneratedTruth = { entries: 0, netMinor: 0n, statements: 0 };
  function* pieces(): Generator<string> {
    const random = new Random(940);
    let written = 0;
    let message = 0;
    while (written < targetBytes) {
      const lines: string[] = [];
      for (let m = 0; m < 20 && written < targetBytes; m++) {
        message++;
        const day = 1 + (message % 28);
        const date = `2601${pad(day, 2)}`;
        let balance = 100_000 + random.below(1_000_000);
        lines.push('{1:F01BENCDEFFAXXX0000000000}{2:O9401200260115BENCDEFFAXXX00000000002601151200N}{4:');
        lines.push(`:20:BENCH${pad(message, 8)}`, `:25:DE89370400440532${pad(message % 50, 6)}EUR`, `:28C:${message}/1`, `:60F:C${date}EUR${cents(balance)}`);
        for (let e = 0; e < 100; e++) {
          const amount = 1 + random.below(500_000);
          // Mostly debits, never below zero, so every closing balance is a plain credit balance.
          const credit = random.below(3) === 0 || balance < amount;
          const signedAmount = credit ? amount : -amount;
          balance += signedAmount;
          truth.netMinor += BigInt(signedAmount);
          truth.entries++;
          const mark = signedAmount > 0 ? 'C' : 'D';
          const name = NAMES[e % NAMES.length];
          lines.push(`:61:${date}${date.slice(2)}${mark}R${cents(Math.abs(signedAmount))}NTRFREF${pad(e, 6)}//B${pad(message, 8)}${pad(e, 3)}`);
          switch (e % 4) {
            case 0:
              lines.push(`:86:166?00SEPA-UEBERWEISUNG?109310?20EREF+E2E${pad(message, 8)}${pad(e, 3)}?21SVWZ+Rechnung ${e}?30COBADEFFXXX`, `?31DE02120300000000202051?32${name.slice(0, 27)}`);
              break;
            case 1:
              lines.push(`:86:/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/`, `${name}/REMI/Factuur ${message}-${e}/EREF/E2E${pad(e, 6)}`);
              break;
            case 2:
              lines.push(`:86:/EREF/E2E${pad(e, 6)}//CNTP/NL32INGB0000012345/INGBNL2A/${name}/AMSTERDAM///REMI/US`, `TD//Betaling ${e}/`);
              break;
            default:
              lines.push(`:86:BEA NR:XXX1234 ${pad(day, 2)}.01.26/12.54 ${name.toUpperCase()} KATWIJK,PAS999`);
          }
        }
        lines.push(`:62F:C${date}EUR${cents(balance)}`, '-}');
        truth.statements++;
        const text = `${lines.join('\r\n')}\r\n`;
        lines.length = 0;
        written += text.length;
        yield text;
      }
    }
  }
  return { pieces: pieces(), truth };
}

/** BAI2 with one account per group and 500 details each; control totals and record counts computed. */
export function generateBai2(targetBytes: number): Generated {
  const truth: GeneratedTruth = { entries: 0, netMinor: 0n, statements: 0 };
  function* pieces(): Generator<string> {
    const random = new Random(2);
    let written = 0;
    let fileTotal = 0n;
    let groups = 0;
    let fileRecords = 1;
    const header = '01,021000021,BENCH,260115,0600,1,80,10,2/\n';
    written += header.length;
    yield header;
    while (written < targetBytes) {
      groups++;
      const lines: string[] = [`02,BENCH,021000021,1,260114,2400,USD,2/`];
      const account = `ACCT${pad(groups, 8)}`;
      const opening = 1_000_000 + random.below(1_000_000);
      let credits = 0n;
      let debits = 0n;
      const details: string[] = [];
      for (let d = 0; d < 500; d++) {
        const amount = 1 + random.below(250_000);
        const credit = random.below(2) === 0;
        const code = credit ? ['165', '195', '115', '142'][d % 4] : ['451', '475', '495', '699'][d % 4];
        if (credit) credits += BigInt(amount);
        else debits += BigInt(amount);
        truth.entries++;
        truth.netMinor += credit ? BigInt(amount) : -BigInt(amount);
        details.push(`16,${code},${amount},0,BR${pad(groups, 6)}${pad(d, 4)},CR${pad(d, 6)},PAYMENT ${d} FROM COUNTERPARTY ${NAMES[d % NAMES.length].toUpperCase()}`);
        if (d % 10 === 0) details.push(`88,CONTINUED TEXT FOR DETAIL ${d}, WITH COMMAS / AND SLASHES`);
      }
      const closing = BigInt(opening) + credits - debits;
      const summary = `03,${account},USD,010,${opening},,,015,${closing},,/`;
      const accountTotal = BigInt(opening) + closing + credits + debits;
      const accountRecords = 1 + details.length + 1;
      lines.push(summary, ...details, `49,${accountTotal},${accountRecords}/`);
      lines.push(`98,${accountTotal},1,${accountRecords + 2}/`);
      fileTotal += accountTotal;
      fileRecords += accountRecords + 2;
      truth.statements++;
      const text = `${lines.join('\n')}\n`;
      written += text.length;
      yield text;
    }
    yield `99,${fileTotal},${groups},${fileRecords + 1}/\n`;
  }
  return { pieces: pieces(), truth };
}

export const benchCsvProfile: CsvProfile = {
  delimiter: ';',
  header: true,
  dateFormat: 'DD.MM.YYYY',
  decimalSeparator: ',',
  thousandsSeparator: '.',
  columns: { bookingDate: 'Buchungstag', valueDate: 'Valuta', counterpartyName: 'Empfänger', counterpartyAccount: 'IBAN', description: 'Verwendungszweck', amount: 'Betrag', currency: 'Währung', accountId: 'Konto' },
};

/** A German-style CSV export: quoted purpose texts with delimiters, "1.234,56" signed amounts. */
export function generateCsv(targetBytes: number): Generated {
  const truth: GeneratedTruth = { entries: 0, netMinor: 0n, statements: 0 };
  function* pieces(): Generator<string> {
    const random = new Random(4180);
    let written = 0;
    const header = 'Konto;Buchungstag;Valuta;Empfänger;IBAN;Verwendungszweck;Betrag;Währung\n';
    written += header.length;
    yield header;
    while (written < targetBytes) {
      const rows: string[] = [];
      for (let r = 0; r < 5000; r++) {
        const amount = 1 + random.below(2_000_000);
        const negative = random.below(2) === 0;
        const whole = Math.floor(amount / 100);
        const grouped = whole >= 1000 ? `${Math.floor(whole / 1000)}.${pad(whole % 1000, 3)}` : String(whole);
        truth.entries++;
        truth.netMinor += negative ? -BigInt(amount) : BigInt(amount);
        const day = pad(1 + (r % 28), 2);
        rows.push(`DE89370400440532013000;${day}.01.2026;${day}.01.2026;${NAMES[r % NAMES.length]};DE02120300000000202051;"Rechnung ${r}; Kunde ""${r % 97}""";${negative ? '-' : ''}${grouped},${pad(amount % 100, 2)};EUR`);
      }
      const text = `${rows.join('\n')}\n`;
      written += text.length;
      yield text;
    }
  }
  return { pieces: pieces(), truth };
}

/** A NextGenPSD2 transaction report with one huge `booked` array. */
export function generateBerlinGroup(targetBytes: number): Generated {
  const truth: GeneratedTruth = { entries: 0, netMinor: 0n, statements: 1 };
  function* pieces(): Generator<string> {
    const random = new Random(2018);
    let written = 0;
    const head = '{\n  "account": { "iban": "DE89370400440532013000", "currency": "EUR" },\n  "transactions": {\n    "booked": [\n';
    written += head.length;
    yield head;
    let first = true;
    let id = 0;
    while (written < targetBytes) {
      const items: string[] = [];
      for (let t = 0; t < 2000; t++) {
        id++;
        const amount = 1 + random.below(2_000_000);
        const negative = random.below(2) === 0;
        truth.entries++;
        truth.netMinor += negative ? -BigInt(amount) : BigInt(amount);
        const party = negative ? '"creditorName"' : '"debtorName"';
        items.push(
          `      {"transactionId": "T${id}", "endToEndId": "E2E-${id}", "bookingDate": "2026-01-${pad(1 + (t % 28), 2)}", "valueDate": "2026-01-${pad(1 + (t % 28), 2)}", ` +
            `"transactionAmount": {"currency": "EUR", "amount": "${negative ? '-' : ''}${dotted(amount)}"}, ${party}: "${NAMES[t % NAMES.length]}", ` +
            `"${negative ? 'creditor' : 'debtor'}Account": {"iban": "DE02120300000000202051"}, "remittanceInformationUnstructured": "Rechnung ${id}", "bankTransactionCode": "PMNT-RCDT-ESCT"}`,
        );
      }
      const text = `${first ? '' : ',\n'}${items.join(',\n')}`;
      first = false;
      written += text.length;
      yield text;
    }
    yield '\n    ]\n  }\n}\n';
  }
  return { pieces: pieces(), truth };
}
