import { normalizeAccountId } from '@kontor/privacy';

/** An exact account (IBAN / account number) or a prefix ending in `*`; `*` alone is every account. */
export const ACCOUNT_PATTERN = /^[A-Z0-9]{1,34}\*?$|^\*$/;

export function normalizeAccountPattern(pattern: string): string {
  return normalizeAccountId(pattern);
}

/** Which accounts a bank may report on. Pure; built from the registry once per feed. */
export class AccountPermissions {
  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];

  constructor(patterns: readonly string[]) {
    for (const pattern of patterns.map(normalizeAccountPattern)) {
      if (pattern.endsWith('*')) this.prefixes.push(pattern.slice(0, -1));
      else this.exact.add(pattern);
    }
  }

  permits(accountId: string): boolean {
    const account = normalizeAccountId(accountId);
    return this.exact.has(account) || this.prefixes.some((prefix) => account.startsWith(prefix));
  }
}
