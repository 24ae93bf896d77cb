import type { DynamicModule } from '@nestjs/common';
import type { ServiceName } from '@kontor/contracts';
import { resolvePem, type PlatformConfig } from '@kontor/platform-config';
import { DatabaseModule, ServiceDatabaseDefinition } from '@kontor/platform-database';
import { KafkaModule } from '@kontor/platform-kafka';
import { ObservabilityModule } from '@kontor/platform-observability';
import { OutboxModule } from '@kontor/platform-outbox';

export interface ServicePlatformOptions extends ServiceDatabaseDefinition {
  service: ServiceName;
}

/**
 * Tracing and metrics, Kafka, the service's own database schema (migrated at start-up) and its outbox
 * relay, from the shared config. Observability comes first so that everything after it is traced.
 */
export function platformModules(config: PlatformConfig, options: ServicePlatformOptions): DynamicModule[] {
  return [
    ObservabilityModule.forRoot({
      service: options.service,
      exporter: config.OTEL_TRACES_EXPORTER,
      file: config.KONTOR_TRACES_FILE,
      otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    }),
    KafkaModule.forRoot({
      clientId: options.service,
      brokers: config.KAFKA_BROKERS,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      ssl: config.KAFKA_SSL,
      sslCa: resolvePem(config.KAFKA_SSL_CA, config.KAFKA_SSL_CA_FILE),
      saslMechanism: config.KAFKA_SASL_MECHANISM,
      saslUsername: config.KAFKA_SASL_USERNAME,
      saslPassword: config.KAFKA_SASL_PASSWORD,
      provisionTopics: config.KAFKA_PROVISION_TOPICS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    }),
    DatabaseModule.forRoot({
      url: config.DATABASE_URL,
      schema: options.schema,
      entities: options.entities,
      migrations: options.migrations,
      ssl: config.DATABASE_SSL,
      sslCa: resolvePem(config.DATABASE_SSL_CA, config.DATABASE_SSL_CA_FILE),
      runMigrations: config.RUN_MIGRATIONS,
      applicationName: options.service,
    }),
    OutboxModule.forRoot({
      schema: options.schema,
      source: options.service,
      batchSize: config.OUTBOX_BATCH_SIZE,
      idlePollMs: config.OUTBOX_IDLE_POLL_MS,
      inboxRetentionDays: config.INBOX_RETENTION_DAYS,
    }),
  ];
}
