import { currencyExponent, decimalToMinorUnits, InvalidAmountError, minorUnitsToDecimal, UnknownCurrencyError } from './index';

describe('decimalToMinorUnits', () => {
  it.each([
    ['42.50', 'EUR', 4250n],
    ['42.5', 'EUR', 4250n],
    ['42', 'EUR', 4200n],
    ['0.01', 'EUR', 1n],
    ['0', 'EUR', 0n],
    ['1.500', 'EUR', 150n],
    ['1500', 'JPY', 1500n],
    ['1500.000', 'JPY', 1500n],
    ['1.234', 'KWD', 1234n],
    ['1.2345', 'CLF', 12345n],
    ['9999999999999999.99', 'EUR', 999999999999999999n],
  ])('%s %s is %s minor units', (amount, currency, expected) => {
    expect(decimalToMinorUnits(amount, currency)).toBe(expected);
  });

  it('does not lose precision where a float would (0.1 + 0.2)', () => {
    expect(decimalToMinorUnits('0.10', 'EUR') + decimalToMinorUnits('0.20', 'EUR')).toBe(30n);
  });

  it.each([
    ['1.005', 'EUR', '2 decimal places'],
    ['1.5', 'JPY', '0 decimal places'],
    ['-1.00', 'EUR', 'unsigned decimal'],
    ['1,00', 'EUR', 'unsigned decimal'],
    ['1e3', 'EUR', 'unsigned decimal'],
    ['', 'EUR', 'unsigned decimal'],
    ['99999999999999999.99', 'EUR', 'too large'],
    ['1000000000000000000', 'JPY', 'too large'],
  ])('rejects %s %s (%s)', (amount, currency, reason) => {
    expect(() => decimalToMinorUnits(amount, currency)).toThrow(InvalidAmountError);
    expect(() => decimalToMinorUnits(amount, currency)).toThrow(reason);
  });

  it.each(['EURO', 'XXX', 'XAU', 'eur', 'ABC'])('rejects the non-monetary or unknown currency %s', (currency) => {
    expect(() => decimalToMinorUnits('1.00', currency)).toThrow(UnknownCurrencyError);
  });
});

describe('minorUnitsToDecimal', () => {
  it.each([
    [4250n, 'EUR', '42.50'],
    [1n, 'EUR', '0.01'],
    [0n, 'EUR', '0.00'],
    ['1500', 'JPY', '1500'],
    [1234n, 'KWD', '1.234'],
  ])('%s %s is %s', (minor, currency, expected) => {
    expect(minorUnitsToDecimal(minor, currency)).toBe(expected);
  });

  it('round-trips with decimalToMinorUnits', () => {
    for (const [amount, currency] of [['12.34', 'USD'], ['0.05', 'GBP'], ['7', 'JPY'], ['3.141', 'BHD']] as const) {
      expect(minorUnitsToDecimal(decimalToMinorUnits(amount, currency), currency)).toBe(amount);
    }
  });
});

describe('currencyExponent', () => {
  it('knows the ISO 4217 exceptions', () => {
    expect([currencyExponent('EUR'), currencyExponent('JPY'), currencyExponent('KWD'), currencyExponent('CLF')]).toEqual([2, 0, 3, 4]);
  });
});
