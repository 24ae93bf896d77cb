import { DataSource } from 'typeorm';
import { MessageHeaders, Topics } from '@kontor/contracts';
import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { createServiceDataSource } from '@kontor/platform-database';
import { EventPublisher, KafkaClient, provisionTopics } from '@kontor/platform-kafka';
import { collectMessages, createTestDatabase, headerValue, testKafkaBrokers, uniqueTopicPrefix } from '@kontor/testing';
import { claimEvent, enqueueEvents } from './outbox';
import { OUTBOX_ENTITIES } from './entities';
import { OutboxEventEntity } from './outbox-event.entity';
import { OutboxRelay } from './outbox-relay';

describe('transactional outbox and inbox (real PostgreSQL and Kafka)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let client: KafkaClient;
  let publisher: EventPublisher;

  beforeAll(async () => {
    database = await createTestDatabase('outbox');
    dataSource = createServiceDataSource({ url: database.url, schema: 'outbox_test', entities: OUTBOX_ENTITIES, migrations: [] });
    await dataSource.initialize();
    await dataSource.query('CREATE SCHEMA outbox_test');
    // Test-only: the services create these tables through their migrations.
    await dataSource.synchronize();
    client = new KafkaClient({ clientId: 'outbox-int-spec', brokers: testKafkaBrokers(), topicPrefix: uniqueTopicPrefix('outbox') });
    const admin = client.kafka.admin();
    await admin.connect();
    await provisionTopics(admin, [Topics.transactionNormalized], client.topicPrefix);
    await admin.disconnect();
    publisher = new EventPublisher(client, 'test');
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher.disconnect();
    await client.close();
    await dataSource.destroy();
    await database.drop();
  });

  it('publishes nothing when the transaction rolls back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await enqueueEvents(manager, 'test', [{ topic: Topics.transactionNormalized, key: 'k', payload: aNormalizedTransaction() }]);
        throw new Error('business write failed');
      }),
    ).rejects.toThrow('business write failed');
    expect(await dataSource.getRepository(OutboxEventEntity).count()).toBe(0);
  });

  it('refuses a payload that breaks its contract before anything is stored', async () => {
    await expect(
      dataSource.transaction((manager) => enqueueEvents(manager, 'test', [{ topic: Topics.transactionNormalized, key: 'k', payload: aNormalizedTransaction({ amountMinor: '12.50' }) }])),
    ).rejects.toThrow('amountMinor');
  });

  it('relays committed events in order with their headers, then deletes them', async () => {
    const payloads = [1, 2, 3].map((n) => aNormalizedTransaction({ amountMinor: String(n * 100) }));
    await dataSource.transaction((manager) =>
      enqueueEvents(
        manager,
        'test-service',
        payloads.map((payload, i) => ({ topic: Topics.transactionNormalized, key: 'same-account', payload, eventId: `00000000-0000-4000-8000-00000000000${i + 1}` })),
      ),
    );
    const relay = new OutboxRelay(dataSource, client, publisher, { schema: 'outbox_test' });
    expect(await relay.relayOnce()).toBe(3);
    expect(await relay.relayOnce()).toBe(0);
    expect(await dataSource.getRepository(OutboxEventEntity).count()).toBe(0);

    const messages = await collectMessages(client.topicName(Topics.transactionNormalized), 3);
    expect(messages.map((m) => JSON.parse(m.value!.toString()).amountMinor)).toEqual(['100', '200', '300']);
    expect(headerValue(messages[0], MessageHeaders.eventId)).toBe('00000000-0000-4000-8000-000000000001');
    expect(headerValue(messages[0], MessageHeaders.eventType)).toBe(Topics.transactionNormalized.name);
    expect(headerValue(messages[0], MessageHeaders.source)).toBe('test-service');
    expect(headerValue(messages[0], MessageHeaders.traceparent)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('forgets consumed event ids only after the inbox retention', async () => {
    await dataSource.transaction((manager) => claimEvent(manager, 'group-prune', 'recent'));
    await dataSource.query(`INSERT INTO outbox_test.processed_event (consumer_group, event_id, processed_at) VALUES ('group-prune', 'old', now() - interval '40 days')`);
    const relay = new OutboxRelay(dataSource, client, publisher, { schema: 'outbox_test', inboxRetentionDays: 35 });
    expect(await relay.pruneInbox()).toBe(1);
    const left = await dataSource.query(`SELECT event_id FROM outbox_test.processed_event WHERE consumer_group = 'group-prune'`);
    expect(left).toEqual([{ event_id: 'recent' }]);
  });

  it('claims an event once per consumer group', async () => {
    const claims = await dataSource.transaction(async (manager) => [
      await claimEvent(manager, 'group-a', 'event-1'),
      await claimEvent(manager, 'group-a', 'event-1'),
      await claimEvent(manager, 'group-b', 'event-1'),
    ]);
    expect(claims).toEqual([true, false, true]);
  });
});
