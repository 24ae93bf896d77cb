import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { Request, Response } from 'express';
import { findRepoRoot } from '@kontor/local-infra';
import { messageId, messagingEvent, signedWebhookRequest, UserAction, webhookBody, WebhookBody } from './webhook-events';

export interface LocalMessengerOptions {
  /** Where the signed webhooks go, e.g. messenger-gateway's `http://127.0.0.1:3004/webhooks/messenger`. */
  webhookUrl: string;
  /** The Meta app secret the receiver verifies `X-Hub-Signature-256` with. */
  appSecret: string;
  /** Base URL of the fake Graph API; its `GET /__requests` is what the page shows as the page's replies. */
  graphApiUrl: string;
  psid: string;
  pageId: string;
  /** Escape non-ASCII in bodies as Meta does (default true). */
  escapeUnicode?: boolean;
  log?: (line: string) => void;
}

/** One webhook the local messenger sent, with the receiver's answer. */
export interface SentWebhook {
  body: WebhookBody;
  rawBody: string;
  signature: string;
  status?: number;
  error?: string;
  sentAt: string;
}

/** A Send API request addressed to this user, as the page renders it. */
export interface PageReply {
  /** Position in the fake Graph API's list; the page asks for replies after the last one it has. */
  index: number;
  receivedAt: string;
  messagingType?: string;
  tag?: string;
  senderAction?: string;
  message?: unknown;
}

interface RecordedSendApiRequest {
  receivedAt: string;
  body: { recipient?: { id?: string }; messaging_type?: string; tag?: string; sender_action?: string; message?: unknown };
}

const PUBLIC_DIR = join(findRepoRoot(__dirname), 'tools/local-messenger/public');

/**
 * A Messenger client for development and demos: serves the chat page, turns what the user does into
 * signed webhook POSTs in Meta's format, and shows what the page (the gateway) sent, read from the fake
 * Graph API over HTTP. Account linking works like Messenger's: the page opens the link with
 * `account_linking_token` and `redirect_uri`, and the redirect with `authorization_code` becomes an
 * `account_linking` event.
 */
export class LocalMessenger {
  readonly sent: SentWebhook[] = [];
  private server?: Server;
  private sequence = 0;

  constructor(private readonly options: LocalMessengerOptions) {}

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const app = express();
    app.use(express.json({ limit: '100kb' }));
    app.get('/api/config', (_req, res) => {
      res.json({ psid: this.options.psid, pageId: this.options.pageId, webhookUrl: this.options.webhookUrl, graphApiUrl: this.options.graphApiUrl });
    });
    app.post('/api/events', (req, res) => void this.handleAction(req, res));
    app.get('/api/sent', (_req, res) => {
      res.json(this.sent);
    });
    app.get('/api/replies', (req, res) => void this.handleReplies(req, res));
    app.get('/account-linking/callback', (req, res) => void this.handleLinkingCallback(req, res));
    app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
    const server = app.listen(port, host);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('local messenger is not running');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Sends what the user did as Meta would: one signed webhook POST. Records the receiver's status. */
  async act(action: UserAction): Promise<SentWebhook> {
    const now = Date.now();
    const event = messagingEvent({ psid: this.options.psid, pageId: this.options.pageId }, action, now, messageId(now, ++this.sequence));
    const body = webhookBody(this.options.pageId, [event], now);
    const request = signedWebhookRequest(body, this.options.appSecret, { escapeUnicode: this.options.escapeUnicode });
    const sent: SentWebhook = { body, rawBody: request.rawBody, signature: request.headers['x-hub-signature-256'], sentAt: new Date(now).toISOString() };
    this.sent.push(sent);
    try {
      const response = await fetch(this.options.webhookUrl, { method: 'POST', headers: request.headers, body: request.rawBody, signal: AbortSignal.timeout(10_000) });
      sent.status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      sent.error = error instanceof Error ? error.message : String(error);
    }
    this.options.log?.(`webhook ${action.type} → ${sent.status ?? sent.error}`);
    return sent;
  }

  private async handleAction(req: Request, res: Response): Promise<void> {
    const action = parseAction(req.body);
    if (!action) {
      res.status(400).json({ error: 'expected {type: text|quick_reply|postback|account_linking, ...}' });
      return;
    }
    const sent = await this.act(action);
    res.json({ status: sent.status, error: sent.error, mid: sent.body.entry[0].messaging[0].message?.mid ?? sent.body.entry[0].messaging[0].postback?.mid });
  }

  private async handleReplies(req: Request, res: Response): Promise<void> {
    const after = Number(req.query.after ?? -1);
    try {
      const response = await fetch(new URL('/__requests', this.options.graphApiUrl), { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`fake Graph API answered ${response.status}`);
      const requests = (await response.json()) as RecordedSendApiRequest[];
      const replies: PageReply[] = [];
      requests.forEach((r, index) => {
        if (index <= after || r.body?.recipient?.id !== this.options.psid) return;
        replies.push({ index, receivedAt: r.receivedAt, messagingType: r.body.messaging_type, tag: r.body.tag, senderAction: r.body.sender_action, message: r.body.message });
      });
      res.json({ replies, total: requests.length });
    } catch (error) {
      res.status(502).json({ error: `cannot read the fake Graph API at ${this.options.graphApiUrl}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private async handleLinkingCallback(req: Request, res: Response): Promise<void> {
    const code = typeof req.query.authorization_code === 'string' ? req.query.authorization_code : undefined;
    res.type('html');
    if (!code) {
      res.send(page('Linking cancelled', 'The bank page returned without an authorization code, so nothing was linked. You can close this window.'));
      return;
    }
    const sent = await this.act({ type: 'account_linking', status: 'linked', authorizationCode: code });
    res.send(page('Account linked', `Messenger would now tell the page: account_linking linked (webhook answered ${sent.status ?? sent.error}). You can close this window.`));
  }
}

function page(title: string, text: string): string {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><body style="font-family:system-ui;margin:2rem"><h1>${escape(title)}</h1><p id="result">${escape(text)}</p></body>`;
}

function parseAction(input: unknown): UserAction | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const a = input as Record<string, unknown>;
  const str = (v: unknown, max = 2000) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);
  switch (a.type) {
    case 'text':
      return str(a.text) ? { type: 'text', text: a.text as string } : undefined;
    case 'quick_reply':
      return str(a.text) && str(a.payload, 1000) ? { type: 'quick_reply', text: a.text as string, payload: a.payload as string } : undefined;
    case 'postback':
      return str(a.title) && str(a.payload, 1000) ? { type: 'postback', title: a.title as string, payload: a.payload as string } : undefined;
    case 'account_linking':
      if (a.status === 'unlinked') return { type: 'account_linking', status: 'unlinked' };
      return a.status === 'linked' && str(a.authorizationCode) ? { type: 'account_linking', status: 'linked', authorizationCode: a.authorizationCode as string } : undefined;
    default:
      return undefined;
  }
}
