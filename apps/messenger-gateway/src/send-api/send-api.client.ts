import { Injectable, Logger } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';

export type SendOutcome =
  | { kind: 'sent'; messageId: string }
  /** Retrying will not help (user blocked the page, outside the allowed window, bad request). */
  | { kind: 'permanent-failure'; error: string }
  /** Temporary (5xx, rate limit, network) after our own retries; try again later. */
  | { kind: 'transient-failure'; error: string };

/** Graph API error codes that retrying cannot fix (Messenger Platform error reference). */
const PERMANENT_CODES = new Set([10, 100, 190, 200, 551, 2018001, 2018108, 2018278]);
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Messenger Send API: POST {base}/{version}/me/messages, with bounded retries on 5xx and rate limits. */
@Injectable()
export class SendApiClient {
  private readonly logger = new Logger('SendApi');

  constructor(private readonly config: GatewayConfig) {}

  get endpoint(): string {
    return `${this.config.GRAPH_API_BASE_URL.replace(/\/$/, '')}/${this.config.GRAPH_API_VERSION}/me/messages`;
  }

  async send(body: object): Promise<SendOutcome> {
    let last = '';
    for (let attempt = 1; attempt <= this.config.SEND_API_MAX_ATTEMPTS; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.endpoint, {
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
      const payload = (await response.json().catch(() => ({}))) as { message_id?: string; error?: { code?: number; message?: string } };
      if (response.ok && payload.message_id) return { kind: 'sent', messageId: payload.message_id };
      const code = payload.error?.code;
      last = `HTTP ${response.status}${code !== undefined ? ` code ${code}` : ''}: ${payload.error?.message ?? 'no message'}`;
      const retryable = response.status >= 500 || response.status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code));
      if (!retryable || (code !== undefined && PERMANENT_CODES.has(code))) return { kind: 'permanent-failure', error: last };
      if (attempt === this.config.SEND_API_MAX_ATTEMPTS) break;
      this.logger.warn(`Send API attempt ${attempt} failed, retrying: ${last}`);
      const retryAfter = Number(response.headers.get('retry-after'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 30) * 1000 : 250 * 2 ** attempt);
    }
    return { kind: 'transient-failure', error: last };
  }
}
