import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { camt053Parser } from './camt/camt.parser';
import { checkStatement } from './statement-check';
import { collectFeedItems } from './text';

const examples = join(__dirname, '../../../examples/feeds');

/** The README's example statement must stay a valid camt.053 whose balances add up. */
describe('examples/feeds/statement.camt053.xml', () => {
  it('reads as one statement of three booked entries whose opening + entries = closing', async () => {
    const items = await collectFeedItems(camt053Parser, readFileSync(join(examples, 'statement.camt053.xml')));
    const entries = items.flatMap((i) => (i.kind === 'entry' ? [i.entry] : []));
    const balances = items.flatMap((i) => (i.kind === 'balance' ? [i.balance] : []));
    expect(items.filter((i) => i.kind === 'entry-error')).toEqual([]);
    expect(entries.map((e) => `${e.creditDebit} ${e.amount} ${e.currency} ${e.bookingDate}`)).toEqual([
      'DBIT 4.80 EUR 2026-11-30',
      'CRDT 3250.00 EUR 2026-11-30',
      'DBIT 887.69 EUR 2026-11-30',
    ]);
    expect(entries[0].card).toEqual({ pan: '4111111111111111', last4: '1111' });
    expect(checkStatement(entries, balances)).toMatchObject({ result: 'consistent', currencies: [{ currency: 'EUR', openingMinor: '100000', entriesMinor: '235751', closingMinor: '335751' }] });
  });
});
