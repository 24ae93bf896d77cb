import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bankRequestHeaders, digestSignatureMatches, sha256Hex, signBankRequestDigest } from './bank-request-signature';

const HELPER = join(__dirname, '../../../examples/signing/sign-request.mjs');
const credentials = { bankId: 'demo-bank', keyId: 'key-1', secret: 'demo-secret' };

/** Runs the copyable helper in its own Node process, exactly as a bank would use it. */
function helperHeaders(request: Record<string, unknown>): Record<string, string> {
  const script = `import { kontorSignatureHeaders } from ${JSON.stringify(HELPER)};
    process.stdout.write(JSON.stringify(kontorSignatureHeaders(${JSON.stringify(credentials)}, ${JSON.stringify(request)})));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Record<string, string>;
}

describe('examples/signing/sign-request.mjs, the helper banks copy', () => {
  it('produces exactly the library headers, including the worked example of docs/partner-banks.md', () => {
    const request = { method: 'POST', path: '/v1/feeds', timestamp: 1764320400, idempotencyKey: 'feed-2026-11-28-001', body: '{"entries":[]}' };
    const fromHelper = helperHeaders(request);
    const fromLibrary = bankRequestHeaders(credentials, request);
    expect(Object.fromEntries(Object.entries(fromHelper).map(([k, v]) => [k.toLowerCase(), v]))).toEqual(fromLibrary);
    expect(fromHelper['X-Kontor-Signature']).toBe('v1=c8ea0404482d9b8ea56593761e9bb7c6b0931fef9da02395aef2c08495b4057a');
  });

  it('signs a GET with an empty idempotency key, and a large file by its hash', () => {
    const get = { method: 'get', path: '/v1/feeds/6640e965-0000-4000-8000-000000000000?x=1', timestamp: 1764320401 };
    expect(helperHeaders(get)['X-Kontor-Signature']).toBe(bankRequestHeaders(credentials, { ...get, idempotencyKey: '', body: '' })['x-kontor-signature']);
    const bodySha256 = sha256Hex('a large file');
    const byHash = helperHeaders({ method: 'POST', path: '/v1/feeds', timestamp: 1764320402, idempotencyKey: 'big-file-0001', bodySha256 });
    const parts = { method: 'POST', path: '/v1/feeds', timestamp: 1764320402, idempotencyKey: 'big-file-0001', bodySha256 };
    expect(byHash['X-Kontor-Signature']).toBe(signBankRequestDigest('demo-secret', parts));
    expect(digestSignatureMatches('demo-secret', parts, byHash['X-Kontor-Signature'])).toBe(true);
  });
});
