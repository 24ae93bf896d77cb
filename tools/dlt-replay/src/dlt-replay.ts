import { IHeaders, Kafka, KafkaMessage, Partitioners } from 'kafkajs';
import { DeadLetterHeaders, MessageHeaders } from '@kontor/contracts';

export interface ReplayOptions {
  kafka: Kafka;
  /** The dead-letter topic as named on the cluster (with any KAFKA_TOPIC_PREFIX). */
  deadLetterTopic: string;
  /** Consumer group that remembers how far replay got; default `kontor-dlt-replay.<topic>`. */
  groupId?: string;
  /** Replay only messages whose reason code is one of these (`processing-failed`, `invalid-message`). */
  reasonCodes?: readonly string[];
  /** Replay only messages that came from this topic. */
  sourceTopic?: string;
  /** Count and list, publish nothing, commit nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface ReplayResult {
  replayed: number;
  skipped: number;
  /** Replayed messages per source topic. */
  bySourceTopic: Record<string, number>;
}

export const ReplayHeaders = {
  replayedAt: 'kontor-replayed-at',
  replayedFrom: 'kontor-replayed-from',
} as const;

const header = (headers: IHeaders | undefined, name: string) => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toString();
};

/** The original message as it was before dead-lettering: `kontor-dlt-*` headers removed, the event id kept. */
export function originalMessage(message: KafkaMessage, deadLetterTopic: string, now = new Date()): { key: Buffer | null; value: Buffer | null; headers: IHeaders } {
  const dltHeaders = new Set<string>(Object.values(DeadLetterHeaders));
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) if (!dltHeaders.has(name) && value !== undefined) headers[name] = value;
  headers[ReplayHeaders.replayedAt] = now.toISOString();
  headers[ReplayHeaders.replayedFrom] = `${deadLetterTopic}@${message.offset}`;
  return { key: message.key, value: message.value, headers };
}

/**
 * Republishes dead letters to the topic each came from, once the cause is fixed. It reads the dead-letter
 * topic up to its end as of the start (a message dead-lettered again during the run waits for the next
 * run), publishes with an idempotent producer, and commits its position after each published batch, so
 * a second run does not replay the same messages. Replay is safe even when it repeats: each message keeps
 * its `kontor-event-id`, and every consumer skips event ids it has applied.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayResult> {
  const { kafka, deadLetterTopic } = options;
  const log = options.log ?? (() => undefined);
  const groupId = options.groupId ?? `kontor-dlt-replay.${deadLetterTopic}`;
  const result: ReplayResult = { replayed: 0, skipped: 0, bySourceTopic: {} };
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  let pending: Set<number>;
  try {
    const topicOffsets = await admin.fetchTopicOffsets(deadLetterTopic);
    const committed = (await admin.fetchOffsets({ groupId, topics: [deadLetterTopic] }))[0]?.partitions ?? [];
    ends = new Map(topicOffsets.map((p) => [p.partition, BigInt(p.high)]));
    const start = new Map(
      topicOffsets.map((p) => {
        const c = committed.find((x) => x.partition === p.partition)?.offset;
        return [p.partition, c !== undefined && c !== '-1' ? BigInt(c) : BigInt(p.low)];
      }),
    );
    pending = new Set([...ends].filter(([partition, end]) => (start.get(partition) ?? end) < end).map(([partition]) => partition));
  } finally {
    await admin.disconnect();
  }
  if (pending.size === 0) {
    log(`${deadLetterTopic}: nothing to replay`);
    return result;
  }

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await Promise.all([producer.connect(), consumer.connect()]);
  try {
    await consumer.subscribe({ topic: deadLetterTopic, fromBeginning: true });
    let done!: () => void;
    let failed!: (error: unknown) => void;
    const finished = new Promise<void>((resolve, reject) => ((done = resolve), (failed = reject)));
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat }) => {
        try {
          const end = ends.get(batch.partition) ?? 0n;
          const messages = batch.messages.filter((m) => BigInt(m.offset) < end);
          const outgoing: { topic: string; messages: ReturnType<typeof originalMessage>[] }[] = [];
          for (const message of messages) {
            const source = header(message.headers, DeadLetterHeaders.sourceTopic);
            const reason = header(message.headers, DeadLetterHeaders.reasonCode);
            const wanted = source && (!options.sourceTopic || source === options.sourceTopic) && (!options.reasonCodes || (reason && options.reasonCodes.includes(reason)));
            if (!wanted) {
              result.skipped++;
              continue;
            }
            log(`${options.dryRun ? 'would replay' : 'replaying'} ${deadLetterTopic}@${batch.partition}/${message.offset} → ${source} (event ${header(message.headers, MessageHeaders.eventId) ?? '?'}, ${reason}: ${header(message.headers, DeadLetterHeaders.reason) ?? ''})`);
            let group = outgoing.find((o) => o.topic === source);
            if (!group) outgoing.push((group = { topic: source, messages: [] }));
            group.messages.push(originalMessage(message, deadLetterTopic));
            result.replayed++;
            result.bySourceTopic[source] = (result.bySourceTopic[source] ?? 0) + 1;
          }
          if (!options.dryRun && outgoing.length > 0) await producer.sendBatch({ acks: -1, topicMessages: outgoing });
          const last = messages.at(-1);
          if (last && !options.dryRun) await consumer.commitOffsets([{ topic: deadLetterTopic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }]);
          await heartbeat();
          if (!last || BigInt(last.offset) + 1n >= end) {
            pending.delete(batch.partition);
            if (pending.size === 0) done();
          }
        } catch (error) {
          failed(error);
          throw error;
        }
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return result;
}
