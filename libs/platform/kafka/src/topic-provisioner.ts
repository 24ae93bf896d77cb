import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicDefinition } from '@kontor/contracts';

export interface ProvisionResult {
  created: string[];
  existing: string[];
}

export function topicConfig(topic: TopicDefinition, name: string, replicationFactor: number): ITopicConfig {
  return {
    topic: name,
    numPartitions: topic.partitions,
    replicationFactor,
    configEntries: [
      { name: 'cleanup.policy', value: topic.cleanupPolicy },
      { name: 'retention.ms', value: String(topic.retentionMs) },
      // Kafka's own default, stated so a cluster-wide override cannot let a single message outgrow a consumer.
      { name: 'max.message.bytes', value: '1048588' },
    ],
  };
}

/**
 * Creates the catalogue's topics that are missing; existing ones are left as they are (partitions are
 * never shrunk, configs are the cluster operator's once a topic exists). Safe to run on every start.
 */
export async function provisionTopics(
  admin: Admin,
  topics: readonly TopicDefinition[],
  prefix: string,
  replicationFactor = 1,
): Promise<ProvisionResult> {
  const present = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !present.has(prefix + t.name));
  if (missing.length > 0) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => topicConfig(t, prefix + t.name, replicationFactor)),
      });
    } catch (error) {
      // Another replica may have created them between our list and create: only that is fine.
      const nowPresent = new Set(await admin.listTopics());
      if (!missing.every((t) => nowPresent.has(prefix + t.name))) throw error;
    }
  }
  return {
    created: missing.map((t) => prefix + t.name),
    existing: topics.filter((t) => present.has(prefix + t.name)).map((t) => prefix + t.name),
  };
}
