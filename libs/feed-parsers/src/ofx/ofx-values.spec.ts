import { EntryProblem } from '../xml/feed-values';
import { divideByRate, multiplyByRate, parseOfxAmount, parseOfxDateTime } from './ofx-values';

describe('parseOfxAmount', () => {
  it.each([
    ['-9.9', '9.9', true],
    ['+100', '100', false],
    ['100', '100', false],
    ['1234,56', '1234.56', false],
    ['-1.234,56', '1234.56', true],
    ['1,234.56', '1234.56', false],
    ['1.234.567', '1234567', false],
    ['-.50', '0.50', true],
    ['007.10', '7.10', false],
    ['-0.00', '0.00', false],
    [' 13318.36 ', '13318.36', false],
  ])('%j → %s (negative: %s)', (raw, amount, negative) => {
    expect(parseOfxAmount(raw, 'TRNAMT')).toEqual({ amount, negative });
  });

  it.each(['', 'abc', '1e5', '12.3.4,5', '--1', '1,2,3.4.5', '1234567890123456789', '1.1234567'])('%j is an entry problem', (raw) => {
    expect(() => parseOfxAmount(raw, 'TRNAMT')).toThrow(EntryProblem);
  });
});

describe('parseOfxDateTime', () => {
  it.each([
    ['20160823', { date: '2016-08-23' }],
    ['20160823000000', { date: '2016-08-23' }],
    ['20160823101500', { date: '2016-08-23', dateTime: '2016-08-23T10:15:00Z' }],
    ['20181026000000[-3:GMT]', { date: '2018-10-26', dateTime: '2018-10-26T00:00:00-03:00' }],
    ['20071015021529.000[-8:PST]', { date: '2007-10-15', dateTime: '2007-10-15T02:15:29.000-08:00' }],
    ['20260301120000[+5.30:IST]', { date: '2026-03-01', dateTime: '2026-03-01T12:00:00+05:30' }],
    ['20260301120000[-3.5:NST]', { date: '2026-03-01', dateTime: '2026-03-01T12:00:00-03:30' }],
    ['20260301120000[0:GMT]', { date: '2026-03-01', dateTime: '2026-03-01T12:00:00Z' }],
    ['202603011200', { date: '2026-03-01', dateTime: '2026-03-01T12:00:00Z' }],
  ])('%s', (raw, expected) => {
    expect(parseOfxDateTime(raw, 'DTPOSTED')).toEqual(expected);
  });

  it.each(['20260230', '20261301', '2026-03-01', '20260301250000', 'tomorrow', '20260301120000[-99:X]'])('%s is an invalid date', (raw) => {
    expect(() => parseOfxDateTime(raw, 'DTPOSTED')).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
  });
});

describe('conversion with a stated rate, exactly', () => {
  it('rounds half up to the target currency', () => {
    expect(multiplyByRate('108.34', '1.0834', 'USD')).toBe('117.38');
    expect(multiplyByRate('0.005', '1', 'EUR')).toBe('0.01');
    expect(multiplyByRate('1000', '151.27', 'JPY')).toBe('151270');
    expect(divideByRate('54.17', '1.0834', 'EUR')).toBe('50.00');
    expect(divideByRate('10', '3', 'KWD')).toBe('3.333');
    expect(divideByRate('0.01', '3', 'EUR')).toBe('0.00');
  });
});
