import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { OutboxWriter } from '@kontor/platform-outbox';
import { tokenizeAccount } from '@kontor/privacy';
import { BankRequestHeaders, checkTimestamp, signatureMatches } from '@kontor/request-signing';
import { ProblemException } from '@kontor/platform-runtime';
import { GatewayConfig } from '../gateway.config';
import { ConsentRepository } from './consent.repository';

const SKEW_SECONDS = 300;

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? undefined : value;
}

/** `bankId:keyId:secret,…` → a lookup by bank and key. */
export function parseBankKeys(spec: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const item of spec.split(',').filter(Boolean)) {
    const [bankId, keyId, ...secret] = item.split(':');
    keys.set(`${bankId}:${keyId}`, secret.join(':'));
  }
  return keys;
}

/**
 * Banks revoke consents here: `POST /v1/bank/consents/revoke` with `{"accountId": "..."}` (every consent
 * for that account) or `{"consentId": "..."}`, signed with the KONTOR-HMAC-SHA256-V1 scheme of
 * docs/partner-banks.md. The gateway holds its own copy of the banks' keys (GATEWAY_BANK_KEYS): the
 * bank registry is bank-ingestion's table, and services share no tables. A bank reaches only its own
 * consents. The revocation takes effect at once and is published on kontor.consent.changed.v1.
 */
@Controller('v1/bank/consents')
export class BankConsentController {
  private readonly keys: Map<string, string>;

  constructor(
    private readonly consents: ConsentRepository,
    private readonly config: GatewayConfig,
    private readonly outbox: OutboxWriter,
  ) {
    this.keys = parseBankKeys(config.GATEWAY_BANK_KEYS);
  }

  @Post('revoke')
  @HttpCode(200)
  async revoke(@Req() request: Request): Promise<{ revoked: { consentId: string; account: string }[] }> {
    const bankId = header(request, BankRequestHeaders.bankId);
    const keyId = header(request, BankRequestHeaders.keyId);
    const signature = header(request, BankRequestHeaders.signature);
    const timestamp = header(request, BankRequestHeaders.timestamp);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const secret = bankId && keyId ? this.keys.get(`${bankId}:${keyId}`) : undefined;
    const parts = { method: request.method, path: request.originalUrl, timestamp: Number(timestamp), idempotencyKey: header(request, BankRequestHeaders.idempotencyKey) ?? '', body };
    if (!bankId || !secret || !signature || checkTimestamp(timestamp, Math.floor(Date.now() / 1000), SKEW_SECONDS) !== 'ok' || !signatureMatches(secret, parts, signature)) {
      throw new ProblemException(401, 'signature-invalid', 'Invalid signature', 'The request is not signed by a bank known to the gateway, or its timestamp is outside the window.');
    }
    let input: { accountId?: unknown; consentId?: unknown };
    try {
      input = JSON.parse(body.toString('utf8')) as typeof input;
    } catch {
      throw new ProblemException(400, 'body-invalid', 'Invalid body', 'Send JSON with accountId or consentId.');
    }
    const accountId = typeof input.accountId === 'string' && input.accountId.trim() ? input.accountId : undefined;
    const consentId = typeof input.consentId === 'string' && /^[0-9a-f-]{36}$/i.test(input.consentId) ? input.consentId : undefined;
    if (!accountId && !consentId) throw new ProblemException(400, 'body-invalid', 'Invalid body', 'Send JSON with accountId or consentId.');
    const revoked = await this.consents.revokeByBank(bankId, {
      ...(accountId ? { accountRef: tokenizeAccount(this.config.KONTOR_TOKENIZATION_KEY, bankId, accountId) } : {}),
      ...(consentId ? { consentId } : {}),
    });
    this.outbox.flush();
    return { revoked: revoked.map((c) => ({ consentId: c.id, account: c.accountMasked })) };
  }
}
