import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Hub-Signature-256` as the Messenger Platform sends it: "sha256=" + hex(HMAC-SHA256(appSecret, rawBody)). */
export function hubSignature256(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function hubSignatureMatches(appSecret: string, rawBody: Buffer, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(hubSignature256(appSecret, rawBody), 'utf8');
  const actual = Buffer.from(presented, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
