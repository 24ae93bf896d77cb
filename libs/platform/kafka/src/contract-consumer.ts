import { Logger } from '@nestjs/common';
import { Context, context as otelContext, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Consumer, EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { ContractViolationError, DeadLetterHeaders, decodeMessage, MessageHeaders, TopicDefinition } from '@kontor/contracts';
import { contextFromTraceparent, EVENT_ID_KEY, formatTraceparent, kontorMetrics, tracer } from '@kontor/platform-observability';
import { EventPublisher } from './event-publisher';
import { KafkaClient } from './kafka-client';

/** A failure that retrying cannot fix (e.g. an amount the currency cannot hold): dead-letter at once. */
export class PermanentMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentMessageError';
  }
}

export interface ConsumedMessageContext {
  /** From the `kontor-event-id` header, else `<topic>/<partition>/<offset>`: the idempotency key. */
  eventId: string;
  /** The trace context of this message's processing span (a child of the producer's), for the events it causes. */
  traceparent?: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

/** A decoded, validated message with its delivery context. */
export interface ConsumedMessage<T> {
  message: T;
  context: ConsumedMessageContext;
}

export interface ContractConsumerOptions<T extends object> {
  groupId: string;
  topic: TopicDefinition<T>;
  deadLetterTopic: TopicDefinition;
  /**
   * Applies the effect of several messages, in order, all or nothing (typically one database
   * transaction). It must make the effect durable before it resolves, and may see a message again.
   * A failing batch is retried one message at a time, so a poison message is isolated and dead-lettered
   * while the others go through.
   */
  handleBatch: (items: readonly ConsumedMessage<T>[]) => Promise<void>;
  /** Most messages handed to handleBatch at once (default 100). */
  maxBatchSize?: number;
  maxAttempts?: number;
  retryBackoffMs?: number;
  fromBeginning?: boolean;
}

function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** A message in hand: decoded, with its delivery context, the raw record and its processing span. */
type InHand<T> = ConsumedMessage<T> & { raw: KafkaMessage; span: Span; spanContext: Context };

/**
 * Consumes one topic with its contract class and these guarantees:
 * - every message is validated; an invalid one goes to the dead-letter topic with the reason;
 * - valid messages reach the handler in batches (one database transaction for many messages); a failed
 *   batch is retried one message at a time, each a bounded number of times, then dead-lettered, so a
 *   poison message never stalls its partition;
 * - offsets are committed only after the handler (or the dead-letter write) has finished, so a crash
 *   redelivers rather than loses; handlers are idempotent by event id to make redelivery harmless.
 */
export class ContractConsumer<T extends object> {
  private readonly logger: Logger;
  private consumer?: Consumer;
  private stopping = false;
  private inFlight?: Promise<void>;
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;

  constructor(
    private readonly client: KafkaClient,
    private readonly publisher: EventPublisher,
    private readonly options: ContractConsumerOptions<T>,
  ) {
    this.logger = new Logger(`Consumer(${options.topic.name})`);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBackoffMs = options.retryBackoffMs ?? 200;
  }

  async start(): Promise<void> {
    const consumer = this.client.kafka.consumer({
      groupId: this.client.groupId(this.options.groupId),
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.client.topicName(this.options.topic), fromBeginning: this.options.fromBeginning ?? true });
    this.stopping = false;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => (this.inFlight = this.processBatch(consumer, payload)),
    });
    this.consumer = consumer;
  }

  /**
   * Graceful stop: finish the batch in hand and commit it before leaving the group (kafkajs skips
   * commits once its own stop has begun, which would redeliver the last handled message).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.inFlight?.catch(() => undefined);
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async processBatch(consumer: Consumer, { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const chunkSize = this.options.maxBatchSize ?? 100;
    const lag = kontorMetrics().consumerLag;
    const group = this.client.groupId(this.options.groupId);
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (this.stopping || !isRunning() || isStale()) break;
      const chunk = batch.messages.slice(start, start + chunkSize);
      await this.processChunk(batch.topic, batch.partition, chunk, heartbeat);
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      // Every effect of the chunk is durable: from here a redelivery would only be a harmless duplicate.
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
      const behind = BigInt(batch.highWatermark) - (BigInt(last) + 1n);
      lag.set({ topic: batch.topic, partition: String(batch.partition), group }, Number(behind > 0n ? behind : 0n));
      await heartbeat();
    }
  }

  /** A CONSUMER span per message, a child of the producer's context from the `traceparent` header. */
  private startMessageSpan(topic: string, partition: number, raw: KafkaMessage, eventId: string): { span: Span; spanContext: Context; traceparent?: string } {
    const header = headerString(raw.headers, MessageHeaders.traceparent);
    const parent = contextFromTraceparent(header);
    const span = tracer().startSpan(
      `${this.options.topic.name} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.kafka.offset': Number(raw.offset),
          'messaging.consumer.group.name': this.client.groupId(this.options.groupId),
          'messaging.message.id': eventId,
        },
      },
      parent,
    );
    const spanContext = trace.setSpan(parent, span).setValue(EVENT_ID_KEY, eventId);
    // Without a tracer provider (tests of the bare lib) the span is not valid: keep the producer's context.
    return { span, spanContext, traceparent: formatTraceparent(span.spanContext()) ?? header };
  }

  private async processChunk(topic: string, partition: number, chunk: KafkaMessage[], heartbeat: () => Promise<void>): Promise<void> {
    const started = process.hrtime.bigint();
    const valid: InHand<T>[] = [];
    for (const raw of chunk) {
      const eventId = headerString(raw.headers, MessageHeaders.eventId) ?? `${topic}/${partition}/${raw.offset}`;
      const { span, spanContext, traceparent } = this.startMessageSpan(topic, partition, raw, eventId);
      const context: ConsumedMessageContext = { eventId, traceparent, topic, partition, offset: raw.offset, key: raw.key?.toString() ?? null };
      try {
        valid.push({ message: decodeMessage(this.options.topic.payload as new () => T, raw.value), context, raw, span, spanContext });
      } catch (error) {
        const reason = error instanceof ContractViolationError ? error.message : String(error);
        await this.deadLetter(topic, partition, raw, 'invalid-message', reason, 0, span);
      }
    }
    if (valid.length === 0) return;
    try {
      if (valid.length > 1) {
        try {
          await this.inBatchSpan(valid, () => this.options.handleBatch(valid.map(({ message, context }) => ({ message, context }))));
          for (const item of valid) this.processed(item);
          return;
        } catch (error) {
          this.logger.warn(`batch of ${valid.length} failed, retrying one by one: ${describeError(error)}`);
        }
      }
      for (const item of valid) await this.processOne(item, heartbeat);
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      for (let i = 0; i < valid.length; i++) kontorMetrics().messageProcessingDuration.observe({ topic }, seconds);
    }
  }

  /** Several messages in one handler call: one span linking each message's span, active while it runs. */
  private inBatchSpan(items: readonly InHand<T>[], run: () => Promise<void>): Promise<void> {
    const span = tracer().startSpan(
      `${this.options.topic.name} process batch`,
      { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'kafka', 'messaging.batch.message_count': items.length }, links: items.map((i) => ({ context: i.span.spanContext() })) },
      ROOT_CONTEXT,
    );
    return this.runIn(trace.setSpan(ROOT_CONTEXT, span), run).finally(() => span.end());
  }

  private runIn(spanContext: Context, run: () => Promise<void>): Promise<void> {
    return otelContext.with(spanContext, run);
  }

  private processed(item: InHand<T>): void {
    kontorMetrics().messagesConsumed.inc({ topic: item.context.topic, outcome: 'processed' });
    item.span.end();
  }

  private async processOne(item: InHand<T>, heartbeat: () => Promise<void>): Promise<void> {
    const { message, context, raw, span, spanContext } = item;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.runIn(spanContext, () => this.options.handleBatch([{ message, context }]));
        return this.processed(item);
      } catch (error) {
        const reason = describeError(error);
        span.addEvent('attempt failed', { attempt, 'error.type': error instanceof Error ? error.name : 'error' });
        if (error instanceof PermanentMessageError || attempt >= this.maxAttempts) {
          return this.deadLetter(context.topic, context.partition, raw, 'processing-failed', reason, attempt, span);
        }
        this.logger.warn(`event ${context.eventId} attempt ${attempt}/${this.maxAttempts} failed, retrying: ${reason}`);
        await heartbeat();
        await sleep(this.retryBackoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, code: string, reason: string, attempts: number, span?: Span): Promise<void> {
    span?.setStatus({ code: SpanStatusCode.ERROR, message: code });
    span?.setAttribute('kontor.dead_letter.reason_code', code);
    span?.end();
    kontorMetrics().deadLetters.inc({ topic, reason: code });
    kontorMetrics().messagesConsumed.inc({ topic, outcome: 'dead-lettered' });
    this.logger.error(`dead-lettering ${topic}/${partition}@${message.offset} (${code}): ${reason}`);
    const headers: IHeaders = { ...(message.headers ?? {}) };
    headers[DeadLetterHeaders.sourceTopic] = topic;
    headers[DeadLetterHeaders.sourcePartition] = String(partition);
    headers[DeadLetterHeaders.sourceOffset] = message.offset;
    headers[DeadLetterHeaders.consumerGroup] = this.client.groupId(this.options.groupId);
    headers[DeadLetterHeaders.reasonCode] = code;
    headers[DeadLetterHeaders.reason] = reason.slice(0, 2000);
    headers[DeadLetterHeaders.failedAt] = new Date().toISOString();
    headers[DeadLetterHeaders.attempts] = String(attempts);
    // If this send fails the batch fails and the message is redelivered: never dropped.
    await this.publisher.sendRaw([{ topic: this.client.topicName(this.options.deadLetterTopic), key: message.key, value: message.value, headers }]);
  }
}
