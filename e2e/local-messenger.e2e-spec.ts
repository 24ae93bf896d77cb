import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import {
  accountLinkingReply,
  balanceReply,
  cardLastFour,
  fraudAlertReply,
  fraudFeedbackAcknowledgementReply,
  helpReply,
  maskedAccount,
  OutgoingMessage,
  parseReplyPayload,
  receiptReply,
  recentTransactionsReply,
  recognizeIntent,
  searchSpendingReply,
  unknownReply,
} from '@kontor/conversation';
import { FakeGraphApi } from '@kontor/fake-graph-api';
import { findRepoRoot } from '@kontor/local-infra';
import { LocalMessenger, MessagingEvent, WebhookBody } from '@kontor/local-messenger';
import { hubSignatureMatches } from '@kontor/request-signing';
import { eventually } from '@kontor/testing';

const root = findRepoRoot(__dirname);
const PORT_OFFSET = Number(process.env.KONTOR_E2E_PORT_OFFSET ?? 1000);
const LOCAL_MESSENGER_PORT = 3905 + PORT_OFFSET;
const APP_SECRET = `e2e-app-secret-${process.pid}`;
const PSID = '1000000000000001';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface ReceivedWebhook {
  rawBody: Buffer;
  signature?: string;
  body: WebhookBody;
}

/**
 * A small webhook receiver standing in for messenger-gateway: it refuses a POST whose X-Hub-Signature-256
 * does not match, answers 200 at once and then replies through the fake Graph API's Send API, using the
 * conversation library's intent recognition and reply builders with demo data.
 */
class TestWebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly refused: number[] = [];
  private server?: Server;

  constructor(private readonly graphApiUrl: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  events(): MessagingEvent[] {
    return this.received.flatMap((w) => w.body.entry.flatMap((e) => e.messaging));
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/consent') {
      // Stands in for the bank's login and consent page: "Allow" returns to Messenger with an authorization code.
      const redirect = url.searchParams.get('redirect_uri') ?? '';
      const allow = `${redirect}${redirect.includes('?') ? '&' : '?'}authorization_code=code-123`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>Demo bank</title><h1>Demo bank</h1><a id="allow" href="${allow.replace(/"/g, '&quot;')}">Allow</a>`);
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/webhook') {
      res.writeHead(404).end();
      return;
    }
    const signature = req.headers['x-hub-signature-256'] as string | undefined;
    if (!hubSignatureMatches(APP_SECRET, rawBody, signature)) {
      this.refused.push(Date.now());
      res.writeHead(403).end();
      return;
    }
    const body = JSON.parse(rawBody.toString('utf8')) as WebhookBody;
    this.received.push({ rawBody, signature, body });
    res.writeHead(200).end('EVENT_RECEIVED');
    for (const event of body.entry.flatMap((e) => e.messaging)) await this.answer(event);
  }

  private async answer(event: MessagingEvent): Promise<void> {
    const payload = event.message?.quick_reply?.payload ?? event.postback?.payload;
    const parsed = payload ? parseReplyPayload(payload) : undefined;
    if (parsed?.kind === 'fraud_feedback') return this.send(event.sender.id, fraudFeedbackAcknowledgementReply({ locale: 'en', verdict: parsed.verdict }));
    if (event.account_linking) return this.send(event.sender.id, { text: `Linked (${event.account_linking.status}).` });
    const recognized = parsed?.kind === 'intent' ? { intent: parsed.intent, slots: {} as { merchant?: string }, locale: 'en' as const } : recognizeIntent(event.message?.text ?? '', undefined, { now: new Date('2026-12-01T12:00:00Z') });
    return this.send(event.sender.id, this.replyFor(recognized.intent, recognized.locale, recognized.slots.merchant));
  }

  private replyFor(intent: string, locale: 'en' | 'de', merchant?: string): OutgoingMessage {
    const account = maskedAccount('DE89 •••• 3000');
    const eur = (amountMinor: string) => ({ amountMinor, currency: 'EUR', currencyExponent: 2 });
    switch (intent) {
      case 'balance':
        return balanceReply({ locale, accounts: [{ accountMasked: account, balance: eur('123456') }] });
      case 'recent_transactions':
        return recentTransactionsReply({ locale, accountMasked: account, transactions: [{ bookingDate: '2026-11-30', displayName: 'Blue Bottle Coffee', amount: eur('450'), direction: 'debit', status: 'booked', cardLastFour: cardLastFour('1111') }] });
      case 'search_spending':
        return searchSpendingReply({ locale, merchant, total: eur('2599'), count: 2 });
      case 'receipt':
        return receiptReply({
          locale,
          recipientName: 'Erika Mustermann',
          merchantName: 'Zalando',
          orderNumber: '10203040',
          currency: 'EUR',
          card: { brand: 'Visa', lastFour: cardLastFour('1111') },
          orderedAt: '2026-11-28T10:15:30Z',
          items: [{ title: 'Sneakers', subtitle: 'Size 42', quantity: 1, priceMinor: '8995' }, { title: 'Socks', quantity: 2, priceMinor: '1000' }],
          summary: { subtotalMinor: '9995', shippingCostMinor: '495', totalCostMinor: '10490' },
        });
      case 'link_account':
        return accountLinkingReply({ locale, linkUrl: `${this.url}/consent` });
      case 'help':
        return helpReply(locale);
      default:
        return unknownReply(locale);
    }
  }

  async send(psid: string, message: OutgoingMessage, tag?: string): Promise<void> {
    const body = tag ? { recipient: { id: psid }, messaging_type: 'MESSAGE_TAG', tag, message } : { recipient: { id: psid }, messaging_type: 'RESPONSE', message };
    const response = await fetch(`${this.graphApiUrl}/v23.0/me/messages`, { method: 'POST', headers: { authorization: 'Bearer e2e-page-token', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`Send API answered ${response.status}`);
  }
}

/** Drives the local Messenger page in Debian's headless Chromium against a signature-checking webhook. */
describe('the local Messenger page', () => {
  const graphApi = new FakeGraphApi();
  let receiver: TestWebhookReceiver;
  let messenger: ChildProcess;
  let browser: Browser;
  let page: Page;
  const messengerLog: string[] = [];
  const messengerUrl = `http://127.0.0.1:${LOCAL_MESSENGER_PORT}`;

  const verifiedEvent = async (predicate: (e: MessagingEvent) => boolean): Promise<{ event: MessagingEvent; webhook: ReceivedWebhook }> =>
    eventually(async () => {
      const webhook = receiver.received.find((w) => w.body.entry.some((e) => e.messaging.some(predicate)));
      if (!webhook) return undefined;
      return { webhook, event: webhook.body.entry.flatMap((e) => e.messaging).find(predicate)! };
    });

  const expectCorrectlySigned = (webhook: ReceivedWebhook) => {
    expect(webhook.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(hubSignatureMatches(APP_SECRET, webhook.rawBody, webhook.signature)).toBe(true);
    expect(hubSignatureMatches('some-other-secret', webhook.rawBody, webhook.signature)).toBe(false);
    expect(webhook.body.object).toBe('page');
  };

  const typeMessage = async (text: string) => {
    await page.fill('#message-input', text);
    await page.press('#message-input', 'Enter');
  };

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/tools/local-messenger/src/main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    const graphApiUrl = await graphApi.start();
    receiver = new TestWebhookReceiver(graphApiUrl);
    const receiverUrl = await receiver.start();
    messenger = spawn(process.execPath, [join(root, 'dist/tools/local-messenger/src/main.js')], {
      env: { PATH: process.env.PATH, LOCAL_MESSENGER_PORT: String(LOCAL_MESSENGER_PORT), LOCAL_MESSENGER_WEBHOOK_URL: `${receiverUrl}/webhook`, MESSENGER_APP_SECRET: APP_SECRET, GRAPH_API_BASE_URL: graphApiUrl, LOCAL_MESSENGER_PSID: PSID },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    messenger.stdout!.on('data', (d: Buffer) => messengerLog.push(d.toString()));
    messenger.stderr!.on('data', (d: Buffer) => messengerLog.push(d.toString()));
    await eventually(async () => ((await fetch(`${messengerUrl}/api/config`).catch(() => undefined))?.ok ? true : undefined), 15_000).catch((error: unknown) => {
      throw new Error(`local messenger did not start: ${String(error)}\n${messengerLog.join('')}`);
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ locale: 'en-GB', viewport: { width: 480, height: 900 } });
    page.on('pageerror', (error) => messengerLog.push(`[page error] ${error.message}\n`));
    page.on('console', (message) => messengerLog.push(`[page console] ${message.text()}\n`));
    await page.goto(messengerUrl);
  });

  afterAll(async () => {
    // The local messenger's and the page's own output, for when this test fails.
    mkdirSync(join(root, '.data'), { recursive: true });
    writeFileSync(join(root, '.data/local-messenger-e2e.log'), messengerLog.join(''));
    await browser?.close();
    messenger?.kill('SIGTERM');
    await receiver?.stop();
    await graphApi.stop();
  });

  it('sends typed text as a signed webhook and renders the text reply with its quick replies', async () => {
    await typeMessage("What's my balance?");
    await page.locator('.msg.user', { hasText: "What's my balance?" }).waitFor();
    await page.locator('.msg.bot', { hasText: 'DE89 •••• 3000: €1,234.56' }).waitFor();
    expect(await page.locator('.quick-replies button').allTextContents()).toEqual(['Transactions', 'Spending']);

    const { event, webhook } = await verifiedEvent((e) => e.message?.text === "What's my balance?");
    expectCorrectlySigned(webhook);
    expect(event).toEqual({ sender: { id: PSID }, recipient: { id: expect.any(String) }, timestamp: expect.any(Number), message: { mid: expect.stringMatching(/^m_/), text: "What's my balance?" } });
    expect(webhook.body.entry[0]).toEqual({ id: event.recipient.id, time: expect.any(Number), messaging: [event] });
  });

  it('sends a clicked quick reply with its payload, correctly signed', async () => {
    await page.locator('.quick-replies button', { hasText: 'Transactions' }).click();
    const { event, webhook } = await verifiedEvent((e) => e.message?.quick_reply?.payload === 'INTENT|recent_transactions');
    expectCorrectlySigned(webhook);
    expect(event.message).toEqual({ mid: expect.stringMatching(/^m_/), text: 'Transactions', quick_reply: { payload: 'INTENT|recent_transactions' } });
    await page.locator('.msg.bot', { hasText: 'Blue Bottle Coffee: -€4.50 · card •1111' }).waitFor();
  });

  it('renders a receipt template', async () => {
    await typeMessage('receipt pls');
    const receipt = page.locator('.receipt-card').last();
    await receipt.waitFor();
    const text = await receipt.innerText();
    for (const part of ['Zalando', 'Erika Mustermann', '10203040', 'Visa 1111', '1 × Sneakers', 'Size 42', '€89.95', '2 × Socks', '€10.00', '€4.95', '€104.90']) expect(text).toContain(part);
    expect(await receipt.locator('.row.total').innerText()).toMatch(/Total\s+€104\.90/);
  });

  it('renders a generic template and sends its postback button', async () => {
    const generic = { attachment: { type: 'template', payload: { template_type: 'generic', elements: [{ title: 'Zalando order 10203040', subtitle: 'On its way with DHL', buttons: [{ type: 'postback', title: 'Show receipt', payload: 'INTENT|receipt' }] }] } } };
    await receiver.send(PSID, generic as unknown as OutgoingMessage);
    const card = page.locator('.generic-element', { hasText: 'Zalando order 10203040' });
    await card.waitFor();
    await card.locator('button.postback', { hasText: 'Show receipt' }).click();
    const { event, webhook } = await verifiedEvent((e) => e.postback?.payload === 'INTENT|receipt');
    expectCorrectlySigned(webhook);
    expect(event.postback).toEqual({ mid: expect.stringMatching(/^m_/), title: 'Show receipt', payload: 'INTENT|receipt' });
    await page.locator('.receipt-card').nth(1).waitFor();
  });

  it('renders a fraud alert and sends "Not me" back as a quick reply', async () => {
    const alertId = '0b7d8f52-3f8e-5a51-9a4e-7f1d2c3b4a59';
    const reasons = [{ code: 'HIGH_AMOUNT', points: 300, messageEn: 'The amount is unusually high.', messageDe: 'Der Betrag ist ungewöhnlich hoch.' }];
    await receiver.send(PSID, fraudAlertReply({ locale: 'en', alertId, merchantName: 'Lucky Star Casino', amount: { amountMinor: '249900', currency: 'EUR', currencyExponent: 2 }, cardLastFour: cardLastFour('1111'), reasons }), 'ACCOUNT_UPDATE');
    const alert = page.locator('.msg.alert', { hasText: 'Lucky Star Casino' });
    await alert.waitFor();
    expect(await alert.locator('.tag').innerText()).toBe('ACCOUNT_UPDATE');
    expect(await alert.innerText()).toContain('a payment of €2,499.00 at Lucky Star Casino with your card ending 1111 looks unusual.');
    expect(await page.locator('.quick-replies button').allTextContents()).toEqual(['It was me', 'Not me']);

    await page.locator('.quick-replies button', { hasText: 'Not me' }).click();
    const { event, webhook } = await verifiedEvent((e) => e.message?.quick_reply?.payload === `FRAUD_FEEDBACK|${alertId}|FRAUD`);
    expectCorrectlySigned(webhook);
    expect(event.message?.text).toBe('Not me');
    await page.locator('.msg.bot', { hasText: 'We have told your bank' }).waitFor();
    expect(await page.locator('.quick-replies button').allTextContents()).toEqual(['Help']);
  });

  it('signs the Meta-escaped bytes of non-ASCII text', async () => {
    await typeMessage('Wie viel hab ich bei Müller ausgegeben? 💶');
    const { webhook } = await verifiedEvent((e) => e.message?.text === 'Wie viel hab ich bei Müller ausgegeben? 💶');
    expectCorrectlySigned(webhook);
    expect(webhook.rawBody.toString('utf8')).toContain('M\\u00fcller ausgegeben? \\ud83d\\udcb6');
    await page.locator('.msg.bot', { hasText: 'Sie haben bei Müller 25,99' }).waitFor();
  });

  it('links an account the way Messenger does: button, bank page, redirect, account_linking event', async () => {
    await typeMessage('link my bank');
    const button = page.locator('.button-template .account-link').last();
    await button.waitFor();
    expect(await page.locator('.button-template .card-text').last().innerText()).toMatch(/^Link your bank/);
    const [popup] = await Promise.all([page.context().waitForEvent('page'), button.click()]);
    await popup.waitForLoadState();
    const consentUrl = new URL(popup.url());
    expect(consentUrl.pathname).toBe('/consent');
    expect(consentUrl.searchParams.get('account_linking_token')).toMatch(/^alt_/);
    expect(consentUrl.searchParams.get('redirect_uri')).toMatch(new RegExp(`^${messengerUrl}/account-linking/callback`));
    await popup.click('#allow');
    await popup.locator('h1', { hasText: 'Account linked' }).waitFor();
    const { event, webhook } = await verifiedEvent((e) => e.account_linking !== undefined);
    expectCorrectlySigned(webhook);
    expect(event.account_linking).toEqual({ status: 'linked', authorization_code: 'code-123' });
    await popup.close();
    await page.locator('.msg.bot', { hasText: 'Linked (linked).' }).waitFor();

    await page.screenshot({ path: '/tmp/local-messenger.png', fullPage: true });
    expect(receiver.refused).toEqual([]);
  });

  it('shows when the webhook refuses a signature made with the wrong secret', async () => {
    const wrong = new LocalMessenger({ webhookUrl: `${receiver.url}/webhook`, appSecret: 'not-the-app-secret', graphApiUrl: graphApi.baseUrl, psid: '1000000000000002', pageId: '1000000000000999' });
    const url = await wrong.start();
    const other = await browser.newPage({ locale: 'en-GB' });
    try {
      const receivedBefore = receiver.received.length;
      await other.goto(url);
      await other.fill('#message-input', 'balance');
      await other.press('#message-input', 'Enter');
      await other.locator('.system.error', { hasText: 'webhook answered 403' }).waitFor();
      expect(receiver.refused).toHaveLength(1);
      expect(receiver.received).toHaveLength(receivedBefore);
      expect(wrong.sent.map((s) => s.status)).toEqual([403]);
    } finally {
      await other.close();
      await wrong.stop();
    }
  });
});
