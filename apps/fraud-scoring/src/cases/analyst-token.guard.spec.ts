import { createHash } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import { loadConfig } from '@kontor/platform-config';
import { FraudConfig } from '../fraud.config';
import { AnalystRequest, AnalystTokenGuard, parseTokenHashes } from './analyst-token.guard';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const config = (hashes: string) => loadConfig(FraudConfig, { DATABASE_URL: 'postgres://x@localhost/x', KAFKA_BROKERS: 'localhost:9092', FRAUD_ANALYST_TOKEN_HASHES: hashes });
const contextFor = (authorization?: string) => {
  const request = { headers: { ...(authorization !== undefined && { authorization }) } } as AnalystRequest;
  return { request, context: { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext };
};

describe('AnalystTokenGuard', () => {
  const guard = new AnalystTokenGuard(config(`bank-a:${sha256('token-of-bank-a-0001')},bank-b:${sha256('token-of-bank-b-0001')}`));

  it('scopes the request to the bank whose token it is', () => {
    const { request, context } = contextFor('Bearer token-of-bank-b-0001');
    expect(guard.canActivate(context)).toBe(true);
    expect(request.bankId).toBe('bank-b');
  });

  it('refuses a missing, malformed or unknown token', () => {
    for (const header of [undefined, 'token-of-bank-a-0001', 'Bearer short', 'Bearer token-of-bank-c-0001', 'Basic dXNlcjpwYXNz']) {
      expect(() => guard.canActivate(contextFor(header).context)).toThrow();
    }
  });

  it('refuses everything when no hashes are configured', () => {
    expect(() => new AnalystTokenGuard(config('')).canActivate(contextFor('Bearer token-of-bank-a-0001').context)).toThrow();
  });

  it('rejects configuration that is not bankId:sha256hex pairs, listing the error', () => {
    expect(() => config('bank-a:not-a-hash')).toThrow(/FRAUD_ANALYST_TOKEN_HASHES/);
    expect(parseTokenHashes(`a:${sha256('x')}`)).toEqual([{ bankId: 'a', hash: Buffer.from(sha256('x'), 'hex') }]);
  });
});
