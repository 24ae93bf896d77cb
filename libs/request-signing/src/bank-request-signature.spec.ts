import { createHmac } from 'node:crypto';
import { bankRequestHeaders, checkTimestamp, sha256Hex, signatureMatches, signBankRequest, stringToSign } from './bank-request-signature';

const parts = {
  method: 'POST',
  path: '/v1/feeds',
  timestamp: 1764320400,
  idempotencyKey: 'feed-2026-11-28-001',
  body: '{"entries":[]}',
};

describe('bank request signature v1', () => {
  it('signs the documented string-to-sign (worked example in docs/partner-banks.md)', () => {
    const canonical = stringToSign({ ...parts, bodySha256: sha256Hex(parts.body) });
    expect(canonical).toBe(
      'KONTOR-HMAC-SHA256-V1\nPOST\n/v1/feeds\n1764320400\nfeed-2026-11-28-001\n' + sha256Hex('{"entries":[]}'),
    );
    const expected = createHmac('sha256', 'demo-secret').update(canonical).digest('hex');
    expect(signBankRequest('demo-secret', parts)).toBe(`v1=${expected}`);
    // The exact figures printed in docs/partner-banks.md.
    expect(sha256Hex(parts.body)).toBe('d801aa1fb7ddcc330a5e3173372ea6af4a3d08ec58074478e85aa5603e926658');
    expect(signBankRequest('demo-secret', parts)).toBe('v1=c8ea0404482d9b8ea56593761e9bb7c6b0931fef9da02395aef2c08495b4057a');
  });

  it('accepts the right signature and refuses any changed part', () => {
    const signature = signBankRequest('demo-secret', parts);
    expect(signatureMatches('demo-secret', parts, signature)).toBe(true);
    expect(signatureMatches('other-secret', parts, signature)).toBe(false);
    expect(signatureMatches('demo-secret', { ...parts, body: '{"entries":[1]}' }, signature)).toBe(false);
    expect(signatureMatches('demo-secret', { ...parts, path: '/v1/feeds?x=1' }, signature)).toBe(false);
    expect(signatureMatches('demo-secret', { ...parts, method: 'PUT' }, signature)).toBe(false);
    expect(signatureMatches('demo-secret', { ...parts, timestamp: parts.timestamp + 1 }, signature)).toBe(false);
    expect(signatureMatches('demo-secret', { ...parts, idempotencyKey: 'other' }, signature)).toBe(false);
    expect(signatureMatches('demo-secret', parts, signature.slice(0, -1))).toBe(false);
    expect(signatureMatches('demo-secret', parts, '')).toBe(false);
  });

  it('produces every header a bank must send', () => {
    const headers = bankRequestHeaders({ bankId: 'demo-bank', keyId: 'key-1', secret: 'demo-secret' }, parts);
    expect(headers).toEqual({
      'x-kontor-bank-id': 'demo-bank',
      'x-kontor-key-id': 'key-1',
      'x-kontor-timestamp': '1764320400',
      'idempotency-key': 'feed-2026-11-28-001',
      'x-kontor-signature': signBankRequest('demo-secret', parts),
    });
  });
});

describe('checkTimestamp', () => {
  it.each([
    ['1000', 1000, 'ok'],
    ['700', 1000, 'ok'],
    ['699', 1000, 'too-old'],
    ['1301', 1000, 'in-future'],
    ['abc', 1000, 'malformed'],
    ['1.5', 1000, 'malformed'],
    [undefined, 1000, 'malformed'],
  ] as const)('%s at now=%s is %s', (raw, now, verdict) => {
    expect(checkTimestamp(raw, now, 300)).toBe(verdict);
  });
});
