import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FakeGraphApi } from '@kontor/fake-graph-api';
import { ensureDatabase, startEmbeddedPostgres, startLocalKafka } from '@kontor/local-infra';
import { LocalMessenger } from '@kontor/local-messenger';
import { DEFAULT_PORTS, PlatformService, SERVICES, ServiceProcess, spawnService } from './service-process';

const run = promisify(execFile);

/** The demo tenant and customer the README's example uses. Development only. */
export const DEMO = {
  bankId: 'demo-bank',
  keyId: 'key-1',
  secret: 'local-demo-secret-change-me',
  psid: '1000000000000001',
  accountId: 'DE89370400440532013000',
} as const;

export interface LocalPlatformOptions {
  root: string;
  log: (source: string, line: string) => void;
  /** Environment to honour: DATABASE_URL, KAFKA_BROKERS, GRAPH_API_BASE_URL... use the given servers. */
  env?: NodeJS.ProcessEnv;
  /**
   * Added to every port the platform listens on (services, fake Graph API, local Messenger, embedded
   * PostgreSQL and Kafka), so a second platform (an e2e run) does not collide with `npm start`. Default:
   * `KONTOR_PORT_OFFSET` from `env`, else 0.
   */
  portOffset?: number;
  /** Grant the demo customer a consent with every scope at start (default true; LOCAL_DEMO_CONSENT=off to skip). */
  demoConsent?: boolean;
}

/** The ports a platform with this offset listens on. */
export function localPlatformPorts(offset = 0) {
  return {
    services: Object.fromEntries(SERVICES.map((name) => [name, DEFAULT_PORTS[name] + offset])) as Record<PlatformService, number>,
    fakeGraphApi: 3900 + offset,
    localMessenger: 3905 + offset,
    postgres: 5433 + offset,
    kafka: 9092 + offset,
  };
}

export interface LocalPlatform {
  env: NodeJS.ProcessEnv;
  services: ServiceProcess[];
  ingestionUrl: string;
  fakeGraphApi?: FakeGraphApi;
  /** The local Messenger page, when the fake Graph API runs (http://127.0.0.1:3905). */
  localMessengerUrl?: string;
  localMessenger?: LocalMessenger;
  /** messenger-gateway's Messenger webhook (`/webhooks/messenger`). */
  gatewayWebhookUrl: string;
  stop(): Promise<void>;
}

/** Keys for local runs, made once and kept under .data/ so sealed secrets stay readable across restarts. */
function localKeys(root: string): { secretsKey: string; tokenizationKey: string } {
  const file = join(root, '.data/local-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { secretsKey: string; tokenizationKey: string };
  mkdirSync(join(root, '.data'), { recursive: true });
  const keys = { secretsKey: randomBytes(32).toString('base64'), tokenizationKey: randomBytes(32).toString('base64url') };
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

/**
 * Brings the whole platform up on this machine: Kafka (the project's broker unless KAFKA_BROKERS is set),
 * PostgreSQL (embedded unless DATABASE_URL is set), a fake Graph API (unless GRAPH_API_BASE_URL is set),
 * the four services, the demo bank and a demo customer who consented to everything.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const given = options.env ?? process.env;
  const ports = localPlatformPorts(options.portOffset ?? Number(given.KONTOR_PORT_OFFSET ?? 0));
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((e: unknown) => options.log('platform', `stop failed: ${String(e)}`));
  };
  try {
    let databaseUrl = given.DATABASE_URL;
    if (!databaseUrl) {
      options.log('platform', `DATABASE_URL not set: starting embedded PostgreSQL on 127.0.0.1:${ports.postgres} (data in .data/postgres)`);
      const pg = await startEmbeddedPostgres({ dataDir: join(options.root, '.data/postgres'), port: ports.postgres, log: (l) => options.log('postgres', l) });
      stops.push(pg.stop);
      databaseUrl = await ensureDatabase(pg.url, 'kontor');
    }
    let brokers = given.KAFKA_BROKERS;
    if (!brokers) {
      options.log('platform', `KAFKA_BROKERS not set: starting the local Kafka broker on 127.0.0.1:${ports.kafka}`);
      const kafka = await startLocalKafka({ root: options.root, port: ports.kafka, log: (l) => options.log('kafka', l) });
      stops.push(kafka.stop);
      brokers = kafka.brokers;
    }
    let graphApi = given.GRAPH_API_BASE_URL;
    let fakeGraphApi: FakeGraphApi | undefined;
    if (!graphApi) {
      fakeGraphApi = new FakeGraphApi();
      graphApi = await fakeGraphApi.start(ports.fakeGraphApi);
      stops.push(() => fakeGraphApi!.stop());
      options.log('platform', `GRAPH_API_BASE_URL not set: fake Graph API on ${graphApi} (GET ${graphApi}/__requests shows what was sent)`);
    }
    const keys = localKeys(options.root);
    const appSecret = given.MESSENGER_APP_SECRET ?? 'local-app-secret-change-me';
    const gatewayUrl = `http://127.0.0.1:${ports.services['messenger-gateway']}`;
    const gatewayWebhookUrl = `${gatewayUrl}/webhooks/messenger`;
    const withLocalMessenger = fakeGraphApi !== undefined && given.LOCAL_MESSENGER !== 'off';
    const localMessengerPort = Number(given.LOCAL_MESSENGER_PORT ?? ports.localMessenger);
    const pageId = given.LOCAL_MESSENGER_PAGE_ID ?? '1000000000000999';
    // The consent page sends the browser back only to these origins: Messenger's own, and here the local
    // Messenger page (its /account-linking/callback) and the fake Graph API (its account_linking redirect).
    const localOrigins = [...(withLocalMessenger ? [`http://127.0.0.1:${localMessengerPort}`] : []), ...(fakeGraphApi ? [graphApi] : [])];
    // The caller's environment passes through (TLS, SASL, Graph API version...), with local defaults added.
    const env: NodeJS.ProcessEnv = {
      ...given,
      NODE_ENV: given.NODE_ENV ?? 'development',
      LOG_LEVEL: given.LOG_LEVEL ?? 'log',
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: given.KAFKA_TOPIC_PREFIX ?? '',
      KONTOR_SECRETS_KEY: given.KONTOR_SECRETS_KEY ?? keys.secretsKey,
      KONTOR_TOKENIZATION_KEY: given.KONTOR_TOKENIZATION_KEY ?? keys.tokenizationKey,
      INGESTION_DEV_SEED_BANKS: given.INGESTION_DEV_SEED_BANKS ?? `${DEMO.bankId}:${DEMO.keyId}:${DEMO.secret}`,
      GRAPH_API_BASE_URL: graphApi,
      MESSENGER_PAGE_ACCESS_TOKEN: given.MESSENGER_PAGE_ACCESS_TOKEN ?? 'local-page-access-token',
      MESSENGER_APP_SECRET: appSecret,
      MESSENGER_VERIFY_TOKEN: given.MESSENGER_VERIFY_TOKEN ?? 'local-verify-token-change-me',
      GATEWAY_PUBLIC_URL: given.GATEWAY_PUBLIC_URL ?? gatewayUrl,
      ...(given.ACCOUNT_LINKING_REDIRECT_ORIGINS || localOrigins.length > 0 ? { ACCOUNT_LINKING_REDIRECT_ORIGINS: given.ACCOUNT_LINKING_REDIRECT_ORIGINS ?? localOrigins.join(',') } : {}),
    };
    // Like Messenger, the fake sends the gateway the echo of every message (which confirms pushes) and account-linking events.
    fakeGraphApi?.deliverWebhooksTo({ url: gatewayWebhookUrl, appSecret, pageId });

    const services: ServiceProcess[] = [];
    // One at a time: each provisions any missing topics and migrates its schema before the next starts.
    for (const name of SERVICES) {
      const service = spawnService({ root: options.root, name, port: ports.services[name], env, onLine: options.log });
      services.push(service);
      stops.push(() => service.stop());
      await service.waitReady();
      options.log('platform', `${name} ready on http://127.0.0.1:${service.port}`);
    }

    if ((options.demoConsent ?? true) && given.LOCAL_DEMO_CONSENT !== 'off') {
      const { stdout } = await run(
        process.execPath,
        [join(options.root, 'dist/apps/messenger-gateway/src/cli.js'), 'grant-consent', '--psid', DEMO.psid, '--bank', DEMO.bankId, '--account', DEMO.accountId],
        { env },
      );
      options.log('platform', `demo customer ${DEMO.psid} consented for ${DEMO.bankId}: ${stdout.trim()}`);
    }

    // With the fake Graph API, the local Messenger page plays the customer's chat (set LOCAL_MESSENGER=off to leave it out).
    let localMessengerUrl: string | undefined;
    let localMessenger: LocalMessenger | undefined;
    if (withLocalMessenger) {
      const webhookUrl = given.LOCAL_MESSENGER_WEBHOOK_URL ?? gatewayWebhookUrl;
      const messenger = (localMessenger = new LocalMessenger({ webhookUrl, appSecret, graphApiUrl: graphApi, psid: DEMO.psid, pageId, log: (line) => options.log('local-messenger', line) }));
      localMessengerUrl = await messenger.start(localMessengerPort);
      stops.push(() => messenger.stop());
      options.log('platform', `local Messenger on ${localMessengerUrl}: chat as the demo customer ${DEMO.psid} (webhooks to ${webhookUrl})`);
    }

    return { env, services, ingestionUrl: `http://127.0.0.1:${ports.services['bank-ingestion']}`, fakeGraphApi, localMessengerUrl, localMessenger, gatewayWebhookUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
