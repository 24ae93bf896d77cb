import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { BankRequestHeaders, checkTimestamp, signatureMatches } from '@kontor/request-signing';
import { ProblemException } from '@kontor/platform-runtime';
import { IngestionConfig } from '../ingestion.config';
import { BankRegistry } from './bank-registry.service';

export interface AuthenticatedBankRequest extends Request {
  bankId: string;
  idempotencyKey: string;
  rawBody: Buffer;
}

const unauthorized = (reason: string, title: string, detail?: string) => new ProblemException(401, reason, title, detail);

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? undefined : value;
}

/**
 * Authenticates a partner bank's request: key lookup, timestamp window, then a constant-time HMAC check
 * over method, path, timestamp, idempotency key and body hash (docs/partner-banks.md).
 */
@Injectable()
export class BankSignatureGuard implements CanActivate {
  constructor(
    private readonly registry: BankRegistry,
    private readonly config: IngestionConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedBankRequest>();
    const bankId = header(request, BankRequestHeaders.bankId);
    const keyId = header(request, BankRequestHeaders.keyId);
    const signature = header(request, BankRequestHeaders.signature);
    const timestamp = header(request, BankRequestHeaders.timestamp);
    const idempotencyKey = header(request, BankRequestHeaders.idempotencyKey) ?? '';
    if (!bankId || !keyId || !signature) {
      throw unauthorized('credentials-missing', 'Missing credentials', 'Send X-Kontor-Bank-Id, X-Kontor-Key-Id and X-Kontor-Signature (and X-Kontor-Timestamp).');
    }
    const verdict = checkTimestamp(timestamp, Math.floor(Date.now() / 1000), this.config.INGESTION_SIGNATURE_SKEW_SECONDS);
    if (verdict === 'malformed') throw unauthorized('timestamp-malformed', 'Malformed timestamp', 'X-Kontor-Timestamp must be Unix seconds.');
    if (verdict !== 'ok') {
      throw unauthorized('timestamp-out-of-window', 'Timestamp outside the accepted window', `The timestamp must be within ${this.config.INGESTION_SIGNATURE_SKEW_SECONDS} seconds of the server's clock.`);
    }
    const key = await this.registry.findActiveKey(bankId, keyId);
    // Unknown bank, unknown key and revoked key look the same from outside: no oracle for key ids.
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const parts = { method: request.method, path: request.originalUrl, timestamp: Number(timestamp), idempotencyKey, body };
    if (!key || !signatureMatches(key.secret, parts, signature)) {
      throw unauthorized('signature-invalid', 'Invalid signature', 'The signature does not match this request for any active key of the bank.');
    }
    request.bankId = bankId;
    request.idempotencyKey = idempotencyKey;
    request.rawBody = body;
    return true;
  }
}
