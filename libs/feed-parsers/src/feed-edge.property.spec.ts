import fc from 'fast-check';
import { FeedStructureError } from './feed-parser';
import type { StatementEntry } from './feed-parser';
import { detectFeedFormat } from './detect-format';
import { KontorJsonFeedParser } from './kontor-json.parser';
import { toFeedEntryEvent } from './to-feed-entry-event';

const context = { feedId: '3f0c2b8e-8a56-4c1e-9d41-2f3b7b1d9a10', bankId: 'demo-bank', sourceFormat: 'mt940' as const, tokenizationKey: 'k'.repeat(32) };

/** A Luhn-valid PAN of 13–19 digits. */
const pan = fc.tuple(fc.integer({ min: 12, max: 18 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 })).map(([length, digits]) => {
  const body = digits.slice(0, length);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body[body.length - 1 - i];
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return [...body, (10 - (sum % 10)) % 10].join('');
});
const text = fc.string({ maxLength: 60 });

describe('the edge, on random input', () => {
  it('never lets a PAN through, wherever in the entry the bank put it', () => {
    fc.assert(
      fc.property(pan, text, text, fc.constantFrom('description', 'remittanceInformation', 'merchant', 'counterparty', 'reference', 'bankEntryId'), (card, before, after, where) => {
        const free = `${before}${card}${after}`;
        const entry: StatementEntry = {
          accountId: 'DE89370400440532013000',
          amount: '1.00',
          currency: 'EUR',
          creditDebit: 'DBIT',
          status: 'booked',
          bookingDate: '2026-11-28',
          card: { pan: card },
          ...(where === 'description' && { description: free }),
          ...(where === 'remittanceInformation' && { remittanceInformation: free }),
          ...(where === 'merchant' && { merchant: { name: free || 'x' } }),
          ...(where === 'counterparty' && { counterparty: { name: free } }),
          ...(where === 'reference' && { references: { endToEndId: free.slice(0, 140) || 'x' } }),
          ...(where === 'bankEntryId' && { bankEntryId: free.slice(0, 90) || 'x' }),
        };
        const result = toFeedEntryEvent(entry, 0, context);
        const out = JSON.stringify(result);
        expect(out).not.toContain(card);
        if (result.ok) expect(result.event.card?.last4).toBe(card.slice(-4));
      }),
      { numRuns: 300 },
    );
  });

  it('detects or refuses any bytes without throwing anything but a structure error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(undefined, 'application/json', 'text/csv', 'application/xml'), (bytes, contentType) => {
        try {
          detectFeedFormat(contentType, Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(FeedStructureError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('KontorJsonFeedParser, on random and mutated input', () => {
  const valid = JSON.stringify({
    entries: [
      { entryId: 'a', accountId: 'DE89370400440532013000', amount: '1.00', currency: 'EUR', creditDebit: 'DBIT', status: 'booked', bookingDate: '2026-11-28', description: 'x "y" {z}' },
      { entryId: 'b', accountId: 'DE89370400440532013000', amount: '2.00', currency: 'EUR', creditDebit: 'CRDT', status: 'pending', bookingDate: '2026-11-28' },
    ],
  });

  async function outcome(bytes: Buffer): Promise<string> {
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 17) yield bytes.subarray(i, i + 17);
    }
    try {
      let n = 0;
      for await (const item of new KontorJsonFeedParser().parse(chunks())) {
        expect(['entry', 'entry-error']).toContain(item.kind);
        n++;
      }
      return `items:${n}`;
    } catch (error) {
      expect(error).toBeInstanceOf(FeedStructureError);
      return (error as FeedStructureError).reason;
    }
  }

  it('ends every mutation of a valid feed with items or a structure error, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'delete', 'insert', 'truncate'), async (at, byte, how) => {
        const bytes = Buffer.from(valid);
        const mutated =
          how === 'replace'
            ? Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at + 1)])
            : how === 'delete'
              ? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
              : how === 'insert'
                ? Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)])
                : bytes.subarray(0, at);
        await outcome(mutated);
      }),
      { numRuns: 400 },
    );
  });

  it('answers random bytes with a structure error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        const result = await outcome(Buffer.from(bytes));
        expect(result.startsWith('items:') ? 'feed' : result).not.toBe('feed');
      }),
      { numRuns: 300 },
    );
  });
});
