import { formatDate, formatMoney, formatMonth, receiptNumber, toDecimalString } from './money-format';

const eur = (amountMinor: string) => ({ amountMinor, currency: 'EUR', currencyExponent: 2 });

describe('formatMoney', () => {
  it('formats for each locale', () => {
    expect(formatMoney(eur('123456'), 'en')).toBe('€1,234.56');
    expect(formatMoney(eur('123456'), 'de')).toBe('1.234,56\u00a0€');
    expect(formatMoney(eur('-1250'), 'de')).toBe('-12,50\u00a0€');
    expect(formatMoney(eur('-50'), 'en')).toBe('-€0.50');
    expect(formatMoney({ amountMinor: '1500', currency: 'JPY', currencyExponent: 0 }, 'en')).toBe('JP¥1,500');
    expect(formatMoney({ amountMinor: '1234', currency: 'KWD', currencyExponent: 3 }, 'de')).toBe('1,234\u00a0KWD');
  });

  it('is exact where a float would round', () => {
    // 9999999999999999.99 is 10000000000000000 as a double.
    expect(formatMoney(eur('999999999999999999'), 'en')).toBe('€9,999,999,999,999,999.99');
    expect(formatMoney(eur('999999999999999999'), 'de')).toBe('9.999.999.999.999.999,99\u00a0€');
  });

  it('refuses an exponent that does not match the currency, and non-integers', () => {
    expect(() => formatMoney({ amountMinor: '1234', currency: 'EUR', currencyExponent: 3 }, 'en')).toThrow('exponent 2');
    expect(() => formatMoney(eur('12.34'), 'en')).toThrow(RangeError);
    expect(() => formatMoney({ amountMinor: '1', currency: 'XXX', currencyExponent: 2 }, 'en')).toThrow();
  });

  it('gives the exact decimal string', () => {
    expect(toDecimalString(eur('-0'))).toBe('0.00');
    expect(toDecimalString(eur('-105'))).toBe('-1.05');
  });
});

describe('receiptNumber', () => {
  it('writes the decimal exactly as a JSON number', () => {
    expect(JSON.stringify({ total_cost: receiptNumber('5614', 'EUR') })).toBe('{"total_cost":56.14}');
    expect(JSON.stringify(receiptNumber('5610', 'EUR'))).toBe('56.1');
    expect(JSON.stringify(receiptNumber('0', 'EUR'))).toBe('0');
    expect(JSON.stringify(receiptNumber('1500', 'JPY'))).toBe('1500');
    expect(JSON.stringify(receiptNumber('1', 'KWD'))).toBe('0.001');
    expect(JSON.stringify(receiptNumber('99999999999999', 'EUR'))).toBe('999999999999.99');
  });

  it('refuses amounts a JSON number cannot carry exactly', () => {
    expect(() => receiptNumber('999999999999999999', 'EUR')).toThrow('cannot be written exactly');
  });
});

describe('dates', () => {
  it('formats booking dates without shifting them by time zone', () => {
    expect(formatDate('2026-11-28', 'en')).toBe('28 Nov 2026');
    expect(formatDate('2026-11-28', 'de')).toBe('28. Nov. 2026');
    expect(formatMonth('2026-10', 'en')).toBe('October 2026');
    expect(formatMonth('2026-10', 'de')).toBe('Oktober 2026');
  });
});
