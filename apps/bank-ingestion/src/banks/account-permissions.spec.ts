import { ACCOUNT_PATTERN, AccountPermissions } from './account-permissions';

describe('AccountPermissions', () => {
  it('permits exact accounts and prefix ranges, ignoring case and spaces', () => {
    const permissions = new AccountPermissions(['DE89370400440532013000', 'de8937040044*', '1234567890']);
    expect(permissions.permits('de89 3704 0044 0532 0130 00')).toBe(true);
    expect(permissions.permits('DE89370400449999999999')).toBe(true);
    expect(permissions.permits('1234567890')).toBe(true);
    expect(permissions.permits('12345678901')).toBe(false);
    expect(permissions.permits('DE89370400540532013000')).toBe(false);
  });

  it('permits nothing without patterns, everything with *', () => {
    expect(new AccountPermissions([]).permits('DE89370400440532013000')).toBe(false);
    expect(new AccountPermissions(['*']).permits('anything')).toBe(true);
  });

  it('describes valid patterns', () => {
    expect(['DE89*', '*', 'GB29NWBK60161331926819'].every((p) => ACCOUNT_PATTERN.test(p))).toBe(true);
    expect(['DE*89', '**', 'DE 89', ''].some((p) => ACCOUNT_PATTERN.test(p))).toBe(false);
  });
});
