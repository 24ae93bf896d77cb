import { randomUUID } from 'node:crypto';
import { CompressionTypes, IHeaders, Partitioners, Producer } from 'kafkajs';
import { MessageHeaders, parseContract, TopicDefinition } from '@kontor/contracts';
import { kontorMetrics } from '@kontor/platform-observability';
import { KafkaClient } from './kafka-client';
import { childTraceparent } from './trace-context';

export interface OutgoingEvent<T = unknown> {
  topic: TopicDefinition<T>;
  key: string;
  payload: T;
  /** Stable id for consumers' idempotency; a new one when absent. */
  eventId?: string;
  traceparent?: string;
}

/** Kafka headers every Kontor event carries. */
export function eventHeaders(topic: TopicDefinition, source: string, eventId: string, traceparent: string, producedAt = new Date()): Record<string, string> {
  return {
    [MessageHeaders.eventId]: eventId,
    [MessageHeaders.eventType]: topic.name,
    [MessageHeaders.schemaVersion]: String(topic.schemaVersion),
    [MessageHeaders.producedAt]: producedAt.toISOString(),
    [MessageHeaders.source]: source,
    [MessageHeaders.traceparent]: traceparent,
  };
}

const LOST_PRODUCER_STATE = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING']);

/** True when a send failed because the broker no longer accepts this producer's id, epoch or sequence. */
export function producerStateLost(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const { type, cause, originalError } = e as Error & { type?: string; cause?: unknown; originalError?: unknown };
    if (type && LOST_PRODUCER_STATE.has(type)) return true;
    e = originalError ?? cause;
  }
  return false;
}

/**
 * Idempotent producer (acks=all, broker-side dedup of retries) that validates every payload against its
 * contract before it leaves the process: a bug in a producer must not become a poison message downstream.
 */
export class EventPublisher {
  private producer?: Promise<Producer>;

  constructor(
    private readonly client: KafkaClient,
    private readonly source: string,
  ) {}

  /** Connects once; concurrent callers share the same connection attempt. */
  connect(): Promise<Producer> {
    this.producer ??= this.createProducer();
    return this.producer;
  }

  private async createProducer(): Promise<Producer> {
    const producer = this.client.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2, the Java client's partitioner: other teams' consumers see the same key → partition mapping.
      createPartitioner: Partitioners.DefaultPartitioner,
      // The idempotent producer keeps retrying a send (bounded per call by maxRetryTime) so its sequence
      // numbers stay valid; callers (outbox relay, dead-lettering) retry on failure anyway.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    try {
      await producer.connect();
    } catch (error) {
      this.producer = undefined;
      throw error;
    }
    return producer;
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await (await producer?.catch(() => undefined))?.disconnect();
  }

  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    await this.sendRaw(
      events.map((event) => {
        if (!event.topic.payload) throw new Error(`${event.topic.name} has no payload contract`);
        parseContract(event.topic.payload as new () => object, event.payload);
        return {
          topic: this.client.topicName(event.topic),
          key: event.key,
          value: JSON.stringify(event.payload),
          headers: eventHeaders(event.topic, this.source, event.eventId ?? randomUUID(), event.traceparent ?? childTraceparent(undefined)),
        };
      }),
    );
  }

  /** Sends already-serialized messages (outbox relay, dead letters), grouped per topic, acks=all. */
  async sendRaw(messages: readonly { topic: string; key: string | Buffer | null; value: string | Buffer | null; headers: IHeaders }[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connect();
    const byTopic = new Map<string, { key: string | Buffer | null; value: string | Buffer | null; headers: IHeaders }[]>();
    for (const { topic, ...message } of messages) {
      const list = byTopic.get(topic) ?? [];
      list.push(message);
      byTopic.set(topic, list);
    }
    try {
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
    } catch (error) {
      // The broker lost or refused this producer's idempotence state (e.g. it restarted before persisting it):
      // every later send of the same producer fails the same way. Drop it so the caller's retry gets a fresh
      // producer id. A message the broker did store may then arrive twice; consumers dedup by event id.
      if (producerStateLost(error)) await this.disconnect().catch(() => undefined);
      throw error;
    }
    const produced = kontorMetrics().messagesProduced;
    for (const [topic, list] of byTopic) produced.inc({ topic }, list.length);
  }
}
