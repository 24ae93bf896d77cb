import { Kafka, logLevel } from 'kafkajs';
import { FeedEntryReceivedV1, MessageHeaders, Topics } from '@kontor/contracts';
import { aFeedEntryReceived } from '@kontor/contracts/testing';
import { ContractConsumer, EventPublisher, KafkaClient, PermanentMessageError, provisionTopics } from '@kontor/platform-kafka';
import { eventually, testKafkaBrokers, uniqueTopicPrefix } from '@kontor/testing';
import { replayDeadLetters } from './dlt-replay';

/** Against the real broker: dead letters go back to their source topic with their event ids, once. */
describe('replayDeadLetters', () => {
  it('republishes processing failures to their source once the cause is fixed, keeps event ids, and does not replay twice', async () => {
    const prefix = uniqueTopicPrefix('dlt-replay');
    const client = new KafkaClient({ clientId: 'dlt-replay-test', brokers: testKafkaBrokers(), topicPrefix: prefix });
    const kafka = new Kafka({ clientId: 'dlt-replay-test', brokers: testKafkaBrokers().split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await provisionTopics(admin, [Topics.feedEntryReceived, Topics.deadLetterNormalizer], prefix);
    await admin.disconnect();
    const publisher = new EventPublisher(client, 'bank-ingestion');

    let broken = true;
    const handled: { eventId: string; bankEntryId?: string }[] = [];
    const consumer = new ContractConsumer<FeedEntryReceivedV1>(client, publisher, {
      groupId: 'replay-test-consumer',
      topic: Topics.feedEntryReceived,
      deadLetterTopic: Topics.deadLetterNormalizer,
      maxAttempts: 1,
      handleBatch: async (items) => {
        if (broken) throw new PermanentMessageError('downstream table missing (the bug being fixed)');
        handled.push(...items.map((i) => ({ eventId: i.context.eventId, bankEntryId: i.message.bankEntryId })));
      },
    });
    try {
      const entries = ['r-1', 'r-2', 'r-3'].map((id, entryIndex) => aFeedEntryReceived({ bankEntryId: id, entryIndex }));
      const eventIds = entries.map(() => crypto.randomUUID());
      await publisher.publish(entries.map((payload, i) => ({ topic: Topics.feedEntryReceived, key: payload.accountRef, payload, eventId: eventIds[i] })));
      // One message that breaks the contract: replaying it would only fail again, so it is filtered out.
      await publisher.sendRaw([{ topic: client.topicName(Topics.feedEntryReceived), key: 'k', value: '{"not":"an entry"}', headers: { [MessageHeaders.eventId]: 'bad-1' } }]);
      await consumer.start();

      const dlt = client.topicName(Topics.deadLetterNormalizer);
      const dryRun = await eventually(async () => {
        const r = await replayDeadLetters({ kafka, deadLetterTopic: dlt, groupId: `${prefix}replay`, dryRun: true });
        return r.replayed + r.skipped === 4 ? r : undefined;
      }, 60_000, 500);
      expect(dryRun).toEqual({ replayed: 4, skipped: 0, bySourceTopic: { [client.topicName(Topics.feedEntryReceived)]: 4 } });
      expect(handled).toEqual([]);

      broken = false;
      const replay = await replayDeadLetters({ kafka, deadLetterTopic: dlt, groupId: `${prefix}replay`, reasonCodes: ['processing-failed'] });
      expect(replay).toEqual({ replayed: 3, skipped: 1, bySourceTopic: { [client.topicName(Topics.feedEntryReceived)]: 3 } });
      await eventually(async () => (handled.length >= 3 ? true : undefined), 60_000);
      expect(handled).toEqual(entries.map((e, i) => ({ eventId: eventIds[i], bankEntryId: e.bankEntryId })));

      // The position is committed: a second run finds nothing new.
      expect(await replayDeadLetters({ kafka, deadLetterTopic: dlt, groupId: `${prefix}replay`, reasonCodes: ['processing-failed'] })).toEqual({ replayed: 0, skipped: 0, bySourceTopic: {} });
    } finally {
      await consumer.stop();
      await publisher.disconnect();
    }
  }, 120_000);
});
