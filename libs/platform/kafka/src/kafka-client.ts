import { Admin, Kafka, KafkaConfig, logLevel, SASLOptions } from 'kafkajs';
import type { TopicDefinition } from '@kontor/contracts';

export interface KafkaConnectionOptions {
  clientId: string;
  brokers: string;
  topicPrefix?: string;
  ssl?: boolean;
  sslCa?: string;
  saslMechanism?: '' | 'plain' | 'scram-sha-256' | 'scram-sha-512' | string;
  saslUsername?: string;
  saslPassword?: string;
}

function sasl(options: KafkaConnectionOptions): SASLOptions | undefined {
  const { saslMechanism: mechanism, saslUsername: username = '', saslPassword: password = '' } = options;
  if (mechanism === 'plain' || mechanism === 'scram-sha-256' || mechanism === 'scram-sha-512') return { mechanism, username, password } as SASLOptions;
  return undefined;
}

export function kafkaConfig(options: KafkaConnectionOptions): KafkaConfig {
  return {
    clientId: options.clientId,
    brokers: options.brokers.split(',').map((b) => b.trim()),
    ssl: options.ssl ? (options.sslCa ? { ca: [options.sslCa] } : true) : undefined,
    sasl: sasl(options),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
  };
}

/** One kafkajs client per process, plus the topic prefix that maps catalogue names to real topics. */
export class KafkaClient {
  readonly kafka: Kafka;
  readonly topicPrefix: string;
  private admin?: Admin;

  constructor(readonly options: KafkaConnectionOptions) {
    this.kafka = new Kafka(kafkaConfig(options));
    this.topicPrefix = options.topicPrefix ?? '';
  }

  topicName(topic: TopicDefinition): string {
    return `${this.topicPrefix}${topic.name}`;
  }

  /** Consumer groups are namespaced like topics, so environments sharing a cluster never share a group. */
  groupId(name: string): string {
    return `${this.topicPrefix}${name}`;
  }

  /** Readiness: a real round trip to the cluster. */
  async ping(): Promise<void> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    await this.admin.describeCluster();
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
  }
}
