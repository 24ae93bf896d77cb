import { stringify } from 'yaml';
import type { TopicDefinition } from '@kontor/contracts';

/** Where the generated KafkaTopic resources live, relative to the repository root. */
export const KAFKA_TOPICS_DIR = 'k8s/base/kafka-topics';

export interface KafkaTopicOptions {
  /** The Strimzi Kafka cluster (label strimzi.io/cluster); overlays patch it. */
  cluster: string;
  replicas: number;
  minInsyncReplicas: number;
}

export const DEFAULT_TOPIC_OPTIONS: KafkaTopicOptions = { cluster: 'kontor-kafka', replicas: 3, minInsyncReplicas: 2 };

/** A Strimzi KafkaTopic for one catalogue topic: partitions, retention and cleanup exactly as declared. */
export function kafkaTopicResource(topic: TopicDefinition, options: KafkaTopicOptions = DEFAULT_TOPIC_OPTIONS): object {
  return {
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: {
      name: topic.name,
      labels: { 'strimzi.io/cluster': options.cluster, 'app.kubernetes.io/component': 'kafka-topic' },
      annotations: { 'kontor.dev/summary': topic.summary },
    },
    spec: {
      topicName: topic.name,
      partitions: topic.partitions,
      replicas: options.replicas,
      config: {
        'retention.ms': topic.retentionMs,
        'cleanup.policy': topic.cleanupPolicy,
        'min.insync.replicas': options.minInsyncReplicas,
      },
    },
  };
}

const HEADER = '# GENERATED from libs/contracts/src/topics.ts by tools/deploy-check (npm run k8s:topics). Do not edit.\n';

/** Every file of KAFKA_TOPICS_DIR, by file name: one KafkaTopic per topic plus the kustomization listing them. */
export function kafkaTopicFiles(topics: readonly TopicDefinition[], options: KafkaTopicOptions = DEFAULT_TOPIC_OPTIONS): Map<string, string> {
  const files = new Map<string, string>();
  const sorted = [...topics].sort((a, b) => a.name.localeCompare(b.name));
  for (const topic of sorted) files.set(`${topic.name}.yaml`, HEADER + stringify(kafkaTopicResource(topic, options), { lineWidth: 0 }));
  files.set(
    'kustomization.yaml',
    HEADER +
      stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: sorted.map((t) => `${t.name}.yaml`) }, { lineWidth: 0 }),
  );
  return files;
}
