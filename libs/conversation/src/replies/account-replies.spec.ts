import { balanceReply, recentTransactionsReply, searchSpendingReply, SpendingTransaction, spendingByCategoryReply, summarizeSpendingByCategory } from './account-replies';
import { cardLastFour, maskedAccount, UnmaskedDataError } from './masked';
import { messengerLimitViolations } from './messenger-limits';

const eur = (amountMinor: string) => ({ amountMinor, currency: 'EUR', currencyExponent: 2 });
const account = maskedAccount('DE89 •••• 3000');

describe('balanceReply', () => {
  it('shows the masked account and the exact amount in the customer’s format', () => {
    expect(balanceReply({ locale: 'en', accounts: [{ accountMasked: account, balance: eur('123456'), asOf: '2026-11-30' }] })).toEqual({
      text: 'Your balance:\n• DE89 •••• 3000: €1,234.56 (as of 30 Nov 2026)',
      quick_replies: [
        { content_type: 'text', title: 'Transactions', payload: 'INTENT|recent_transactions' },
        { content_type: 'text', title: 'Spending', payload: 'INTENT|spending_by_category' },
      ],
    });
    expect(balanceReply({ locale: 'de', accounts: [{ accountMasked: account, balance: eur('-4250') }] }).text).toBe('Ihr Kontostand:\n• DE89 •••• 3000: -42,50\u00a0€');
  });

  it('says so when there is no balance', () => {
    expect(balanceReply({ locale: 'de', accounts: [] }).text).toMatch(/noch keinen Kontostand/);
  });
});

describe('recentTransactionsReply', () => {
  const transactions = [
    { bookingDate: '2026-11-30', displayName: 'Blue Bottle Coffee', amount: eur('450'), direction: 'debit' as const, status: 'pending' as const, cardLastFour: cardLastFour('1111') },
    { bookingDate: '2026-11-28', displayName: 'ACME GmbH', amount: eur('250000'), direction: 'credit' as const, status: 'booked' as const },
    { bookingDate: '2026-11-27', amount: eur('1999'), direction: 'debit' as const, status: 'booked' as const },
  ];

  it('lists date, name, signed amount, pending and card last four', () => {
    expect(recentTransactionsReply({ locale: 'en', accountMasked: account, transactions }).text).toBe(
      'Recent transactions on DE89 •••• 3000:\n• 30 Nov 2026 Blue Bottle Coffee: -€4.50 (pending) · card •1111\n• 28 Nov 2026 ACME GmbH: +€2,500.00\n• 27 Nov 2026 Payment: -€19.99',
    );
    expect(recentTransactionsReply({ locale: 'de', transactions }).text).toBe(
      'Ihre letzten Umsätze:\n• 30. Nov. 2026 Blue Bottle Coffee: -4,50\u00a0€ (vorgemerkt) · Karte •1111\n• 28. Nov. 2026 ACME GmbH: +2.500,00\u00a0€\n• 27. Nov. 2026 Zahlung: -19,99\u00a0€',
    );
  });

  it('stays within Messenger’s limits for long lists', () => {
    const many = Array.from({ length: 200 }, () => transactions[0]);
    const reply = recentTransactionsReply({ locale: 'en', transactions: many });
    expect(messengerLimitViolations(reply)).toEqual([]);
    expect(reply.text).toMatch(/…and \d+ more$/);
  });

  it('refuses a merchant name carrying a card number', () => {
    expect(() => recentTransactionsReply({ locale: 'en', transactions: [{ ...transactions[0], displayName: 'REFUND 4111111111111111' }] })).toThrow(UnmaskedDataError);
  });
});

describe('spending by category', () => {
  const tx = (amountMinor: string, primary: string | undefined, extra: Partial<SpendingTransaction> = {}): SpendingTransaction => ({
    amountMinor,
    currency: 'EUR',
    currencyExponent: 2,
    direction: 'debit',
    status: 'booked',
    bookingDate: '2026-12-03',
    category: primary ? { primary, detailed: `${primary}.other`, source: 'mcc' } : undefined,
    ...extra,
  });

  it('sums booked and pending debits of the month per category, exactly, largest first', () => {
    const totals = summarizeSpendingByCategory(
      [
        tx('10', 'food'),
        tx('20', 'food', { status: 'pending' }),
        tx('999999999999999990', 'housing'),
        tx('5000', 'groceries'),
        tx('700', undefined),
        tx('100000', 'food', { direction: 'credit' }),
        tx('100000', 'food', { status: 'reversed' }),
        tx('100000', 'food', { bookingDate: '2026-11-30' }),
      ],
      '2026-12',
    );
    expect(totals).toEqual([
      { primary: 'housing', total: eur('999999999999999990'), count: 1 },
      { primary: 'groceries', total: eur('5000'), count: 1 },
      { primary: 'uncategorized', total: eur('700'), count: 1 },
      { primary: 'food', total: eur('30'), count: 2 },
    ]);
  });

  it('formats the breakdown with a total', () => {
    const categories = summarizeSpendingByCategory([tx('4250', 'groceries'), tx('1999', 'food'), tx('1', 'home_office')], '2026-12');
    expect(spendingByCategoryReply({ locale: 'en', month: '2026-12', categories }).text).toBe(
      'Your spending in December 2026 by category:\n• Groceries: €42.50 (1 payment)\n• Food and drink: €19.99 (1 payment)\n• Home office: €0.01 (1 payment)\nTotal: €62.50',
    );
    expect(spendingByCategoryReply({ locale: 'de', month: '2026-12', categories }).text).toMatch(/^Ihre Ausgaben im Dezember 2026 nach Kategorie:\n• Lebensmittel: 42,50\u00a0€ \(1 Zahlung\)/);
    expect(spendingByCategoryReply({ locale: 'en', month: '2026-12', categories: [] }).text).toBe('No card or account spending in December 2026 so far.');
  });

  it('totals each currency separately', () => {
    const categories = summarizeSpendingByCategory([tx('100', 'food'), tx('300', 'travel', { currency: 'USD' })], '2026-12');
    expect(spendingByCategoryReply({ locale: 'en', month: '2026-12', categories }).text).toMatch(/Total: US\$3\.00 \+ €1\.00$/);
  });
});

describe('searchSpendingReply', () => {
  it('answers "how much at Amazon in October?" in both languages', () => {
    expect(searchSpendingReply({ locale: 'en', merchant: 'Amazon', month: '2026-10', total: eur('12345'), count: 4 }).text).toBe('You spent €123.45 at Amazon in October 2026 (4 payments).');
    expect(searchSpendingReply({ locale: 'de', merchant: 'Amazon', month: '2026-10', total: eur('12345'), count: 4 }).text).toBe('Sie haben bei Amazon im Oktober 2026 123,45\u00a0€ ausgegeben (4 Zahlungen).');
    expect(searchSpendingReply({ locale: 'en', merchant: 'Rewe', period: 'last_month', month: '2026-11', total: eur('100'), count: 1 }).text).toBe('You spent €1.00 at Rewe last month (1 payment).');
  });

  it('says when nothing matched', () => {
    expect(searchSpendingReply({ locale: 'en', merchant: 'Netflix', count: 0 }).text).toBe('I found no spending at Netflix.');
    expect(searchSpendingReply({ locale: 'de', month: '2026-03', count: 0 }).text).toBe('Ich habe im März 2026 keine Ausgaben gefunden.');
  });
});
