import { validateCsvProfile } from './csv-profile.validation';

const profile = {
  delimiter: ';',
  header: true,
  skipLines: 2,
  encoding: 'windows-1252',
  dateFormat: 'DD.MM.YYYY',
  decimalSeparator: ',',
  thousandsSeparator: '.',
  columns: { bookingDate: 'Buchungstag', valueDate: 'Valuta', amount: 'Betrag', currency: 'Währung', description: 'Verwendungszweck', counterpartyName: 'Empfänger' },
  defaultAccountId: 'DE89370400440532013000',
};

describe('validateCsvProfile', () => {
  it('accepts a complete German bank export profile', () => {
    expect(validateCsvProfile(profile)).toEqual({ ok: true, profile });
  });

  it('accepts split debit/credit columns by index with a marker column', () => {
    const split = { delimiter: ',', header: false, dateFormat: 'MM/DD/YYYY', decimalSeparator: '.', columns: { bookingDate: 0, debitAmount: 2, creditAmount: 3, creditDebitMarker: 4, accountId: 1 }, debitMarkers: ['D'], defaultCurrency: 'USD' };
    expect(validateCsvProfile(split).ok).toBe(true);
  });

  it('lists every problem at once', () => {
    const result = validateCsvProfile({ ...profile, delimiter: 'x', thousandsSeparator: ',', extra: 1, columns: { valueDate: 'V', debitAmount: 'S', bogus: 'Z' }, defaultAccountId: undefined });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'extra: unknown field',
        expect.stringContaining('delimiter: must be one of'),
        'thousandsSeparator: must differ from decimalSeparator',
        'columns.bogus: unknown column role',
        'columns.bookingDate: required',
        'columns: debitAmount and creditAmount go together',
        'columns.currency or defaultCurrency: one is required',
        'columns.accountId or defaultAccountId: one is required',
      ]),
    );
  });

  it('refuses header names when the file has no header, and a non-object', () => {
    expect(validateCsvProfile({ ...profile, header: false })).toMatchObject({ ok: false, errors: expect.arrayContaining([expect.stringContaining('header is false')]) });
    expect(validateCsvProfile([])).toEqual({ ok: false, errors: ['(root): must be a JSON object'] });
  });
});
