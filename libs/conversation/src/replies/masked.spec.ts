import { assertNoCardOrAccountNumber, cardLastFour, maskedAccount, UnmaskedDataError } from './masked';
import { balanceReply } from './account-replies';

describe('masked accounts and card last four', () => {
  it('accepts masked forms', () => {
    expect(maskedAccount('DE89 •••• 3000')).toBe('DE89 •••• 3000');
    expect(maskedAccount('•••• 3000')).toBe('•••• 3000');
    expect(maskedAccount('****1234')).toBe('****1234');
    expect(cardLastFour('1111')).toBe('1111');
  });

  it.each(['DE89370400440532013000', 'DE89 3704 0044 0532 0130 00', 'DE89 •••• 0044 0532 3000', '12345678', 'account 3000'])('refuses the unmasked account %j', (value) => {
    expect(() => maskedAccount(value)).toThrow(UnmaskedDataError);
  });

  it.each(['4111111111111111', '411', '1111 ', 'abcd'])('refuses %j as last four', (value) => {
    expect(() => cardLastFour(value)).toThrow(UnmaskedDataError);
  });

  it('refuses free text with a card number or IBAN, but not other numbers', () => {
    expect(() => assertNoCardOrAccountNumber('Refund 4111 1111 1111 1111')).toThrow(UnmaskedDataError);
    expect(() => assertNoCardOrAccountNumber('to DE89370400440532013000')).toThrow(UnmaskedDataError);
    expect(assertNoCardOrAccountNumber('Order 12345678902')).toBe('Order 12345678902');
    expect(assertNoCardOrAccountNumber('7-Eleven')).toBe('7-Eleven');
  });

  it('makes a plain string a type error where a masked account is expected', () => {
    // @ts-expect-error a raw account number is not a MaskedAccount
    const reply = () => balanceReply({ locale: 'en', accounts: [{ accountMasked: 'DE89370400440532013000', balance: { amountMinor: '1', currency: 'EUR', currencyExponent: 2 } }] });
    expect(typeof reply).toBe('function');
  });
});
