import { maskAccountId, passesLuhn, redactPans, tokenizeAccount, tokenizeCard } from './tokenization';

const key = 'test-tokenization-key-0123456789abcdef';

describe('tokenization', () => {
  it('is deterministic per key and differs across keys, banks and accounts', () => {
    const a = tokenizeAccount(key, 'demo-bank', 'DE89370400440532013000');
    expect(a).toMatch(/^acc_[A-Za-z0-9_-]{27}$/);
    expect(tokenizeAccount(key, 'demo-bank', 'de89 3704 0044 0532 0130 00')).toBe(a);
    expect(tokenizeAccount('another-key-0123456789abcdef0000', 'demo-bank', 'DE89370400440532013000')).not.toBe(a);
    expect(tokenizeAccount(key, 'other-bank', 'DE89370400440532013000')).not.toBe(a);
    expect(tokenizeAccount(key, 'demo-bank', 'DE89370400440532013001')).not.toBe(a);
  });

  it('never contains the card number', () => {
    const t = tokenizeCard(key, '4111111111111111');
    expect(t).toMatch(/^card_/);
    expect(t).not.toContain('4111');
  });

  it('masks an IBAN to its first and last four, any other account number to its last four', () => {
    expect(maskAccountId('DE89370400440532013000')).toBe('DE89 •••• 3000');
    expect(maskAccountId('12345678')).toBe('•••• 5678');
    expect(maskAccountId('0975312468')).toBe('•••• 2468');
    expect(maskAccountId('123456789012345678')).toBe('•••• 5678');
  });
});

describe('redactPans', () => {
  it('masks Luhn-valid card numbers in text, with or without separators', () => {
    expect(redactPans('paid with 4111111111111111 today')).toBe('paid with •••• 1111 today');
    expect(redactPans('card 4111 1111 1111 1111')).toBe('card •••• 1111');
    expect(redactPans('card 5500-0000-0000-0004.')).toBe('card •••• 0004.');
  });

  it('leaves numbers that are not card numbers', () => {
    expect(redactPans('order 4111111111111112')).toBe('order 4111111111111112');
    expect(redactPans('ref 12345')).toBe('ref 12345');
  });

  it('checks Luhn', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });
});
