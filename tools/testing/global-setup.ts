import { resolve } from 'node:path';
import { findRepoRoot, startEmbeddedPostgres, startLocalKafka } from '@kontor/local-infra';

/**
 * Starts what integration and e2e tests need, once per run: the PostgreSQL server named by DATABASE_URL
 * (or an embedded one) and the Kafka cluster named by KAFKA_BROKERS (or the project's local broker).
 * Tests then create their own databases and topic prefixes, so runs and suites never share state.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.KONTOR_TEST_INFRA === 'ready') return;
  const root = findRepoRoot(__dirname);
  const stops: (() => Promise<void>)[] = [];
  const log = (line: string) => process.stderr.write(`${line}\n`);

  if (!process.env.DATABASE_URL) {
    log('[test-infra] DATABASE_URL not set: starting embedded PostgreSQL');
    const pg = await startEmbeddedPostgres({ dataDir: resolve(root, '.data/test-postgres'), port: Number(process.env.KONTOR_TEST_PG_PORT ?? 5434), log });
    process.env.DATABASE_URL = pg.url;
    stops.push(pg.stop);
  }
  if (!process.env.KAFKA_BROKERS) {
    log('[test-infra] KAFKA_BROKERS not set: starting the local Kafka broker');
    const kafka = await startLocalKafka({ root, port: Number(process.env.KONTOR_TEST_KAFKA_PORT ?? 9192), dataDir: resolve(root, '.data/kafka-test'), log });
    process.env.KAFKA_BROKERS = kafka.brokers;
    stops.push(kafka.stop);
  }
  process.env.KONTOR_TEST_INFRA = 'ready';
  (globalThis as { __kontorTestInfraStops?: typeof stops }).__kontorTestInfraStops = stops;
}
