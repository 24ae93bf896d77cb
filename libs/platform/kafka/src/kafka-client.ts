import { Logger } from '@nestjs/common';
import { Admin, Kafka, KafkaConfig, logCreator, logLevel, SASLOptions } from 'kafkajs';
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

/** kafkajs logs through the service's logger, so its lines are structured, correlated and redacted too. */
const nestLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ level, log }) => {
    const { message, ...extra } = log;
    const details = Object.entries(extra)
      .filter(([key]) => key !== 'timestamp' && key !== 'logger')
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    const text = details ? `${message} (${details})` : message;
    if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else if (level === logLevel.INFO) logger.log(text);
    else logger.debug(text);
  };
};

export function kafkaConfig(options: KafkaConnectionOptions): KafkaConfig {
  return {
    clientId: options.clientId,
    brokers: options.brokers.split(',').map((b) => b.trim()),
    ssl: options.ssl ? (options.sslCa ? { ca: [options.sslCa] } : true) : undefined,
    sasl: sasl(options),
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator,
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
