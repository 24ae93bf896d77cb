import { createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  receivedAt: string;
}

/** Where the fake delivers what Messenger itself would send to the app: message echoes and account-linking events. */
export interface FakeWebhookTarget {
  url: string;
  appSecret: string;
  pageId: string;
}

interface ScriptedAnswer {
  status: number;
  body: unknown;
  /** Only for requests to this PSID; any request when absent. */
  psid?: string;
}

const GRAPH_ERRORS = {
  /** Messenger's answer for a user who blocked the page or is otherwise unavailable. */
  userUnavailable: { status: 400, body: { error: { message: "(#551) This person isn't available right now.", type: 'OAuthException', code: 551, error_subcode: 1545041 } } },
  /** Page-level rate limit. */
  rateLimited: { status: 400, body: { error: { message: '(#32) Page request limit reached', type: 'OAuthException', code: 32 } } },
  /** Outside the 24-hour window without an allowed tag. */
  outsideWindow: { status: 400, body: { error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2018278 } } },
  serverError: { status: 500, body: { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true } } },
} as const;
export type GraphErrorPreset = keyof typeof GRAPH_ERRORS;

/**
 * A local stand-in for the Graph API's Messenger endpoints:
 * - POST /{version}/me/messages answers like Messenger (recipient_id + message_id) and records the request;
 * - POST/GET/DELETE /{version}/me/messenger_profile keeps the page's profile (menu, get started);
 * - with a webhook target, it sends the app what Messenger would: a signed `message_echo` (with the
 *   message's metadata) for every message it accepted, and `account_linking` events when a browser
 *   comes back to its redirect_uri from the app's consent page;
 * - error injection (`failNext`, `failFor`, `block`, POST /__fail) for retries and permanent errors;
 * - GET /__requests, /__conversations/{psid}, /__profile for demos and the local Messenger page (CORS open).
 */
export class FakeGraphApi {
  readonly requests: RecordedRequest[] = [];
  readonly profileRequests: RecordedRequest[] = [];
  profile: Record<string, unknown> = {};
  private server?: Server;
  private scripted: ScriptedAnswer[] = [];
  private readonly blocked = new Set<string>();
  private waiters: { count: number; resolve: () => void }[] = [];
  private nextId = 1;
  private webhook?: FakeWebhookTarget;
  private readonly linkingTokens = new Map<string, string>();
  private readonly pendingWebhooks = new Set<Promise<unknown>>();
  /** Delay before answering a Send API request, to let tests stop the app mid-call. */
  responseDelayMs = 0;
  /** Called for every recorded Send API request, before the answer (tests use it to crash the app mid-call). */
  onMessageRequest?: (request: RecordedRequest) => void;

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return this.baseUrl;
  }

  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake Graph API is not running');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await Promise.allSettled([...this.pendingWebhooks]);
    this.server = server;
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Deliver echoes and account-linking events to the app's webhook, signed with its app secret. */
  deliverWebhooksTo(target: FakeWebhookTarget | undefined): void {
    this.webhook = target;
  }

  failNext(status: number, body: unknown): void {
    this.scripted.push({ status, body });
  }

  /** The next Send API request to `psid` gets this error (a preset or a status and body). */
  failFor(psid: string, error: GraphErrorPreset | { status: number; body: unknown }): void {
    const answer = typeof error === 'string' ? GRAPH_ERRORS[error] : error;
    this.scripted.push({ ...answer, psid });
  }

  /** Every later message to `psid` fails as for a user who blocked the page. */
  block(psid: string): void {
    this.blocked.add(psid);
  }

  /** Messages the page sent to one user, oldest first. */
  conversation(psid: string): RecordedRequest[] {
    return this.requests.filter((r) => (r.body as { recipient?: { id?: string } }).recipient?.id === psid);
  }

  /**
   * What Messenger does when a user taps an account_link button: the app's URL with an account-linking
   * token and a redirect_uri pointing back here. When the browser comes back with an authorization code,
   * the fake sends the app the `account_linking` event for that user.
   */
  accountLinkingUrl(buttonUrl: string, psid: string): string {
    const token = randomBytes(12).toString('hex');
    this.linkingTokens.set(token, psid);
    const url = new URL(buttonUrl);
    url.searchParams.set('account_linking_token', token);
    url.searchParams.set('redirect_uri', `${this.baseUrl}/messenger_platform/account_linking/?account_linking_token=${token}`);
    return url.toString();
  }

  /** Resolves when at least `count` Send API requests have been recorded, or rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs = 30_000): Promise<RecordedRequest[]> {
    if (this.requests.length >= count) return Promise.resolve(this.requests);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`expected ${count} Send API requests within ${timeoutMs} ms, got ${this.requests.length}`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(this.requests)) });
    });
  }

  /** Sends the app a signed webhook as Messenger would (also used by tests to play the user). */
  async sendWebhook(messaging: Record<string, unknown>): Promise<number> {
    if (!this.webhook) throw new Error('no webhook target: call deliverWebhooksTo first');
    const body = JSON.stringify({ object: 'page', entry: [{ id: this.webhook.pageId, time: Date.now(), messaging: [messaging] }] });
    const signature = `sha256=${createHmac('sha256', this.webhook.appSecret).update(body).digest('hex')}`;
    const response = await fetch(this.webhook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    return response.status;
  }

  /** Like Messenger, retries a webhook the app did not answer with 200 (here every 500 ms for up to a minute). */
  private async deliverWithRetries(messaging: Record<string, unknown>): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (this.server && Date.now() < deadline) {
      const status = await this.sendWebhook(messaging).catch(() => 0);
      if (status === 200) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  private background(work: Promise<unknown>): void {
    const run = work.catch(() => undefined);
    this.pendingWebhooks.add(run);
    void run.finally(() => this.pendingWebhooks.delete(run));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') return send(204, {});
    if (req.method === 'GET' && url.pathname === '/__requests') return send(200, this.requests);
    if (req.method === 'GET' && url.pathname === '/__profile') return send(200, this.profile);
    const conversation = /^\/__conversations\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && conversation) return send(200, this.conversation(decodeURIComponent(conversation[1])));
    if (req.method === 'GET' && url.pathname.startsWith('/messenger_platform/account_linking')) return this.linkingRedirect(url, res);
    if (req.method === 'POST' && url.pathname === '/__fail') {
      const spec = parseJson(chunks) as { preset?: GraphErrorPreset; status?: number; body?: unknown; psid?: string; block?: boolean } | undefined;
      if (!spec) return send(400, { error: 'invalid JSON' });
      if (spec.block && spec.psid) this.block(spec.psid);
      else if (spec.preset && spec.preset in GRAPH_ERRORS) this.scripted.push({ ...GRAPH_ERRORS[spec.preset], ...(spec.psid ? { psid: spec.psid } : {}) });
      else if (typeof spec.status === 'number') this.scripted.push({ status: spec.status, body: spec.body ?? {}, ...(spec.psid ? { psid: spec.psid } : {}) });
      else return send(400, { error: 'give preset, status or block' });
      return send(200, { ok: true });
    }

    const graph = /^\/v\d+\.\d+\/me\/(messages|messenger_profile)$/.exec(url.pathname);
    if (!graph) return send(404, { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } });
    if (!req.headers.authorization && !url.searchParams.get('access_token')) {
      return send(400, { error: { message: 'An active access token must be used', type: 'OAuthException', code: 2500 } });
    }
    if (graph[1] === 'messenger_profile') return this.handleProfile(req, url, chunks, send);
    if (req.method !== 'POST') return send(404, { error: { message: 'Unsupported request', type: 'GraphMethodException', code: 100 } });
    const body = parseJson(chunks);
    if (body === undefined) return send(400, { error: { message: 'Invalid JSON', type: 'OAuthException', code: 100 } });
    const recorded: RecordedRequest = { method: req.method, path: url.pathname, headers: req.headers, body, receivedAt: new Date().toISOString() };
    this.requests.push(recorded);
    this.onMessageRequest?.(recorded);
    this.waiters = this.waiters.filter((w) => (this.requests.length >= w.count ? (w.resolve(), false) : true));
    const recipient = (body as { recipient?: { id?: string } }).recipient?.id ?? 'unknown';
    if (this.blocked.has(recipient)) return send(GRAPH_ERRORS.userUnavailable.status, GRAPH_ERRORS.userUnavailable.body);
    const index = this.scripted.findIndex((s) => !s.psid || s.psid === recipient);
    if (index >= 0) {
      const [scripted] = this.scripted.splice(index, 1);
      return send(scripted.status, scripted.body);
    }
    const messageId = `m_fake_${this.nextId++}`;
    if (this.responseDelayMs > 0) await new Promise((r) => setTimeout(r, this.responseDelayMs));
    send(200, { recipient_id: recipient, message_id: messageId });
    const message = (body as { message?: Record<string, unknown> }).message;
    if (this.webhook && message) {
      // Messenger echoes every message the page sent, with the app's metadata, if the app subscribed to message_echoes.
      const echo = { ...message, is_echo: true, app_id: 1, mid: messageId, ...(typeof message.metadata === 'string' ? { metadata: message.metadata } : {}) };
      delete (echo as { quick_replies?: unknown }).quick_replies;
      this.background(this.deliverWithRetries({ sender: { id: this.webhook.pageId }, recipient: { id: recipient }, timestamp: Date.now(), message: echo }));
    }
  }

  private handleProfile(req: IncomingMessage, url: URL, chunks: Buffer[], send: (status: number, body: unknown) => void): void {
    if (req.method === 'GET') return send(200, { data: [this.profile] });
    const body = parseJson(chunks) as Record<string, unknown> | undefined;
    if (!body) return send(400, { error: { message: 'Invalid JSON', type: 'OAuthException', code: 100 } });
    this.profileRequests.push({ method: req.method ?? 'POST', path: url.pathname, headers: req.headers, body, receivedAt: new Date().toISOString() });
    if (req.method === 'DELETE') {
      for (const field of (body.fields as string[] | undefined) ?? []) delete this.profile[field];
    } else {
      this.profile = { ...this.profile, ...body };
    }
    send(200, { result: 'success' });
  }

  /** The browser is back from the app's consent page: tell the app the outcome for that user. */
  private linkingRedirect(url: URL, res: ServerResponse): void {
    const psid = this.linkingTokens.get(url.searchParams.get('account_linking_token') ?? '');
    const code = url.searchParams.get('authorization_code');
    res.writeHead(psid ? 200 : 400, { 'content-type': 'text/html' });
    res.end(psid ? '<p>Account linking finished. Return to Messenger.</p>' : '<p>Unknown account linking token.</p>');
    if (!psid || !this.webhook) return;
    this.linkingTokens.delete(url.searchParams.get('account_linking_token') ?? '');
    const accountLinking = code ? { status: 'linked', authorization_code: code } : { status: 'unlinked' };
    this.background(this.deliverWithRetries({ sender: { id: psid }, recipient: { id: this.webhook.pageId }, timestamp: Date.now(), account_linking: accountLinking }));
  }
}

function parseJson(chunks: Buffer[]): unknown {
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
