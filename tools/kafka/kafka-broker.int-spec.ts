import { ALL_TOPICS, Topics } from '@kontor/contracts';
import { provisionTopics } from '@kontor/platform-kafka';
import { testKafka, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { ConfigResourceTypes } from 'kafkajs';

/** Proves the project's broker (or the one KAFKA_BROKERS names) serves what the platform relies on. */
describe('Kafka broker', () => {
  const kafka = testKafka('broker-int-spec');
  const admin = kafka.admin();

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('answers describeCluster', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);
    expect(cluster.clusterId).toEqual(expect.any(String));
  });

  it('provisions the catalogue idempotently, with partitions, retention and cleanup policy', async () => {
    const prefix = uniqueTopicPrefix('provision');
    const first = await provisionTopics(admin, ALL_TOPICS, prefix);
    expect(first.created).toHaveLength(ALL_TOPICS.length);
    const second = await provisionTopics(admin, ALL_TOPICS, prefix);
    expect(second.created).toEqual([]);
    expect(second.existing).toHaveLength(ALL_TOPICS.length);

    const name = prefix + Topics.transactionNormalized.name;
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [name] })).topics;
    expect(metadata.partitions).toHaveLength(Topics.transactionNormalized.partitions);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms', 'cleanup.policy'] }],
    });
    const entries = Object.fromEntries(configs.resources[0].configEntries.map((e) => [e.configName, e.configValue]));
    expect(entries).toEqual({ 'retention.ms': String(Topics.transactionNormalized.retentionMs), 'cleanup.policy': 'delete' });
  });

  it('creates a compacted topic when the catalogue asks for one', async () => {
    const prefix = uniqueTopicPrefix('compact');
    const compacted = { ...Topics.transactionNormalized, name: 'kontor.test.latest-state.v1', cleanupPolicy: 'compact' as const };
    await provisionTopics(admin, [compacted], prefix);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: prefix + compacted.name, configNames: ['cleanup.policy'] }],
    });
    expect(configs.resources[0].configEntries[0].configValue).toBe('compact');
  });

  it('delivers from an idempotent producer to a consumer group, in order per key', async () => {
    const topic = `test-roundtrip-${uniqueSuffix()}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = Array.from({ length: 50 }, (_, i) => ({ key: `account-${i % 5}`, value: String(i) }));
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `group-${uniqueSuffix()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: { key: string; value: number }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push({ key: message.key!.toString(), value: Number(message.value!.toString()) });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await consumer.disconnect();

    expect(received.map((r) => r.value).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    for (let k = 0; k < 5; k++) {
      const values = received.filter((r) => r.key === `account-${k}`).map((r) => r.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
  });
});
