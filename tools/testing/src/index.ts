import { randomBytes } from 'node:crypto';
import { Consumer, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { dropDatabase, ensureDatabase } from '@kontor/local-infra';

/** The PostgreSQL server URL global-setup provided. */
export function testServerUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run integration tests through jest (global-setup starts the servers)');
  return url;
}

export function testKafkaBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run integration tests through jest (global-setup starts the broker)');
  return brokers;
}

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A fresh database for one test file; drop it in afterAll. */
export async function createTestDatabase(label: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `kontor_${label.replace(/[^a-z0-9]/g, '_')}_${uniqueSuffix()}`;
  const url = await ensureDatabase(testServerUrl(), name);
  return { url, name, drop: () => dropDatabase(testServerUrl(), name) };
}

/**
 * A topic prefix of its own, so tests on one broker never see each other's messages. The prefix is
 * recorded so the test environment (tools/testing/kafka-cleanup-environment.js) deletes its topics once
 * the test file is done.
 */
export function uniqueTopicPrefix(label: string): string {
  const prefix = `test-${label}-${uniqueSuffix()}.`;
  const scope = globalThis as { __kontorTopicPrefixes?: string[] };
  (scope.__kontorTopicPrefixes ??= []).push(prefix);
  return prefix;
}

export function testKafka(clientId = 'kontor-test'): Kafka {
  return new Kafka({ clientId, brokers: testKafkaBrokers().split(','), logLevel: logLevel.NOTHING });
}

/** Collects messages of a topic from the beginning until `count` arrived (or times out). */
export async function collectMessages(topic: string, count: number, timeoutMs = 30_000): Promise<KafkaMessage[]> {
  const consumer: Consumer = testKafka().consumer({ groupId: `collector-${uniqueSuffix()}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`expected ${count} messages on ${topic} within ${timeoutMs} ms, got ${messages.length}`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Every message on a topic, from the beginning, once none has arrived for `idleMs` (bounded by `timeoutMs`). */
export async function collectAllMessages(topic: string, idleMs = 1500, timeoutMs = 30_000): Promise<KafkaMessage[]> {
  const consumer: Consumer = testKafka().consumer({ groupId: `collector-${uniqueSuffix()}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let last = Date.now();
    await consumer.run({
      eachMessage: async ({ message }) => {
        messages.push(message);
        last = Date.now();
      },
    });
    const deadline = Date.now() + timeoutMs;
    // Joining the group takes a moment; count idleness only once that is done or something arrived.
    await new Promise((r) => setTimeout(r, 1000));
    while (Date.now() - last < idleMs && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export function headerValue(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toString();
}

/** Polls `probe` until it returns a value other than undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
