import { checkedAmount, checkedCurrency, checkedIsoDate, statedExchangeRate } from './feed-values';

describe('camt value checks', () => {
  it.each([
    ['2026-02-28', { date: '2026-02-28', hasTime: false }],
    ['2026-03-01+01:00', { date: '2026-03-01', hasTime: false }],
    ['2024-02-29Z', { date: '2024-02-29', hasTime: false }],
    ['2026-03-01T10:00:00', { date: '2026-03-01', hasTime: true }],
    ['2026-03-01T10:00:00.123456789Z', { date: '2026-03-01', hasTime: true, dateTime: '2026-03-01T10:00:00.123Z' }],
    ['2026-03-01T23:59:59+00:00', { date: '2026-03-01', hasTime: true, dateTime: '2026-03-01T23:59:59Z' }],
    ['2013-12-27T11:01:46.0+01:00', { date: '2013-12-27', hasTime: true, dateTime: '2013-12-27T11:01:46.000+01:00' }],
  ])('date %s', (raw, expected) => {
    expect(checkedIsoDate(raw, 'Dt')).toEqual(expected);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-03-01T24:00:00', '01.03.2026', '2026-3-1'])('%s is an impossible or unreadable date', (raw) => {
    expect(() => checkedIsoDate(raw, 'Dt')).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
  });

  it('amounts: unsigned decimals within the currency minor unit, kept as written', () => {
    expect(checkedAmount('1234.50', 'EUR', 'Amt')).toBe('1234.50');
    expect(checkedAmount('0.1', 'EUR', 'Amt')).toBe('0.1');
    expect(checkedAmount('100.000', 'JPY', 'Amt')).toBe('100.000');
    expect(checkedAmount('1.234', 'KWD', 'Amt')).toBe('1.234');
    for (const [raw, currency] of [['12,50', 'EUR'], ['-1.00', 'EUR'], ['1e3', 'EUR'], ['100.5', 'JPY'], ['1.001', 'EUR'], ['', 'EUR']]) {
      expect(() => checkedAmount(raw, currency, 'Amt')).toThrow(expect.objectContaining({ reason: raw === '' ? 'missing-field' : 'invalid-amount' }));
    }
  });

  it('currencies: monetary ISO 4217 only', () => {
    expect(checkedCurrency('CHF', 'Ccy')).toBe('CHF');
    for (const code of ['XAU', 'XXX', 'EURO', 'eur', 'ABC']) expect(() => checkedCurrency(code, 'Ccy')).toThrow(expect.objectContaining({ reason: 'unknown-currency' }));
  });

  it('exchange rates: trailing zeros trimmed, over-long or zero rates dropped', () => {
    expect(statedExchangeRate('1.083400')).toBe('1.0834');
    expect(statedExchangeRate('151')).toBe('151');
    expect(statedExchangeRate('0.946464646464646464')).toBeUndefined();
    expect(statedExchangeRate('0')).toBeUndefined();
    expect(statedExchangeRate('-1')).toBeUndefined();
  });
});
