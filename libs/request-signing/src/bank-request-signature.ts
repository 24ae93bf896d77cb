import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Partner-bank request signatures, scheme `v1` (docs/partner-banks.md has a worked example):
 *
 *   string-to-sign = "KONTOR-HMAC-SHA256-V1" \n METHOD \n PATH \n TIMESTAMP \n IDEMPOTENCY-KEY \n hex(SHA-256(body))
 *   signature      = "v1=" + hex(HMAC-SHA256(secret, string-to-sign))
 *
 * PATH is the request path with its query string, exactly as sent; TIMESTAMP is Unix seconds.
 */
export const SIGNATURE_SCHEME = 'KONTOR-HMAC-SHA256-V1';

export const BankRequestHeaders = {
  bankId: 'x-kontor-bank-id',
  keyId: 'x-kontor-key-id',
  timestamp: 'x-kontor-timestamp',
  signature: 'x-kontor-signature',
  idempotencyKey: 'idempotency-key',
} as const;

export interface SignedRequestParts {
  method: string;
  path: string;
  /** Unix time in seconds. */
  timestamp: number;
  idempotencyKey: string;
  body: Buffer | string;
}

export function sha256Hex(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

export function stringToSign(parts: Omit<SignedRequestParts, 'body'> & { bodySha256: string }): string {
  return [SIGNATURE_SCHEME, parts.method.toUpperCase(), parts.path, String(parts.timestamp), parts.idempotencyKey, parts.bodySha256].join('\n');
}

export function signBankRequest(secret: string, parts: SignedRequestParts): string {
  return signBankRequestDigest(secret, { ...parts, bodySha256: sha256Hex(parts.body) });
}

/** The same signature from the body's SHA-256 alone, for bodies streamed to disk rather than held in memory. */
export function signBankRequestDigest(secret: string, parts: Omit<SignedRequestParts, 'body'> & { bodySha256: string }): string {
  return `v1=${createHmac('sha256', secret).update(stringToSign(parts)).digest('hex')}`;
}

/** Headers a bank sends with a signed request (what the shipped signing helper produces). */
export function bankRequestHeaders(
  credentials: { bankId: string; keyId: string; secret: string },
  parts: SignedRequestParts,
): Record<string, string> {
  return {
    [BankRequestHeaders.bankId]: credentials.bankId,
    [BankRequestHeaders.keyId]: credentials.keyId,
    [BankRequestHeaders.timestamp]: String(parts.timestamp),
    [BankRequestHeaders.idempotencyKey]: parts.idempotencyKey,
    [BankRequestHeaders.signature]: signBankRequest(credentials.secret, parts),
  };
}

/** Constant-time check of a presented signature against the one computed with `secret`. */
export function signatureMatches(secret: string, parts: SignedRequestParts, presented: string): boolean {
  return digestSignatureMatches(secret, { ...parts, bodySha256: sha256Hex(parts.body) }, presented);
}

/** signatureMatches for a body known by its SHA-256 (lowercase hex). */
export function digestSignatureMatches(secret: string, parts: Omit<SignedRequestParts, 'body'> & { bodySha256: string }, presented: string): boolean {
  const expected = Buffer.from(signBankRequestDigest(secret, parts), 'utf8');
  const actual = Buffer.from(presented, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export type TimestampVerdict = 'ok' | 'malformed' | 'too-old' | 'in-future';

/** Accepts timestamps within ±`skewSeconds` of `nowSeconds`. */
export function checkTimestamp(raw: string | undefined, nowSeconds: number, skewSeconds: number): TimestampVerdict {
  if (raw === undefined || !/^\d{1,12}$/.test(raw)) return 'malformed';
  const timestamp = Number(raw);
  if (timestamp < nowSeconds - skewSeconds) return 'too-old';
  if (timestamp > nowSeconds + skewSeconds) return 'in-future';
  return 'ok';
}
