import { DeadLetterHeaders, MessageHeaders, Topics } from '@kontor/contracts';
import type { FeedEntryReceivedV1 } from '@kontor/contracts';
import { aFeedEntryReceived } from '@kontor/contracts/testing';
import { collectMessages, headerValue, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { ContractConsumer, PermanentMessageError } from './contract-consumer';
import { EventPublisher } from './event-publisher';
import { KafkaClient } from './kafka-client';
import { provisionTopics } from './topic-provisioner';

describe('ContractConsumer against a real broker', () => {
  let client: KafkaClient;
  let publisher: EventPublisher;
  const consumers: ContractConsumer<FeedEntryReceivedV1>[] = [];

  beforeEach(async () => {
    client = new KafkaClient({ clientId: 'consumer-int-spec', brokers: testKafkaBrokers(), topicPrefix: uniqueTopicPrefix('consumer') });
    const admin = client.kafka.admin();
    await admin.connect();
    await provisionTopics(admin, [Topics.feedEntryReceived, Topics.deadLetterNormalizer], client.topicPrefix);
    await admin.disconnect();
    publisher = new EventPublisher(client, 'test');
    await publisher.connect();
  });

  afterEach(async () => {
    for (const consumer of consumers.splice(0)) await consumer.stop();
    await publisher.disconnect();
    await client.close();
  });

  function consume(groupId: string, handle: (entry: FeedEntryReceivedV1, eventId: string) => Promise<void>) {
    const consumer = new ContractConsumer(client, publisher, {
      groupId,
      topic: Topics.feedEntryReceived,
      deadLetterTopic: Topics.deadLetterNormalizer,
      maxAttempts: 3,
      retryBackoffMs: 10,
      maxBatchSize: 1,
      handleBatch: async (items) => {
        for (const { message, context } of items) await handle(message, context.eventId);
      },
    });
    consumers.push(consumer);
    return consumer;
  }

  it('hands valid messages to the handler with their event id, and dead-letters an invalid one with its reason', async () => {
    await publisher.publish([{ topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived({ entryIndex: 0 }), eventId: '00000000-0000-4000-8000-000000000001' }]);
    await publisher.sendRaw([{ topic: client.topicName(Topics.feedEntryReceived), key: 'acc', value: JSON.stringify({ amount: 'twelve' }), headers: { [MessageHeaders.eventId]: 'poison-1' } }]);
    await publisher.publish([{ topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived({ entryIndex: 2 }), eventId: '00000000-0000-4000-8000-000000000003' }]);

    const handled: { index: number; eventId: string }[] = [];
    let done!: () => void;
    const twoHandled = new Promise<void>((resolve) => (done = resolve));
    await consume(`group-${uniqueSuffix()}`, async (entry, eventId) => {
      handled.push({ index: entry.entryIndex, eventId });
      if (handled.length === 2) done();
    }).start();
    await twoHandled;

    expect(handled).toEqual([
      { index: 0, eventId: '00000000-0000-4000-8000-000000000001' },
      { index: 2, eventId: '00000000-0000-4000-8000-000000000003' },
    ]);
    const [dead] = await collectMessages(client.topicName(Topics.deadLetterNormalizer), 1);
    expect(dead.value!.toString()).toBe(JSON.stringify({ amount: 'twelve' }));
    expect(headerValue(dead, DeadLetterHeaders.reasonCode)).toBe('invalid-message');
    expect(headerValue(dead, DeadLetterHeaders.reason)).toContain('amount');
    expect(headerValue(dead, DeadLetterHeaders.sourceTopic)).toBe(client.topicName(Topics.feedEntryReceived));
    expect(headerValue(dead, MessageHeaders.eventId)).toBe('poison-1');
  });

  it('retries a failing handler a bounded number of times, then dead-letters and moves on', async () => {
    await publisher.publish([
      { topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived({ entryIndex: 0 }) },
      { topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived({ entryIndex: 1 }) },
    ]);
    const attempts: number[] = [];
    let done!: () => void;
    const secondHandled = new Promise<void>((resolve) => (done = resolve));
    await consume(`group-${uniqueSuffix()}`, async (entry) => {
      attempts.push(entry.entryIndex);
      if (entry.entryIndex === 0) throw new Error('database unavailable');
      done();
    }).start();
    await secondHandled;

    expect(attempts).toEqual([0, 0, 0, 1]);
    const [dead] = await collectMessages(client.topicName(Topics.deadLetterNormalizer), 1);
    expect(headerValue(dead, DeadLetterHeaders.reasonCode)).toBe('processing-failed');
    expect(headerValue(dead, DeadLetterHeaders.attempts)).toBe('3');
    expect(headerValue(dead, DeadLetterHeaders.reason)).toContain('database unavailable');
  });

  it('hands messages over in batches, and isolates a poison message by retrying a failed batch one by one', async () => {
    await publisher.publish([0, 1, 2, 3, 4].map((i) => ({ topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived({ entryIndex: i }) })));
    const applied: number[] = [];
    const batchSizes: number[] = [];
    let done!: () => void;
    const allApplied = new Promise<void>((resolve) => (done = resolve));
    const consumer = new ContractConsumer(client, publisher, {
      groupId: `group-${uniqueSuffix()}`,
      topic: Topics.feedEntryReceived,
      deadLetterTopic: Topics.deadLetterNormalizer,
      retryBackoffMs: 10,
      // All or nothing, like a database transaction: a batch holding entry 2 applies nothing.
      handleBatch: async (items) => {
        batchSizes.push(items.length);
        if (items.some((i) => i.message.entryIndex === 2)) throw new PermanentMessageError('entry 2 cannot be normalized');
        applied.push(...items.map((i) => i.message.entryIndex));
        if (applied.length === 4) done();
      },
    });
    consumers.push(consumer);
    await consumer.start();
    await allApplied;

    expect(applied).toEqual([0, 1, 3, 4]);
    expect(batchSizes[0]).toBeGreaterThan(1);
    const [dead] = await collectMessages(client.topicName(Topics.deadLetterNormalizer), 1);
    expect(JSON.parse(dead.value!.toString()).entryIndex).toBe(2);
    expect(headerValue(dead, DeadLetterHeaders.reason)).toContain('entry 2 cannot be normalized');
  });

  it('dead-letters a permanent error at once', async () => {
    await publisher.publish([{ topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived() }]);
    let calls = 0;
    await consume(`group-${uniqueSuffix()}`, async () => {
      calls++;
      throw new PermanentMessageError('EUR has 2 decimal places');
    }).start();
    const [dead] = await collectMessages(client.topicName(Topics.deadLetterNormalizer), 1);
    expect(calls).toBe(1);
    expect(headerValue(dead, DeadLetterHeaders.attempts)).toBe('1');
  });

  it('commits only handled offsets: a restarted group resumes after the last handled message', async () => {
    const groupId = `group-${uniqueSuffix()}`;
    await publisher.publish([0, 1, 2].map((i) => ({ topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived({ entryIndex: i }) })));
    const first: number[] = [];
    let done!: () => void;
    const allHandled = new Promise<void>((resolve) => (done = resolve));
    const consumer = consume(groupId, async (entry) => {
      first.push(entry.entryIndex);
      if (first.length === 3) done();
    });
    await consumer.start();
    await allHandled;
    await consumer.stop();

    await publisher.publish([{ topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived({ entryIndex: 3 }) }]);
    const second: number[] = [];
    let resumed!: () => void;
    const nextHandled = new Promise<void>((resolve) => (resumed = resolve));
    await consume(groupId, async (entry) => {
      second.push(entry.entryIndex);
      resumed();
    }).start();
    await nextHandled;
    await new Promise((r) => setTimeout(r, 500));
    expect(first).toEqual([0, 1, 2]);
    expect(second).toEqual([3]);
  });
});
