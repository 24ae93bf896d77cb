import { luhnValid, redact } from './redact';

describe('redact', () => {
  it('removes card numbers, grouped or not, that pass the Luhn check', () => {
    expect(redact('card 4111111111111111 declined')).toBe('card [PAN] declined');
    expect(redact('card 4111 1111 1111 1111 declined')).toBe('card [PAN] declined');
    expect(redact('card 5500-0000-0000-0004')).toBe('card [PAN]');
  });

  it('keeps timestamps and ids that are not card numbers', () => {
    expect(luhnValid('1795886069869')).toBe(false);
    expect(redact('migration 1795886069869-CreateIngestionSchema')).toBe('migration 1795886069869-CreateIngestionSchema');
    expect(redact('event 44a7340d-0275-4f45-bafb-a5343eff28b0 at offset 42')).toBe('event 44a7340d-0275-4f45-bafb-a5343eff28b0 at offset 42');
  });

  it('removes IBANs, e-mail addresses, bearer tokens, URL passwords and secret pairs', () => {
    expect(redact('account DE89370400440532013000 and DE89 3704 0044 0532 0130 00')).toBe('account [IBAN] and [IBAN]');
    expect(redact('notify jane.doe@example.com')).toBe('notify [EMAIL]');
    expect(redact('authorization: Bearer EAAGm0PX4ZCpsBAKZC')).toBe('authorization: Bearer [REDACTED]');
    expect(redact('connect postgres://kontor:s3cr3t@db:5432/kontor failed')).toBe('connect postgres://kontor:[REDACTED]@db:5432/kontor failed');
    expect(redact('GET /x?access_token=abc123&page=2 password=hunter2')).toBe('GET /x?access_token=[REDACTED]&page=2 password=[REDACTED]');
  });
});
