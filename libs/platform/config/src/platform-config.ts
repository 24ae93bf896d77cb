import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { envFlag } from './load-config';

/** How to reach the service's PostgreSQL database; also all that a database command-line tool needs. */
export class DatabaseConfig {
  /** `postgres://user:password@host:port/database`; a secret (it holds the password). */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = '';

  /** TLS to PostgreSQL, verifying the server's certificate against DATABASE_SSL_CA(_FILE) or the system CAs. */
  @Transform(({ obj, key }) => envFlag((obj as Record<string, unknown>)[key]))
  @IsBoolean()
  DATABASE_SSL: boolean = false;

  /** PEM CA bundle for DATABASE_SSL; the system CAs when empty. */
  @IsOptional()
  @IsString()
  DATABASE_SSL_CA?: string = undefined;

  /** Path to a PEM CA bundle for DATABASE_SSL (e.g. a mounted Secret); used when DATABASE_SSL_CA is empty. */
  @IsOptional()
  @IsString()
  DATABASE_SSL_CA_FILE?: string = undefined;
}

/**
 * Settings every Kontor service shares. Each app extends it with its own; docs/operations.md lists them all.
 * Property names are the environment variable names.
 */
export class PlatformConfig extends DatabaseConfig {
  /** `production` refuses development-only settings (e.g. INGESTION_DEV_SEED_BANKS). */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: string = 'development';

  /** Lowest level logged; logs are JSON lines on stdout with trace and event ids, personal data redacted. */
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: string = 'log';

  /** HTTP port: the API, /health/live, /health/ready and /metrics. */
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /** Run this service's migrations at start-up (under a lock). Set false where a Job runs them. */
  @Transform(({ obj, key }) => envFlag((obj as Record<string, unknown>)[key]))
  @IsBoolean()
  RUN_MIGRATIONS: boolean = true;

  /** Bootstrap brokers, `host:port[,host:port…]`. */
  @IsNotEmpty({ message: 'KAFKA_BROKERS must name at least one host:port' })
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS: string = '';

  /** Prefix for every topic name, to share one cluster between environments (e.g. "staging."). */
  @Matches(/^([a-z0-9][a-z0-9._-]*[._-])?$/, { message: 'KAFKA_TOPIC_PREFIX must be empty or end in ".", "_" or "-"' })
  KAFKA_TOPIC_PREFIX: string = '';

  /** TLS to Kafka, verifying the brokers' certificates against KAFKA_SSL_CA(_FILE) or the system CAs. */
  @Transform(({ obj, key }) => envFlag((obj as Record<string, unknown>)[key]))
  @IsBoolean()
  KAFKA_SSL: boolean = false;

  /** PEM CA bundle that signed the brokers' certificates; the system CAs when empty. */
  @IsOptional()
  @IsString()
  KAFKA_SSL_CA?: string = undefined;

  /** Path to the PEM CA bundle for KAFKA_SSL (e.g. Strimzi's cluster CA, mounted); used when KAFKA_SSL_CA is empty. */
  @IsOptional()
  @IsString()
  KAFKA_SSL_CA_FILE?: string = undefined;

  /** SASL authentication: empty for none; SCRAM for Strimzi and most managed Kafka. */
  @IsIn(['', 'plain', 'scram-sha-256', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM: string = '';

  /** SASL user (e.g. the Strimzi KafkaUser's name); required with KAFKA_SASL_MECHANISM. */
  @ValidateIf((config: PlatformConfig) => config.KAFKA_SASL_MECHANISM !== '')
  @IsNotEmpty({ message: 'KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_USERNAME?: string = undefined;

  /** SASL password, a secret; required with KAFKA_SASL_MECHANISM. */
  @ValidateIf((config: PlatformConfig) => config.KAFKA_SASL_MECHANISM !== '')
  @IsNotEmpty({ message: 'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_PASSWORD?: string = undefined;

  /** Replication factor of topics this service creates (1 for a single local broker, 3 in production). */
  @IsInt()
  @Min(1)
  @Max(7)
  KAFKA_REPLICATION_FACTOR: number = 1;

  /** Most outbox events published in one round trip. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_BATCH_SIZE: number = 500;

  /** How often an idle outbox relay looks for events committed by other replicas; local commits wake it at once. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_IDLE_POLL_MS: number = 100;

  /** How long consumed event ids are remembered; longer than the longest input-topic retention (30 days). */
  @IsInt()
  @Min(1)
  INBOX_RETENTION_DAYS: number = 35;

  /** Where finished trace spans go: none, console (JSON lines on stdout), file (KONTOR_TRACES_FILE) or otlp. */
  @IsIn(['none', 'console', 'file', 'otlp'])
  OTEL_TRACES_EXPORTER: 'none' | 'console' | 'file' | 'otlp' = 'none';

  /** For OTEL_TRACES_EXPORTER=file: the JSON-lines file; `{service}` becomes the service name. */
  @ValidateIf((config: PlatformConfig) => config.OTEL_TRACES_EXPORTER === 'file')
  @IsNotEmpty({ message: 'KONTOR_TRACES_FILE is required when OTEL_TRACES_EXPORTER=file' })
  KONTOR_TRACES_FILE?: string = undefined;

  /** For OTEL_TRACES_EXPORTER=otlp: the collector's OTLP/HTTP base URL (spans are posted as JSON to /v1/traces). */
  @ValidateIf((config: PlatformConfig) => config.OTEL_TRACES_EXPORTER === 'otlp')
  @Matches(/^https?:\/\//, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL when OTEL_TRACES_EXPORTER=otlp' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string = undefined;

  /** Create missing topics from the contracts' catalogue at start-up. Off where topics are declared (Strimzi). */
  @Transform(({ obj, key }) => envFlag((obj as Record<string, unknown>)[key]))
  @IsBoolean()
  KAFKA_PROVISION_TOPICS: boolean = true;
}
