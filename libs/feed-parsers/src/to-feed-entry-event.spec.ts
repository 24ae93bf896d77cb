import { BalanceReportedV1, conformsTo, FeedEntryReceivedV1 } from '@kontor/contracts';
import type { StatementEntry } from './feed-parser';
import { toBalanceReportedEvent, toFeedEntryEvent } from './to-feed-entry-event';

const context = { feedId: '3f0c2b8e-8a56-4c1e-9d41-2f3b7b1d9a10', bankId: 'demo-bank', sourceFormat: 'camt.053' as const, tokenizationKey: 'k'.repeat(32) };
const PAN = '4111111111111111';
const IBAN = 'DE89370400440532013000';
const COUNTERPARTY_IBAN = 'NL91ABNA0417164300';

function anEntry(overrides: Partial<StatementEntry> = {}): StatementEntry {
  return { accountId: IBAN, amount: '42.50', currency: 'EUR', creditDebit: 'DBIT', status: 'booked', bookingDate: '2026-11-28', ...overrides };
}

function accepted(entry: StatementEntry, index = 0): FeedEntryReceivedV1 {
  const result = toFeedEntryEvent(entry, index, context);
  if (!result.ok) throw new Error(`rejected: ${result.reason} ${result.detail}`);
  return result.event;
}

describe('toFeedEntryEvent (the edge)', () => {
  it('keeps everything the format stated, amounts exactly, and produces a valid event', () => {
    const event = accepted(
      anEntry({
        bankEntryId: 'NTRY-1',
        valueDate: '2026-11-29',
        occurredAt: '2026-11-28T09:15:00+01:00',
        statementRef: 'STMT-2026-11-28',
        remittanceInformation: 'Invoice 4711',
        counterparty: { name: 'ACME B.V.', accountId: COUNTERPARTY_IBAN, bic: 'ABNANL2A' },
        references: { endToEndId: 'E2E-1', accountServicerRef: 'ASR-1', transactionCode: 'iso:PMNT-ICDT-ESCT' },
        fx: { originalAmount: '45.99', originalCurrency: 'USD', exchangeRate: '1.0821' },
        batch: { batchRef: 'B-1', entryCount: 3, index: 1 },
        reversal: true,
      }),
      7,
    );
    expect(conformsTo(FeedEntryReceivedV1, event)).toBe(true);
    expect(event).toMatchObject({
      entryIndex: 7,
      sourceFormat: 'camt.053',
      amount: '42.50',
      bankEntryId: 'NTRY-1',
      statementRef: 'STMT-2026-11-28',
      references: { endToEndId: 'E2E-1', transactionCode: 'iso:PMNT-ICDT-ESCT' },
      fx: { originalAmount: '45.99', originalCurrency: 'USD', exchangeRate: '1.0821' },
      batch: { batchRef: 'B-1', entryCount: 3, index: 1 },
      reversal: true,
    });
    expect(event.counterparty).toEqual({ name: 'ACME B.V.', accountRef: expect.stringMatching(/^acc_/), accountMasked: 'NL91 •••• 4300', bic: 'ABNANL2A' });
  });

  it('lets no PAN and no full account number through, anywhere in the event', () => {
    const spaced = '4111 1111 1111 1111';
    const event = accepted(
      anEntry({
        card: { pan: PAN },
        description: `CARD ${spaced} BLUE BOTTLE`,
        remittanceInformation: `ref ${PAN}`,
        merchant: { name: `Shop ${PAN}` },
        counterparty: { name: `Card ${PAN}`, accountId: COUNTERPARTY_IBAN },
        references: { endToEndId: `E2E-${PAN}` },
        bankEntryId: `ID${PAN}`,
      }),
    );
    const json = JSON.stringify(event);
    for (const secret of [PAN, spaced, IBAN, COUNTERPARTY_IBAN]) expect(json).not.toContain(secret);
    expect(event.card).toEqual({ token: expect.stringMatching(/^card_/), last4: '1111' });
    expect(event.description).toBe('CARD •••• 1111 BLUE BOTTLE');
    expect(event.accountMasked).toBe('DE89 •••• 3000');
    // Identifiers stay unique: the PAN inside becomes its token, the same one the card gets.
    expect(event.bankEntryId).toBe(`ID${event.card!.token}`);
  });

  it('masks the account number where a bank built it into the statement reference', () => {
    expect(accepted(anEntry({ statementRef: `2026-11/${IBAN}/1` })).statementRef).toBe('2026-11/DE89 •••• 3000/1');
    expect(accepted(anEntry({ accountId: '0975 312468', statementRef: 'G1/0975312468' })).statementRef).toBe('G1/•••• 2468');
    const balance = toBalanceReportedEvent({ accountId: IBAN, balanceType: 'closing-booked', amount: '1.00', currency: 'EUR', creditDebit: 'CRDT', asOfDate: '2026-11-28', statementRef: `S/${IBAN}` }, context);
    expect(balance.ok && balance.event.statementRef).toBe('S/DE89 •••• 3000');
  });

  it("masks the entry's own PAN even where it runs together with other digits (no Luhn boundary)", () => {
    const event = accepted(anEntry({ card: { pan: PAN }, description: `REF99${PAN}01`, references: { endToEndId: `7${PAN}` } }));
    expect(JSON.stringify(event)).not.toContain(PAN);
    expect(event.description).toBe('REF99•••• 111101');
    expect(event.references?.endToEndId).toBe(`7${event.card!.token}`);
  });

  it('gives one counterparty the same token whichever bank reports it, and distinct from the account scope', () => {
    const a = accepted(anEntry({ counterparty: { accountId: COUNTERPARTY_IBAN } }));
    const b = toFeedEntryEvent(anEntry({ counterparty: { accountId: 'nl91 abna 0417 1643 00' } }), 0, { ...context, bankId: 'other-bank' });
    expect(b.ok && b.event.counterparty?.accountRef).toBe(a.counterparty?.accountRef);
    expect(a.counterparty?.accountRef).not.toBe(a.accountRef);
  });

  it('shortens over-long free text instead of dropping the money', () => {
    const event = accepted(anEntry({ description: 'x'.repeat(800), remittanceInformation: 'y'.repeat(2000) }));
    expect(event.description).toHaveLength(500);
    expect(event.remittanceInformation).toHaveLength(1000);
  });

  it.each([
    ['an amount with a comma', { amount: '12,50' }, 'invalid-amount'],
    ['more decimals than the currency has', { amount: '1.005' }, 'invalid-amount'],
    ['an unknown currency', { currency: 'EURO' }, 'unknown-currency'],
    ['gold, which has no minor unit', { currency: 'XAU' }, 'unknown-currency'],
    ['an impossible date', { bookingDate: '2026-02-30' }, 'invalid-date'],
    ['an impossible value date', { valueDate: '2026-13-01' }, 'invalid-date'],
    ['no account', { accountId: '' }, 'missing-field'],
    ['a PAN that is not digits', { card: { pan: '4111-xxxx' } }, 'invalid-entry'],
    ['a last4 contradicting the PAN', { card: { pan: PAN, last4: '2222' } }, 'invalid-entry'],
    ['a bad FX currency', { fx: { originalAmount: '1.00', originalCurrency: 'ZZZ' } }, 'unknown-currency'],
  ])('rejects %s with a reason', (_, overrides, reason) => {
    const result = toFeedEntryEvent(anEntry(overrides as Partial<StatementEntry>), 0, context);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.detail).not.toContain(PAN);
  });

  it('turns a stated balance into a valid BalanceReportedV1 with the account tokenized', () => {
    const result = toBalanceReportedEvent({ accountId: IBAN, balanceType: 'closing-booked', amount: '1099.90', currency: 'EUR', creditDebit: 'DBIT', asOfDate: '2026-11-28', statementRef: 'S-1' }, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(conformsTo(BalanceReportedV1, result.event)).toBe(true);
    expect(result.event).toMatchObject({ balanceType: 'closing-booked', amount: '1099.90', creditDebit: 'DBIT', accountMasked: 'DE89 •••• 3000' });
    expect(JSON.stringify(result.event)).not.toContain(IBAN);
    expect(toBalanceReportedEvent({ accountId: IBAN, balanceType: 'opening-booked', amount: '1', currency: 'EUR', creditDebit: 'CRDT', asOfDate: '2026-02-31' }, context)).toMatchObject({ ok: false, reason: 'invalid-date' });
  });
});
