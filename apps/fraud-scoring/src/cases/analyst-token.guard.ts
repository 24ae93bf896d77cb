import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemException } from '@kontor/platform-runtime';
import { FraudConfig } from '../fraud.config';

export interface AnalystRequest extends Request {
  /** The bank whose cases this analyst may see and resolve. */
  bankId: string;
}

/** `bankId:sha256hex,...` → the token hashes per bank. */
export function parseTokenHashes(setting: string): { bankId: string; hash: Buffer }[] {
  if (setting === '') return [];
  return setting.split(',').map((pair) => {
    const [bankId, hex] = pair.split(':');
    return { bankId, hash: Buffer.from(hex, 'hex') };
  });
}

/**
 * Bearer token per bank: the token's SHA-256 is compared in constant time with every configured hash, so
 * which bank a token belongs to is found without an oracle; the bank is then the only scope the request has.
 */
@Injectable()
export class AnalystTokenGuard implements CanActivate {
  private readonly hashes: { bankId: string; hash: Buffer }[];

  constructor(config: FraudConfig) {
    this.hashes = parseTokenHashes(config.FRAUD_ANALYST_TOKEN_HASHES);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AnalystRequest>();
    const match = /^Bearer ([\x21-\x7e]{16,512})$/.exec(request.headers.authorization ?? '');
    if (!match) throw new ProblemException(401, 'credentials-missing', 'Missing credentials', 'Send Authorization: Bearer <analyst token>.');
    const presented = createHash('sha256').update(match[1], 'utf8').digest();
    let bankId: string | undefined;
    for (const entry of this.hashes) if (timingSafeEqual(entry.hash, presented)) bankId ??= entry.bankId;
    if (bankId === undefined) throw new ProblemException(401, 'token-invalid', 'Invalid token', 'The token is not an analyst token of any bank.');
    request.bankId = bankId;
    return true;
  }
}
