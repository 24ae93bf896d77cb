import { Injectable, Logger } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { PageRateLimiter } from './rate-limiter';

export type SendOutcome =
  | { kind: 'sent'; messageId: string }
  /** Retrying will not help (user blocked the page, outside the allowed window, bad request). */
  | { kind: 'permanent-failure'; error: string; code?: number; subcode?: number; userUnreachable?: boolean }
  /** Temporary (5xx, rate limit, network) after our own retries; try again later. */
  | { kind: 'transient-failure'; error: string };

/** Graph API error codes that retrying cannot fix (Messenger Platform error reference). */
const PERMANENT_CODES = new Set([10, 100, 190, 200, 551, 2018001, 2018108, 2018278]);
/** Application (4), user (17), page (32) and per-call-type (613) rate limits: retry after a pause. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
/**
 * The user cannot be messaged at all any more: 551 "this person isn't available", 200/10 with subcodes
 * 1545041 (not available), 2018108 (blocked / no permission), 2018001 (no matching user).
 */
function isUserUnreachable(code: number | undefined, subcode: number | undefined): boolean {
  return code === 551 || subcode === 1545041 || subcode === 2018108 || subcode === 2018001;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Graph API calls: POST {base}/{version}/me/messages (and messenger_profile), bounded retries, per-page rate limit. */
@Injectable()
export class SendApiClient {
  private readonly logger = new Logger('SendApi');
  private readonly limiter: PageRateLimiter;

  constructor(private readonly config: GatewayConfig) {
    this.limiter = new PageRateLimiter(config.SEND_API_MAX_PER_SECOND);
  }

  private url(path: string): string {
    return `${this.config.GRAPH_API_BASE_URL.replace(/\/$/, '')}/${this.config.GRAPH_API_VERSION}/${path}`;
  }

  get endpoint(): string {
    return this.url('me/messages');
  }

  send(body: object): Promise<SendOutcome> {
    return this.post('me/messages', body);
  }

  /** POSTs with retries on network errors, 5xx, HTTP 429 and the rate-limit codes; waits for the page's rate limit first. */
  async post(path: string, body: object): Promise<SendOutcome> {
    let last = '';
    for (let attempt = 1; attempt <= this.config.SEND_API_MAX_ATTEMPTS; attempt++) {
      // One page token, one page: the bucket is keyed by the token's page ("me").
      await this.limiter.acquire('me');
      let response: Response;
      try {
        response = await fetch(this.url(path), {
          method: 'POST',
          // The token goes in a header, not the query string, so it never lands in access logs.
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.config.MESSENGER_PAGE_ACCESS_TOKEN}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (error) {
        last = `network: ${error instanceof Error ? error.message : String(error)}`;
        if (attempt < this.config.SEND_API_MAX_ATTEMPTS) await sleep(250 * 2 ** attempt);
        continue;
      }
      const payload = (await response.json().catch(() => ({}))) as {
        message_id?: string;
        result?: string;
        error?: { code?: number; error_subcode?: number; message?: string };
      };
      if (response.ok && (payload.message_id || payload.result)) return { kind: 'sent', messageId: payload.message_id ?? payload.result ?? '' };
      const code = payload.error?.code;
      const subcode = payload.error?.error_subcode;
      last = `HTTP ${response.status}${code !== undefined ? ` code ${code}` : ''}${subcode !== undefined ? `/${subcode}` : ''}: ${payload.error?.message ?? 'no message'}`;
      const retryable = response.status >= 500 || response.status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code));
      if (!retryable || (code !== undefined && PERMANENT_CODES.has(code))) {
        return { kind: 'permanent-failure', error: last, code, subcode, userUnreachable: isUserUnreachable(code, subcode) };
      }
      if (attempt === this.config.SEND_API_MAX_ATTEMPTS) break;
      this.logger.warn(`Graph API attempt ${attempt} failed, retrying: ${last}`);
      const retryAfter = Number(response.headers.get('retry-after'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 30) * 1000 : 250 * 2 ** attempt);
    }
    return { kind: 'transient-failure', error: last };
  }
}
