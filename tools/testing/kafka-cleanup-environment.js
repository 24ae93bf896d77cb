'use strict';
// The Node test environment, plus one duty after a test file has finished (after all its afterAll hooks):
// delete the Kafka topics it created under its uniqueTopicPrefix() prefixes. Each test provisions the whole
// catalogue (~100 partitions); without this a run's broker holds every file's topics at once and, a few
// thousand partitions later, runs out of file descriptors ("Too many open files").
const { TestEnvironment } = require('jest-environment-node');
const { Kafka, logLevel } = require('kafkajs');

class KafkaCleanupEnvironment extends TestEnvironment {
  async teardown() {
    const prefixes = [...(this.global.__kontorTopicPrefixes ?? [])];
    const brokers = process.env.KAFKA_BROKERS;
    if (prefixes.length > 0 && brokers) await deleteTopicsWithPrefixes(brokers, prefixes);
    await super.teardown();
  }
}

async function deleteTopicsWithPrefixes(brokers, prefixes) {
  const admin = new Kafka({ clientId: 'kontor-test-cleanup', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((name) => prefixes.some((prefix) => name.startsWith(prefix)));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } catch (error) {
    // Cleanup must never fail a run whose tests passed; the broker is discarded after the run anyway.
    process.stderr.write(`[test-infra] could not delete test topics: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

module.exports = KafkaCleanupEnvironment;
