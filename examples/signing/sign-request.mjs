// Signs a request to Kontor (scheme KONTOR-HMAC-SHA256-V1, docs/partner-banks.md). Node.js 18+, no
// dependencies: copy this file into your code base as it is.
//
//   import { kontorSignatureHeaders } from './sign-request.mjs';
//   const headers = kontorSignatureHeaders({ bankId, keyId, secret }, { method: 'POST', path: '/v1/feeds', idempotencyKey, body });
//   await fetch(`https://ingest.kontor.example${'/v1/feeds'}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
//
// For a file too large to hold in memory, pass `bodySha256` (hex SHA-256 of the file, e.g. from
// `sha256File`) instead of `body`. Sign each request afresh: Kontor accepts a signature only once.
import { createHash, createHmac } from 'node:crypto';
import { createReadStream } from 'node:fs';

export const SIGNATURE_SCHEME = 'KONTOR-HMAC-SHA256-V1';

/** Lowercase hex SHA-256 of a file, streamed. */
export async function sha256File(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * @param {{ bankId: string, keyId: string, secret: string }} credentials
 * @param {{ method: string, path: string, idempotencyKey?: string, body?: string | Uint8Array, bodySha256?: string, timestamp?: number }} request
 *   path: the path with its query string exactly as sent; idempotencyKey: required for POST, '' for GET.
 * @returns {Record<string, string>} the five headers to send
 */
export function kontorSignatureHeaders(credentials, request) {
  const timestamp = request.timestamp ?? Math.floor(Date.now() / 1000);
  const idempotencyKey = request.idempotencyKey ?? '';
  const bodySha256 = request.bodySha256 ?? createHash('sha256').update(request.body ?? '').digest('hex');
  const stringToSign = [SIGNATURE_SCHEME, request.method.toUpperCase(), request.path, String(timestamp), idempotencyKey, bodySha256].join('\n');
  const signature = 'v1=' + createHmac('sha256', credentials.secret).update(stringToSign).digest('hex');
  return {
    'X-Kontor-Bank-Id': credentials.bankId,
    'X-Kontor-Key-Id': credentials.keyId,
    'X-Kontor-Timestamp': String(timestamp),
    'Idempotency-Key': idempotencyKey,
    'X-Kontor-Signature': signature,
  };
}
