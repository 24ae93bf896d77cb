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
      // Another replica may have created them between our list and create, or the broker created them but
      // was slow to elect leaders (kafkajs gives up early on a loaded broker): both are fine once they exist.
      const nowPresent = new Set(await admin.listTopics());
      if (!missing.every((t) => nowPresent.has(prefix + t.name))) throw error;
    }
    await waitForLeaders(admin, missing.map((t) => prefix + t.name));
  }
  return {
    created: missing.map((t) => prefix + t.name),
    existing: topics.filter((t) => present.has(prefix + t.name)).map((t) => prefix + t.name),
  };
}

const LEADER_WAIT_MS = 60_000;

/**
 * Waits until every partition of the topics has a leader, so the first produce or subscribe after
 * provisioning does not fail with "This server does not host this topic-partition" on a busy broker.
 */
async function waitForLeaders(admin: Admin, names: readonly string[], timeoutMs = LEADER_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no metadata yet';
  for (let delay = 50; Date.now() < deadline; delay = Math.min(delay * 2, 1000)) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
      const leaderless = topics.flatMap((t) => t.partitions.filter((p) => p.leader < 0).map((p) => `${t.name}[${p.partitionId}]`));
      if (topics.length === names.length && leaderless.length === 0) return;
      lastProblem = leaderless.length > 0 ? `no leader for ${leaderless.slice(0, 3).join(', ')}` : 'some topics have no metadata yet';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new Error(`topics not ready after ${timeoutMs} ms: ${lastProblem}`);
}
