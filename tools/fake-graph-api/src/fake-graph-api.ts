import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  receivedAt: string;
}

/**
 * A local stand-in for the Graph API's Send API: answers POST /{version}/me/messages like Messenger
 * does (recipient_id + message_id) and records every request. GET /__requests lists them, for demos.
 * Scripted failures (`failNext`) let tests exercise retries and permanent errors.
 */
export class FakeGraphApi {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private scripted: { status: number; body: unknown }[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private nextId = 1;

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this.baseUrl;
  }

  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake Graph API is not running');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  failNext(status: number, body: unknown): void {
    this.scripted.push({ status, body });
  }

  /** Resolves when at least `count` Send API requests have been recorded, or rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs = 30_000): Promise<RecordedRequest[]> {
    if (this.requests.length >= count) return Promise.resolve(this.requests);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`expected ${count} Send API requests within ${timeoutMs} ms, got ${this.requests.length}`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(this.requests)) });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/__requests') return send(200, this.requests);
    if (req.method !== 'POST' || !/^\/v\d+\.\d+\/me\/messages$/.test(url.pathname)) {
      return send(404, { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } });
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, { error: { message: 'Invalid JSON', type: 'OAuthException', code: 100 } });
    }
    if (!req.headers.authorization && !url.searchParams.get('access_token')) {
      return send(400, { error: { message: 'An active access token must be used', type: 'OAuthException', code: 2500 } });
    }
    this.requests.push({ method: req.method, path: url.pathname, headers: req.headers, body, receivedAt: new Date().toISOString() });
    this.waiters = this.waiters.filter((w) => (this.requests.length >= w.count ? (w.resolve(), false) : true));
    const scripted = this.scripted.shift();
    if (scripted) return send(scripted.status, scripted.body);
    const recipient = (body as { recipient?: { id?: string } }).recipient?.id ?? 'unknown';
    send(200, { recipient_id: recipient, message_id: `m_fake_${this.nextId++}` });
  }
}
