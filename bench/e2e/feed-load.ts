import type { KontorJsonFeedEntryV1 } from '@kontor/contracts';
import type { RecordedRequest } from '@kontor/fake-graph-api';
import { bankRequestHeaders } from '@kontor/request-signing';

export interface BankCredentials {
  bankId: string;
  keyId: string;
  secret: string;
}

/** Merchant names carry the sequence number: the one part of the transaction that reaches the Send API text. */
export const BENCH_MERCHANT_PREFIX = 'Bench Casino ';
const SEQ_DIGITS = 7;
const SEQ_IN_TEXT = new RegExp(`${BENCH_MERCHANT_PREFIX}(\\d{${SEQ_DIGITS}})`);

export function seqTag(seq: number): string {
  return String(seq).padStart(SEQ_DIGITS, '0');
}

/**
 * The README's casino debit (2499.00 EUR, MCC 7995, card not present), which the baseline rule set scores
 * as an alert, so every entry ends as exactly one Send API request to a consenting customer.
 */
export function benchEntry(runId: string, seq: number, accountId: string): KontorJsonFeedEntryV1 {
  const tag = seqTag(seq);
  return {
    entryId: `bench-${runId}-${tag}`,
    accountId,
    amount: '2499.00',
    currency: 'EUR',
    creditDebit: 'DBIT',
    status: 'booked',
    bookingDate: '2026-11-28',
    occurredAt: '2026-11-28T03:12:44+01:00',
    description: 'LUCKY STAR CASINO ONLINE MT',
    merchant: { name: `${BENCH_MERCHANT_PREFIX}${tag}`, mcc: '7995', city: 'Valletta', country: 'MT' },
    card: { pan: '4111111111111111' },
    cardPresent: false,
  };
}

/** The sequence number of the bench transaction a Send API request is about, from the message text. */
export function seqOfSendApiRequest(request: RecordedRequest): number | undefined {
  const text = (request.body as { message?: { text?: unknown } } | undefined)?.message?.text;
  const match = typeof text === 'string' ? SEQ_IN_TEXT.exec(text) : null;
  return match ? Number(match[1]) : undefined;
}

export interface PostTiming {
  /** Epoch ms when the POST carrying this entry started (the same for all entries of one feed). */
  postStartMs: number;
  postEndMs: number;
}

export interface PostFailure {
  firstSeq: number;
  status: number | 'error';
  detail: string;
}

export interface LoadOptions {
  ingestionUrl: string;
  credentials: BankCredentials;
  runId: string;
  accountId: string;
  firstSeq: number;
  count: number;
  /** Entries per feed (per POST). */
  batch: number;
  concurrency: number;
  /** Paced (open-loop) arrivals in transactions per second; 0 means as fast as `concurrency` allows. */
  ratePerSecond: number;
  postTimeoutMs: number;
  /** Epoch ms after which no further POST starts. */
  deadlineMs: number;
}

export interface LoadResult {
  /** seq → timing, for entries whose feed was accepted (202). */
  accepted: Map<number, PostTiming>;
  failures: PostFailure[];
  feeds: number;
  /** How many POSTs started later than their paced slot (only with a rate): the client could not keep up. */
  latePosts: number;
}

/**
 * Pushes `count` entries as signed feeds of `batch` entries with `concurrency` POSTs in flight. Failed
 * POSTs are recorded, not retried: their entries are simply not expected downstream.
 */
export async function pushFeeds(options: LoadOptions): Promise<LoadResult> {
  const feeds = Math.ceil(options.count / options.batch);
  const accepted = new Map<number, PostTiming>();
  const failures: PostFailure[] = [];
  const startedAt = Date.now();
  let nextFeed = 0;
  let latePosts = 0;

  const postFeed = async (feed: number) => {
    const firstSeq = options.firstSeq + feed * options.batch;
    const lastSeq = Math.min(options.firstSeq + options.count, firstSeq + options.batch) - 1;
    const entries: KontorJsonFeedEntryV1[] = [];
    for (let seq = firstSeq; seq <= lastSeq; seq++) entries.push(benchEntry(options.runId, seq, options.accountId));
    const body = JSON.stringify({ entries });
    const path = '/v1/feeds';
    const postStartMs = Date.now();
    const headers = bankRequestHeaders(options.credentials, {
      method: 'POST',
      path,
      timestamp: Math.floor(postStartMs / 1000),
      idempotencyKey: `bench-${options.runId}-${seqTag(firstSeq)}`,
      body,
    });
    try {
      const response = await fetch(`${options.ingestionUrl}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(options.postTimeoutMs),
      });
      const text = await response.text();
      const postEndMs = Date.now();
      if (response.status !== 202) {
        failures.push({ firstSeq, status: response.status, detail: text.slice(0, 300) });
        return;
      }
      for (let seq = firstSeq; seq <= lastSeq; seq++) accepted.set(seq, { postStartMs, postEndMs });
    } catch (error) {
      failures.push({ firstSeq, status: 'error', detail: error instanceof Error ? error.message : String(error) });
    }
  };

  const worker = async () => {
    for (;;) {
      const feed = nextFeed++;
      if (feed >= feeds || Date.now() > options.deadlineMs) return;
      if (options.ratePerSecond > 0) {
        const slot = startedAt + ((feed * options.batch) / options.ratePerSecond) * 1000;
        const wait = slot - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        else if (wait < -5) latePosts++;
      }
      await postFeed(feed);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return { accepted, failures, feeds, latePosts };
}

export interface WaitOutcome {
  complete: boolean;
  missing: number;
}

/**
 * Reads the fake Graph API's recorded requests as they arrive and keeps, per bench transaction, the time
 * of its first Send API request. Duplicates and requests that are not about a bench transaction are counted.
 */
export class SendApiCollector {
  readonly sentAtMs = new Map<number, number>();
  duplicates = 0;
  unmatched = 0;
  private cursor = 0;

  constructor(private readonly requests: readonly RecordedRequest[]) {}

  /** Consumes the requests recorded since the last call. */
  drain(): void {
    for (; this.cursor < this.requests.length; this.cursor++) {
      const request = this.requests[this.cursor];
      const seq = seqOfSendApiRequest(request);
      if (seq === undefined) this.unmatched++;
      else if (this.sentAtMs.has(seq)) this.duplicates++;
      else this.sentAtMs.set(seq, Date.parse(request.receivedAt));
    }
  }

  /**
   * Waits until every expected sequence number was sent, nothing new arrived for `stallMs`, or the
   * deadline passed, whichever comes first.
   */
  async waitFor(
    expected: Iterable<number>,
    options: { stallMs: number; deadlineMs: number; progress?: (done: number, total: number) => void },
  ): Promise<WaitOutcome> {
    const pending = new Set(expected);
    const total = pending.size;
    let lastChangeAt = Date.now();
    let lastProgressAt = Date.now();
    for (;;) {
      this.drain();
      const before = pending.size;
      for (const seq of pending) if (this.sentAtMs.has(seq)) pending.delete(seq);
      const now = Date.now();
      if (pending.size !== before) lastChangeAt = now;
      if (pending.size === 0) return { complete: true, missing: 0 };
      if (now - lastChangeAt > options.stallMs || now > options.deadlineMs) return { complete: false, missing: pending.size };
      if (options.progress && now - lastProgressAt >= 5_000) {
        lastProgressAt = now;
        options.progress(total - pending.size, total);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
