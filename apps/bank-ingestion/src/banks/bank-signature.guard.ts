import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BankRequestHeaders, checkTimestamp, digestSignatureMatches } from '@kontor/request-signing';
import { BodyTooLargeError, drainBody, SpooledBody, spoolBody } from '../feeds/body-spool';
import { IngestionConfig } from '../ingestion.config';
import { problem } from '../ingestion-problems';
import { BankRegistry } from './bank-registry.service';
import { SignatureReplayStore } from './signature-replay.store';

export interface AuthenticatedBankRequest extends Request {
  bankId: string;
  idempotencyKey: string;
  body: SpooledBody;
  /** The signature was presented before; only an exact repeat of a stored feed may still be answered. */
  signatureReplayed: boolean;
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? undefined : value;
}

/**
 * Authenticates a partner bank's request (docs/partner-banks.md): headers, timestamp window and key
 * lookup first, so an unauthenticated sender cannot make us store anything; then the body is streamed to
 * an encrypted temporary file while it is hashed, the HMAC is checked in constant time over method, path,
 * timestamp, idempotency key and that hash, and the signature is recorded so it works only once.
 */
@Injectable()
export class BankSignatureGuard implements CanActivate {
  constructor(
    private readonly registry: BankRegistry,
    private readonly replays: SignatureReplayStore,
    private readonly config: IngestionConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedBankRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const bankId = header(request, BankRequestHeaders.bankId);
    const keyId = header(request, BankRequestHeaders.keyId);
    const signature = header(request, BankRequestHeaders.signature);
    const timestamp = header(request, BankRequestHeaders.timestamp);
    const idempotencyKey = header(request, BankRequestHeaders.idempotencyKey) ?? '';
    // Whatever is refused before the body is read: the rest of it is not worth reading on this connection.
    const refuse = (error: Error) => {
      response.setHeader('Connection', 'close');
      return error;
    };
    if (!bankId || !keyId || !signature) {
      throw refuse(problem('credentials-missing', 'Send X-Kontor-Bank-Id, X-Kontor-Key-Id and X-Kontor-Signature (and X-Kontor-Timestamp).'));
    }
    const verdict = checkTimestamp(timestamp, Math.floor(Date.now() / 1000), this.config.INGESTION_SIGNATURE_SKEW_SECONDS);
    if (verdict === 'malformed') throw refuse(problem('timestamp-malformed', 'X-Kontor-Timestamp must be Unix seconds.'));
    if (verdict !== 'ok') {
      throw refuse(problem('timestamp-out-of-window', `The timestamp must be within ${this.config.INGESTION_SIGNATURE_SKEW_SECONDS} seconds of the server's clock.`));
    }
    // Unknown bank, unknown key and revoked key look the same from outside as a wrong signature: no oracle for key ids.
    const invalid = () => problem('signature-invalid', 'The signature does not match this request for any active key of the bank.');
    const key = await this.registry.findActiveKey(bankId, keyId);
    const declaredLength = Number(request.headers['content-length'] ?? 0);
    if (declaredLength > this.config.INGESTION_MAX_BODY_BYTES) throw refuse(tooLarge(this.config.INGESTION_MAX_BODY_BYTES));

    if (!key) {
      // Read (and drop) the body as for a real key, so neither timing nor the connection tells a missing key from a wrong signature.
      await drainBody(request, this.config.INGESTION_MAX_BODY_BYTES).catch(() => undefined);
      throw invalid();
    }
    let body: SpooledBody;
    try {
      body = await spoolBody(request, { directory: this.config.spoolDirectory(), maxBytes: this.config.INGESTION_MAX_BODY_BYTES });
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw refuse(tooLarge(error.limit));
      throw refuse(problem('body-unreadable', 'The request body ended early or could not be read.'));
    }
    response.once('close', () => void body.discard());
    const parts = { method: request.method, path: request.originalUrl, timestamp: Number(timestamp), idempotencyKey, bodySha256: body.sha256 };
    if (!digestSignatureMatches(key.secret, parts, signature)) throw invalid();
    const firstUse = await this.replays.firstUse(bankId, signature, Number(timestamp));
    if (!firstUse && request.method !== 'POST') throw problem('signature-replayed', 'This signature was used before; sign every request afresh (a new timestamp).');
    request.bankId = bankId;
    request.idempotencyKey = idempotencyKey;
    request.body = body;
    request.signatureReplayed = !firstUse;
    return true;
  }
}

function tooLarge(limit: number) {
  return problem('body-too-large', `The body may be at most ${limit} bytes.`, { limitBytes: limit });
}
