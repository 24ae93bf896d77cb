import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { FakeGraphApi, RecordedRequest } from '@kontor/fake-graph-api';
import { loadConfig } from '@kontor/platform-config';
import { createService } from '@kontor/platform-runtime';
import { hubSignature256 } from '@kontor/request-signing';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { ConsentRepository } from './consent/consent.repository';
import { ConsentScope } from './consent/customer-consent.entity';
import { GatewayConfig } from './gateway.config';
import { configureGatewayHttp } from './gateway.http';
import { GatewayModule } from './gateway.module';

export const PAGE_ID = '1691462197845448';
export const APP_SECRET = 'test-app-secret-0123456789abcdef';
export const VERIFY_TOKEN = 'test-verify-token';

/**
 * One messenger-gateway on a real PostgreSQL database and Kafka topic prefix of its own, listening on a
 * free port, with a fake Graph API that signs its echoes and account-linking events like Messenger.
 * Integration tests only.
 */
export class GatewayHarness {
  readonly graph = new FakeGraphApi();
  app!: NestExpressApplication;
  config!: GatewayConfig;
  baseUrl!: string;
  dataSource!: DataSource;
  private database!: Awaited<ReturnType<typeof createTestDatabase>>;

  static async start(label: string, overrides: Record<string, string> = {}): Promise<GatewayHarness> {
    const harness = new GatewayHarness();
    await harness.init(label, overrides);
    return harness;
  }

  private async init(label: string, overrides: Record<string, string>): Promise<void> {
    this.database = await createTestDatabase(label);
    const graphUrl = await this.graph.start();
    this.config = loadConfig(GatewayConfig, {
      DATABASE_URL: this.database.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(label.replace(/_/g, '-')),
      GRAPH_API_BASE_URL: graphUrl,
      MESSENGER_PAGE_ACCESS_TOKEN: 'page-token',
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
      KONTOR_TOKENIZATION_KEY: randomBytes(32).toString('hex'),
      ACCOUNT_LINKING_REDIRECT_ORIGINS: graphUrl,
      SEND_API_MAX_ATTEMPTS: '3',
      LOG_LEVEL: 'error',
      ...overrides,
    });
    this.app = await createService(GatewayModule.register(this.config), { service: 'messenger-gateway', logLevel: 'error', configure: configureGatewayHttp });
    await this.app.listen(0, '127.0.0.1');
    this.baseUrl = `http://127.0.0.1:${(this.app.getHttpServer().address() as AddressInfo).port}`;
    this.config.GATEWAY_PUBLIC_URL = this.baseUrl;
    this.dataSource = this.app.get(DataSource);
    this.graph.deliverWebhooksTo({ url: `${this.baseUrl}/webhooks/messenger`, appSecret: APP_SECRET, pageId: PAGE_ID });
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.graph.stop();
    await this.database.drop();
  }

  /** POSTs a webhook body as Messenger would: signed with the app secret unless a signature is given. */
  postWebhook(body: string | object, signature?: string | null): Promise<Response> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const sig = signature === undefined ? hubSignature256(APP_SECRET, raw) : signature;
    if (sig !== null) headers['x-hub-signature-256'] = sig;
    return fetch(`${this.baseUrl}/webhooks/messenger`, { method: 'POST', headers, body: raw });
  }

  userSays(psid: string, text: string, mid = `mid.${uniqueSuffix()}${uniqueSuffix()}`): Promise<Response> {
    return this.postWebhook({ object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid, text } }] }] });
  }

  userTaps(psid: string, payload: string, title = 'tap', mid = `mid.${uniqueSuffix()}${uniqueSuffix()}`): Promise<Response> {
    return this.postWebhook({
      object: 'page',
      entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid, text: title, quick_reply: { payload } } }] }],
    });
  }

  /** Messages sent to the user (pushes and replies), oldest first. */
  sentTo(psid: string): RecordedRequest[] {
    return this.graph.conversation(psid);
  }

  texts(psid: string): string[] {
    return this.sentTo(psid).map((r) => JSON.stringify((r.body as { message?: unknown }).message ?? {}));
  }

  /** Waits until the user has received `count` messages and returns their message objects as JSON text. */
  async waitForMessages(psid: string, count: number, timeoutMs = 20_000): Promise<string[]> {
    return eventually(async () => (this.sentTo(psid).length >= count ? this.texts(psid) : undefined), timeoutMs);
  }

  grant(psid: string, bankId: string, accountId: string, scopes: ConsentScope[], options: { validForDays?: number; grantedAt?: Date } = {}) {
    return this.app.get(ConsentRepository).grant({ psid, bankId, accountId, scopes, locale: 'en', validForDays: options.validForDays ?? 90 }, this.config.KONTOR_TOKENIZATION_KEY, options.grantedAt);
  }
}
