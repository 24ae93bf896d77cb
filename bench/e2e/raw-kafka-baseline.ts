import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { Distribution, distribution } from './stats';

export type KeyMode = 'same-key' | 'distinct-keys';

export interface RawBaselineOptions {
  brokers: string[];
  topic: string;
  groupId: string;
  partitions: number;
  count: number;
  /** Messages produced and consumed before the clock starts, like the end-to-end warm-up. */
  warmup: number;
  /** The message to copy: the same bytes as a real feed-entry event (payload and Kontor headers). */
  message: { key: string; value: string; headers: Record<string, string> };
  keys: KeyMode;
  /** Messages per producer.send() call. */
  batchSize: number;
  timeoutMs: number;
}

export interface RawBaselineResult {
  keys: KeyMode;
  count: number;
  partitions: number;
  partitionsUsed: number;
  batchSize: number;
  valueBytes: number;
  headerBytes: number;
  /** Time to produce all N with acks=all; the consumer runs at the same time. */
  produceSeconds: number;
  produceMsgsPerSecond: number;
  /** From the first send() to the last message consumed. */
  produceToConsumeSeconds: number;
  msgsPerSecond: number;
  /** Per message, from its send() call to its arrival in the consumer, ms. */
  latencyMs: Distribution;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Distinct keys of the same length as the real one, so only the partitioning changes, not the bytes. */
function keyFor(options: RawBaselineOptions, index: number): string {
  if (options.keys === 'same-key') return options.message.key;
  const suffix = String(index).padStart(7, '0');
  return options.message.key.slice(0, -suffix.length) + suffix;
}

/**
 * The ceiling: plain kafkajs on the same broker, no database, no HTTP. An idempotent producer (acks=all,
 * one request in flight, the platform's settings) sends N copies of a feed-entry event to a fresh topic
 * with the feed-entry topic's partition count, while a consumer group reads them.
 */
export async function rawKafkaBaseline(options: RawBaselineOptions): Promise<RawBaselineResult> {
  const kafka = new Kafka({ clientId: 'kontor-bench-raw', brokers: options.brokers, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
  const total = options.warmup + options.count;
  const latencies: number[] = [];
  const partitionsSeen = new Set<number>();
  let consumed = 0;
  let lastConsumedAt = 0;
  let reached: { at: number; resolve: () => void } | undefined;

  try {
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: options.topic, numPartitions: options.partitions, replicationFactor: 1 }] });
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const now = Date.now();
        consumed++;
        lastConsumedAt = now;
        if (consumed > options.warmup) {
          latencies.push(now - Number(message.timestamp));
          partitionsSeen.add(partition);
        }
        if (reached && consumed >= reached.at) reached.resolve();
      },
    });
    await withTimeout(joined, 30_000, 'joining the consumer group');
    const consumedUpTo = (at: number) =>
      new Promise<void>((resolve) => {
        reached = { at, resolve };
        if (consumed >= at) resolve();
      });

    const produce = async (from: number, to: number) => {
      for (let i = from; i < to; i += options.batchSize) {
        const sentAt = String(Date.now());
        const messages = [];
        for (let j = i; j < Math.min(to, i + options.batchSize); j++) {
          messages.push({ key: keyFor(options, j), value: options.message.value, headers: options.message.headers, timestamp: sentAt });
        }
        await producer.send({ topic: options.topic, acks: -1, compression: CompressionTypes.None, messages });
      }
    };

    await produce(0, options.warmup);
    await withTimeout(consumedUpTo(options.warmup), options.timeoutMs, 'raw warm-up');

    const startedAt = Date.now();
    await produce(options.warmup, total);
    const producedAt = Date.now();
    await withTimeout(consumedUpTo(total), options.timeoutMs, `consuming ${options.count} raw messages`);

    const produceSeconds = (producedAt - startedAt) / 1000;
    const produceToConsumeSeconds = (lastConsumedAt - startedAt) / 1000;
    return {
      keys: options.keys,
      count: options.count,
      partitions: options.partitions,
      partitionsUsed: partitionsSeen.size,
      batchSize: options.batchSize,
      valueBytes: Buffer.byteLength(options.message.value),
      headerBytes: Object.entries(options.message.headers).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0),
      produceSeconds,
      produceMsgsPerSecond: options.count / produceSeconds,
      produceToConsumeSeconds,
      msgsPerSecond: options.count / produceToConsumeSeconds,
      latencyMs: distribution(latencies),
    };
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteTopics({ topics: [options.topic], timeout: 10_000 }).catch(() => undefined);
    await admin.deleteGroups([options.groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
