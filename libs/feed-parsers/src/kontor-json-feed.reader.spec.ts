import { conformsTo, FeedEntryReceivedV1 } from '@kontor/contracts';
import { aKontorJsonFeed } from '@kontor/contracts/testing';
import { FeedRejectedError, readKontorJsonFeed } from './kontor-json-feed.reader';

const context = { feedId: '3f0c2b8e-8a56-4c1e-9d41-2f3b7b1d9a10', bankId: 'demo-bank', tokenizationKey: 'k'.repeat(32) };
const read = (feed: unknown) => readKontorJsonFeed(Buffer.from(JSON.stringify(feed)), context);
const PAN = '4111111111111111';

describe('readKontorJsonFeed', () => {
  it('turns every entry into a valid feed-entry event, amount kept exactly as stated', () => {
    const events = read(aKontorJsonFeed({ amount: '42.50' }, { amount: '0.1' }));
    expect(events).toHaveLength(2);
    expect(events.every((e) => conformsTo(FeedEntryReceivedV1, e))).toBe(true);
    expect(events.map((e) => [e.entryIndex, e.amount, e.bankEntryId])).toEqual([
      [0, '42.50', 'tx-0001'],
      [1, '0.1', 'tx-0002'],
    ]);
  });

  it('tokenizes the card and the account at the edge: no PAN, no full account number leaves', () => {
    const [event] = read(aKontorJsonFeed({ card: { pan: PAN }, description: `paid with ${PAN}` }));
    const json = JSON.stringify(event);
    expect(json).not.toContain(PAN);
    expect(json).not.toContain('DE89370400440532013000');
    expect(event.card).toEqual({ token: expect.stringMatching(/^card_/), last4: '1111' });
    expect(event.accountRef).toMatch(/^acc_/);
    expect(event.accountMasked).toBe('DE89 •••• 3000');
    expect(event.description).toBe('paid with •••• 1111');
  });

  it('gives the same card the same token, and a last-four-only card a stable token of its own', () => {
    const [a, b] = read(aKontorJsonFeed({ card: { pan: PAN } }, { card: { pan: PAN } }));
    expect(a.card?.token).toBe(b.card?.token);
    const [c, d] = read(aKontorJsonFeed({ card: { last4: '1111' } }, { card: { last4: '1111' }, accountId: 'de89370400440532013000' }));
    expect(c.card?.token).toBe(d.card?.token);
    expect(c.card?.token).not.toBe(a.card?.token);
  });

  it('rejects the whole feed, naming each problem, when any entry is invalid', () => {
    const attempt = () => read(aKontorJsonFeed({}, { amount: '-5.00', bookingDate: '28.11.2026' }));
    expect(attempt).toThrow(FeedRejectedError);
    expect(attempt).toThrow(expect.objectContaining({ reason: 'feed-invalid', problems: expect.arrayContaining([expect.stringContaining('entries.1.amount')]) }));
    expect(attempt).toThrow(expect.objectContaining({ problems: expect.arrayContaining([expect.stringContaining('entries.1.bookingDate')]) }));
  });

  it('rejects a non-monetary currency the ISO list knows (gold)', () => {
    expect(() => read(aKontorJsonFeed({ currency: 'XAU' }))).toThrow('entries.0.currency');
  });

  it('rejects a last4 that contradicts the PAN', () => {
    expect(() => read(aKontorJsonFeed({ card: { pan: PAN, last4: '9999' } }))).toThrow('entries.0.card.last4');
  });

  it('rejects malformed JSON and unknown fields', () => {
    expect(() => readKontorJsonFeed(Buffer.from('{"entries": ['), context)).toThrow(expect.objectContaining({ reason: 'malformed-json' }));
    expect(() => read({ ...aKontorJsonFeed(), extra: true })).toThrow(expect.objectContaining({ reason: 'feed-invalid' }));
    expect(() => read({ entries: [] })).toThrow(expect.objectContaining({ reason: 'feed-invalid' }));
  });
});
