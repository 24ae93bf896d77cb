import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FakeGraphApi } from '@kontor/fake-graph-api';
import { findRepoRoot } from '@kontor/local-infra';
import { DEFAULT_PORTS, DEMO, SERVICES, ServiceProcess, spawnService } from '@kontor/platform-launcher';
import { METRIC_NAMES, SpanRecord } from '@kontor/platform-observability';
import { bankRequestHeaders } from '@kontor/request-signing';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueTopicPrefix } from '@kontor/testing';

const run = promisify(execFile);

/** The value of the one sample of `name` whose labels include `labels` (Prometheus text format); undefined if none. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}
const root = findRepoRoot(__dirname);
const PAN = '4111111111111111';
/** Ports of their own: the other e2e spec runs the platform at the same time on offset +0. */
const PORT_OFFSET = Number(process.env.KONTOR_E2E_PORT_OFFSET ?? 1000) + 50;

/**
 * The platform observed from outside: one transaction from the bank's POST to the Send API call is one
 * trace across all four services (each writes its spans to a file of its own), and every service
 * exposes its metrics on /metrics. The services' logs land in .data/e2e-observability.log.
 */
describe('observing one transaction across the platform', () => {
  const graphApi = new FakeGraphApi();
  const services: ServiceProcess[] = [];
  const logs: string[] = [];
  const traceDir = mkdtempSync(join(tmpdir(), 'kontor-traces-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: NodeJS.ProcessEnv;

  const spansOf = (service: string): SpanRecord[] => {
    const file = join(traceDir, `${service}.jsonl`);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { span: SpanRecord }).span);
  };
  const metricsOf = async (service: ServiceProcess) => (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/apps/bank-ingestion/src/main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    database = await createTestDatabase('e2e-obs');
    const graphApiUrl = await graphApi.start();
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'log',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('e2e-obs'),
      KONTOR_SECRETS_KEY: randomBytes(32).toString('base64'),
      KONTOR_TOKENIZATION_KEY: randomBytes(32).toString('hex'),
      INGESTION_DEV_SEED_BANKS: `${DEMO.bankId}:${DEMO.keyId}:${DEMO.secret}`,
      GRAPH_API_BASE_URL: graphApiUrl,
      GRAPH_API_VERSION: 'v23.0',
      MESSENGER_PAGE_ACCESS_TOKEN: 'e2e-page-token',
      OTEL_TRACES_EXPORTER: 'file',
      KONTOR_TRACES_FILE: join(traceDir, '{service}.jsonl'),
    };
    for (const name of SERVICES) {
      const service = spawnService({ root, name, port: DEFAULT_PORTS[name] + PORT_OFFSET, env, onLine: (s, line) => logs.push(`[${s}] ${line}`) });
      services.push(service);
      await service.waitReady();
    }
    await run(process.execPath, [join(root, 'dist/apps/messenger-gateway/src/cli.js'), 'grant-consent', '--psid', DEMO.psid, '--bank', DEMO.bankId, '--account', DEMO.accountId, '--scopes', 'fraud_alerts'], { env });
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    mkdirSync(join(root, '.data'), { recursive: true });
    writeFileSync(join(root, '.data/e2e-observability.log'), logs.join('\n'));
    await graphApi.stop();
    await database?.drop();
    rmSync(traceDir, { recursive: true, force: true });
  });

  it('follows the README feed from the bank POST to the Send API call in one trace spanning all four services', async () => {
    // The README's feed, with the bank's own trace context: Kontor continues it.
    const bankTraceId = randomBytes(16).toString('hex');
    const bankSpanId = randomBytes(8).toString('hex');
    const example = JSON.parse(readFileSync(join(root, 'examples/feeds/first-feed.json'), 'utf8')) as { entries: Record<string, unknown>[] };
    const body = JSON.stringify({ entries: [{ ...example.entries[0], entryId: 'e2e-obs-0001', card: { pan: PAN } }] });
    const headers = bankRequestHeaders(DEMO, { method: 'POST', path: '/v1/feeds', timestamp: Math.floor(Date.now() / 1000), idempotencyKey: 'e2e-obs-feed-0001', body });
    const response = await fetch(`http://127.0.0.1:${services[0].port}/v1/feeds`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', traceparent: `00-${bankTraceId}-${bankSpanId}-01` },
      body,
    });
    expect(response.status).toBe(202);
    await graphApi.waitForRequests(1);

    // The Send API client span is written when the call returns; the spans of the four services then share the bank's trace id.
    const sendSpan = await eventually(async () => spansOf('messenger-gateway').find((s) => s.kind === 'CLIENT' && s.attributes['url.path'] === '/v23.0/me/messages'));
    expect(sendSpan).toMatchObject({ traceId: bankTraceId, name: 'HTTP POST', attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200 } });

    const inTrace = (service: string) => spansOf(service).filter((s) => s.traceId === bankTraceId);
    const server = inTrace('bank-ingestion').find((s) => s.kind === 'SERVER');
    expect(server).toMatchObject({ name: 'POST /v1/feeds', parentSpanId: bankSpanId, attributes: { 'http.response.status_code': 202 } });
    const processSpan = (service: string, topic: string) => inTrace(service).find((s) => s.kind === 'CONSUMER' && s.attributes['messaging.destination.name'] === `${env.KAFKA_TOPIC_PREFIX}${topic}`);
    const normalizer = processSpan('transaction-normalizer', 'kontor.ingestion.feed-entry-received.v1');
    const fraud = processSpan('fraud-scoring', 'kontor.transactions.normalized.v1');
    const gateway = processSpan('messenger-gateway', 'kontor.fraud.alert-raised.v1');

    // One causal chain: each service's span is the child of the span that caused it.
    expect(normalizer?.parentSpanId).toBe(server?.spanId);
    expect(fraud?.parentSpanId).toBe(normalizer?.spanId);
    expect(gateway?.parentSpanId).toBe(fraud?.spanId);
    expect(sendSpan.parentSpanId).toBe(gateway?.spanId);
    expect(new Set([server, normalizer, fraud, gateway, sendSpan].map((s) => s?.service))).toEqual(new Set(SERVICES));

    // Spans carry no personal data.
    for (const service of SERVICES) expect(JSON.stringify(spansOf(service))).not.toContain(PAN);
  });

  it('exposes the named metrics on every service, with the transaction counted', async () => {
    // The gateway counts a push once it has recorded the Send API's answer, a moment after the request arrived.
    await eventually(async () => (sample(await metricsOf(services[3]), 'kontor_alerts_sent_total', { outcome: 'sent' }) === 1 ? true : undefined));
    const [ingestion, normalizer, fraud, gateway] = await Promise.all(services.map(metricsOf));
    for (const text of [ingestion, normalizer, fraud, gateway]) {
      for (const name of [METRIC_NAMES.httpRequests, METRIC_NAMES.httpRequestDuration, METRIC_NAMES.messagesProduced, METRIC_NAMES.consumerLag, METRIC_NAMES.deadLetters, METRIC_NAMES.outboxOldestEventAge]) {
        expect(text).toContain(`# TYPE ${name}`);
      }
      expect(text).toContain('process_cpu_seconds_total');
    }
    const topic = (name: string) => `${env.KAFKA_TOPIC_PREFIX}${name}`;
    expect(sample(ingestion, 'kontor_http_requests_total', { method: 'POST', route: '/v1/feeds', status: '202', service: 'bank-ingestion' })).toBe(1);
    expect(sample(ingestion, 'kontor_http_request_duration_seconds_count', { route: '/v1/feeds', status: '202' })).toBe(1);
    expect(sample(ingestion, 'kontor_messages_produced_total', { topic: topic('kontor.ingestion.feed-entry-received.v1') })).toBe(1);
    expect(sample(ingestion, 'kontor_outbox_relay_delay_seconds_count', { service: 'bank-ingestion' })).toBeGreaterThanOrEqual(1);
    expect(sample(normalizer, 'kontor_messages_consumed_total', { topic: topic('kontor.ingestion.feed-entry-received.v1'), outcome: 'processed' })).toBe(1);
    expect(sample(normalizer, 'kontor_message_processing_duration_seconds_count', { topic: topic('kontor.ingestion.feed-entry-received.v1') })).toBe(1);
    expect(sample(fraud, 'kontor_consumer_lag_messages', { topic: topic('kontor.transactions.normalized.v1'), service: 'fraud-scoring' })).toBe(0);
    expect(sample(fraud, 'kontor_messages_produced_total', { topic: topic('kontor.fraud.alert-raised.v1') })).toBe(1);
    expect(sample(ingestion, 'kontor_feed_outcomes_total', { outcome: 'accepted', bank: DEMO.bankId })).toBe(1);
    expect(sample(gateway, 'kontor_alerts_sent_total', { outcome: 'sent' })).toBe(1);
    expect(sample(gateway, 'kontor_messages_consumed_total', { topic: topic('kontor.fraud.alert-raised.v1'), outcome: 'processed' })).toBe(1);
  });

  it('logs structured JSON lines only (kafkajs included), none carrying the card number', () => {
    const lines = logs.map((l) => l.replace(/^\[[^\]]+\] /, '')).filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(logs.join('\n')).not.toContain(PAN);
    expect(lines.map((l) => JSON.parse(l) as { service?: string }).every((r) => typeof r.service === 'string')).toBe(true);
  });
});
