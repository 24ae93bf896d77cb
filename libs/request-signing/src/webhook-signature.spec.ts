import { createHmac } from 'node:crypto';
import { hubSignature256, hubSignatureMatches } from './webhook-signature';

describe('X-Hub-Signature-256', () => {
  const body = Buffer.from('{"object":"page","entry":[]}');

  it('is sha256= and the hex HMAC of the raw body with the app secret', () => {
    expect(hubSignature256('app-secret', body)).toBe(`sha256=${createHmac('sha256', 'app-secret').update(body).digest('hex')}`);
  });

  it('matches only the exact body, secret and format', () => {
    const signature = hubSignature256('app-secret', body);
    expect(hubSignatureMatches('app-secret', body, signature)).toBe(true);
    expect(hubSignatureMatches('other-secret', body, signature)).toBe(false);
    expect(hubSignatureMatches('app-secret', Buffer.from('{"object":"page","entry":[] }'), signature)).toBe(false);
    expect(hubSignatureMatches('app-secret', body, signature.replace('sha256=', 'sha1='))).toBe(false);
    expect(hubSignatureMatches('app-secret', body, signature.toUpperCase())).toBe(false);
    expect(hubSignatureMatches('app-secret', body, undefined)).toBe(false);
    expect(hubSignatureMatches('app-secret', body, '')).toBe(false);
  });
});
