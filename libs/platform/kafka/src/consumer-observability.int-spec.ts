import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MessageHeaders, Topics } from '@kontor/contracts';
import type { FeedEntryReceivedV1 } from '@kontor/contracts';
import { aFeedEntryReceived } from '@kontor/contracts/testing';
import { activeTraceparent, AsyncLocalStorageContextManager, kontorMetrics, spanRecord } from '@kontor/platform-observability';
import { testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix, eventually } from '@kontor/testing';
import { ContractConsumer } from './contract-consumer';
import { EventPublisher } from './event-publisher';
import { KafkaClient } from './kafka-client';
import { provisionTopics } from './topic-provisioner';
import { childTraceparent } from './trace-context';

/** What the platform's consumer adds for operators, over a real broker: spans continuing the producer's trace, and metrics. */
describe('ContractConsumer observability against a real broker', () => {
  const exporter = new InMemorySpanExporter();
  let client: KafkaClient;
  let publisher: EventPublisher;
  let consumer: ContractConsumer<FeedEntryReceivedV1> | undefined;

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  });

  beforeEach(async () => {
    client = new KafkaClient({ clientId: 'observability-int-spec', brokers: testKafkaBrokers(), topicPrefix: uniqueTopicPrefix('obs') });
    const admin = client.kafka.admin();
    await admin.connect();
    await provisionTopics(admin, [Topics.feedEntryReceived, Topics.deadLetterNormalizer], client.topicPrefix);
    await admin.disconnect();
    publisher = new EventPublisher(client, 'test');
    await publisher.connect();
  });

  afterEach(async () => {
    await consumer?.stop();
    await publisher.disconnect();
    await client.close();
  });

  it('processes each message in a CONSUMER span that is the child of its traceparent, counts it and reports the lag', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const producerSpanId = '00f067aa0ba902b7';
    const topic = client.topicName(Topics.feedEntryReceived);
    await publisher.publish([{ topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived({ entryIndex: 0 }), eventId: '00000000-0000-4000-8000-0000000000a1', traceparent: `00-${traceId}-${producerSpanId}-01` }]);
    await publisher.sendRaw([{ topic, key: 'acc', value: '{"not":"a feed entry"}', headers: { [MessageHeaders.eventId]: 'poison-obs' } }]);

    const seen: { active?: string; context?: string; child: string }[] = [];
    consumer = new ContractConsumer(client, publisher, {
      groupId: `obs-${uniqueSuffix()}`,
      topic: Topics.feedEntryReceived,
      deadLetterTopic: Topics.deadLetterNormalizer,
      maxBatchSize: 1,
      handleBatch: async ([item]) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push({ active: activeTraceparent(), context: item.context.traceparent, child: childTraceparent(item.context.traceparent) });
      },
    });
    await consumer.start();

    const metrics = kontorMetrics().registry;
    const value = async (name: string, labels: Record<string, string>) =>
      (await metrics.getSingleMetric(name)?.get())?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
    await eventually(async () => ((await value('kontor_dead_letters_total', { topic, reason: 'invalid-message' })) === 1 ? true : undefined));

    // The span: a child of the producer's span, in its trace, and active while the handler ran (across an await).
    const span = exporter.getFinishedSpans().map(spanRecord).find((s) => s.attributes['messaging.message.id'] === '00000000-0000-4000-8000-0000000000a1');
    expect(span).toMatchObject({ traceId, parentSpanId: producerSpanId, kind: 'CONSUMER', name: 'kontor.ingestion.feed-entry-received.v1 process', attributes: { 'messaging.destination.name': topic } });
    const own = `00-${traceId}-${span!.spanId}-01`;
    // The handler sees its span as the message's trace context, and events it causes name that span as their parent.
    expect(seen).toEqual([{ active: own, context: own, child: own }]);
    const poison = exporter.getFinishedSpans().map(spanRecord).find((s) => s.attributes['messaging.message.id'] === 'poison-obs');
    expect(poison).toMatchObject({ status: 'error', attributes: { 'kontor.dead_letter.reason_code': 'invalid-message' } });

    expect(await value('kontor_messages_consumed_total', { topic, outcome: 'processed' })).toBe(1);
    expect(await value('kontor_messages_consumed_total', { topic, outcome: 'dead-lettered' })).toBe(1);
    expect(await value('kontor_messages_produced_total', { topic })).toBe(2);
    expect(await value('kontor_messages_produced_total', { topic: client.topicName(Topics.deadLetterNormalizer) })).toBe(1);
    expect(await value('kontor_consumer_lag_messages', { topic })).toBe(0);
    const histogram = (await metrics.getSingleMetric('kontor_message_processing_duration_seconds')?.get())?.values as { metricName?: string; labels: Record<string, unknown>; value: number }[];
    expect(histogram.find((v) => v.metricName === 'kontor_message_processing_duration_seconds_count' && v.labels.topic === topic)?.value).toBe(1);
  });

  it('handles a batch in one span linking each message span, and each message keeps its own trace for what it causes', async () => {
    const traceIds = ['11111111111111111111111111111111', '22222222222222222222222222222222', '33333333333333333333333333333333'];
    await publisher.publish(
      traceIds.map((traceId, i) => ({ topic: Topics.feedEntryReceived, key: 'acc', payload: aFeedEntryReceived({ entryIndex: i }), eventId: `00000000-0000-4000-8000-00000000000${i}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` })),
    );
    const caused: { context?: string; child: string }[][] = [];
    let done!: () => void;
    const allHandled = new Promise<void>((resolve) => (done = resolve));
    consumer = new ContractConsumer(client, publisher, {
      groupId: `obs-batch-${uniqueSuffix()}`,
      topic: Topics.feedEntryReceived,
      deadLetterTopic: Topics.deadLetterNormalizer,
      maxBatchSize: 10,
      handleBatch: async (items) => {
        caused.push(items.map(({ context: c }) => ({ context: c.traceparent, child: childTraceparent(c.traceparent) })));
        if (caused.flat().length === 3) done();
      },
    });
    await consumer.start();
    await allHandled;

    // The spans end once the batch is durable, just after the handler returns.
    const spans = await eventually(async () => {
      const finished = exporter.getFinishedSpans().map(spanRecord);
      return traceIds.every((traceId) => finished.some((s) => s.traceId === traceId && s.kind === 'CONSUMER')) ? finished : undefined;
    });
    const messageSpans = traceIds.map((traceId) => spans.find((s) => s.traceId === traceId && s.kind === 'CONSUMER'));
    expect(messageSpans.every((s) => s?.parentSpanId === '00f067aa0ba902b7')).toBe(true);
    // Each message's events name its own span as their parent, even though the handler ran once for all of them.
    expect(caused.flat()).toEqual(messageSpans.map((s) => ({ context: `00-${s!.traceId}-${s!.spanId}-01`, child: `00-${s!.traceId}-${s!.spanId}-01` })));
    // Kafka usually hands the three over in one fetch; when it does, one batch span links them.
    if (caused.length === 1) {
      const batch = spans.find((s) => s.name === 'kontor.ingestion.feed-entry-received.v1 process batch');
      expect(batch?.links).toEqual(messageSpans.map((s) => ({ traceId: s!.traceId, spanId: s!.spanId })));
    }
  });
});
