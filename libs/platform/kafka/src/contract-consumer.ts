import { Logger } from '@nestjs/common';
import { Consumer, EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { ContractViolationError, DeadLetterHeaders, decodeMessage, MessageHeaders, TopicDefinition } from '@kontor/contracts';
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
  traceparent?: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

export interface ContractConsumerOptions<T extends object> {
  groupId: string;
  topic: TopicDefinition<T>;
  deadLetterTopic: TopicDefinition;
  /** Must make its effect durable before it resolves; it may be called again for the same event. */
  handle: (message: T, context: ConsumedMessageContext) => Promise<void>;
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

/**
 * Consumes one topic with its contract class and these guarantees:
 * - every message is validated; an invalid one goes to the dead-letter topic with the reason;
 * - the handler is retried a bounded number of times, then the message is dead-lettered, so a
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
   * Graceful stop: finish the message in hand and commit it before leaving the group (kafkajs skips
   * commits once its own stop has begun, which would redeliver the last handled message).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.inFlight?.catch(() => undefined);
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async processBatch(consumer: Consumer, { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      if (this.stopping || !isRunning() || isStale()) break;
      await this.processMessage(batch.topic, batch.partition, message, heartbeat);
      resolveOffset(message.offset);
      // The effect is durable: from here a redelivery would only be a harmless duplicate.
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      await heartbeat();
    }
  }

  private async processMessage(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    const context: ConsumedMessageContext = {
      eventId: headerString(message.headers, MessageHeaders.eventId) ?? `${topic}/${partition}/${message.offset}`,
      traceparent: headerString(message.headers, MessageHeaders.traceparent),
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
    };
    let payload: T;
    try {
      payload = decodeMessage(this.options.topic.payload as new () => T, message.value);
    } catch (error) {
      const reason = error instanceof ContractViolationError ? error.message : String(error);
      return this.deadLetter(topic, partition, message, 'invalid-message', reason, 0);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(payload, context);
        return;
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (error instanceof PermanentMessageError) return this.deadLetter(topic, partition, message, 'processing-failed', reason, attempt);
        if (attempt >= this.maxAttempts) return this.deadLetter(topic, partition, message, 'processing-failed', reason, attempt);
        this.logger.warn(`event ${context.eventId} attempt ${attempt}/${this.maxAttempts} failed, retrying: ${reason}`);
        await heartbeat();
        await sleep(this.retryBackoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, code: string, reason: string, attempts: number): Promise<void> {
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
