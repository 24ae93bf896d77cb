import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Kontor's Prometheus metrics: one registry per process, shared by the platform libs (HTTP, Kafka, outbox)
 * and the small domain API below. Metric names are listed in METRIC_NAMES so the alert rules and the
 * dashboard can be checked against them. Labels never carry personal data: topics, routes, outcomes.
 */
export const METRIC_NAMES = {
  httpRequests: 'kontor_http_requests_total',
  httpRequestDuration: 'kontor_http_request_duration_seconds',
  messagesConsumed: 'kontor_messages_consumed_total',
  messagesProduced: 'kontor_messages_produced_total',
  messageProcessingDuration: 'kontor_message_processing_duration_seconds',
  consumerLag: 'kontor_consumer_lag_messages',
  deadLetters: 'kontor_dead_letters_total',
  outboxRelayDelay: 'kontor_outbox_relay_delay_seconds',
  outboxOldestEventAge: 'kontor_outbox_oldest_event_age_seconds',
  outboxPublished: 'kontor_outbox_events_published_total',
  feedOutcomes: 'kontor_feed_outcomes_total',
  alertsSent: 'kontor_alerts_sent_total',
} as const;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class KontorMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: METRIC_NAMES.httpRequests,
    help: 'HTTP requests served, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpRequestDuration = new Histogram({
    name: METRIC_NAMES.httpRequestDuration,
    help: 'Time to serve an HTTP request, from the first byte read to the last byte written.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly messagesConsumed = new Counter({
    name: METRIC_NAMES.messagesConsumed,
    help: 'Kafka messages consumed, by topic and outcome (processed, dead-lettered).',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly messagesProduced = new Counter({
    name: METRIC_NAMES.messagesProduced,
    help: 'Kafka messages produced (acknowledged by the cluster), by topic.',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });
  readonly messageProcessingDuration = new Histogram({
    name: METRIC_NAMES.messageProcessingDuration,
    help: 'Time to apply a batch of consumed messages durably, per message, by topic.',
    labelNames: ['topic'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly consumerLag = new Gauge({
    name: METRIC_NAMES.consumerLag,
    help: 'Messages between the consumer group position and the partition end, as seen by this replica.',
    labelNames: ['topic', 'partition', 'group'] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: METRIC_NAMES.deadLetters,
    help: 'Messages sent to a dead-letter topic, by source topic and reason code.',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });
  readonly outboxRelayDelay = new Histogram({
    name: METRIC_NAMES.outboxRelayDelay,
    help: 'Time from an outbox event being committed to its acknowledgement by Kafka.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly outboxOldestEventAge = new Gauge({
    name: METRIC_NAMES.outboxOldestEventAge,
    help: 'Age of the oldest outbox event not yet published (0 when the outbox is empty).',
    registers: [this.registry],
  });
  readonly outboxPublished = new Counter({
    name: METRIC_NAMES.outboxPublished,
    help: 'Outbox events published by the relay, by topic.',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });
  readonly feedOutcomes = new Counter({
    name: METRIC_NAMES.feedOutcomes,
    help: 'Partner-bank feeds by outcome (accepted, replayed, rejected) and bank.',
    labelNames: ['outcome', 'bank'] as const,
    registers: [this.registry],
  });
  readonly alertsSent = new Counter({
    name: METRIC_NAMES.alertsSent,
    help: 'Fraud alert deliveries to Messenger by outcome (sent, permanent-failure, transient-failure).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Standard names (process_cpu_seconds_total, nodejs_heap_size_used_bytes...), as common dashboards expect.
    collectDefaultMetrics({ register: this.registry });
  }
}

let current: KontorMetrics | undefined;

/** The process's metrics (created on first use, so libs can record before the app has booted). */
export function kontorMetrics(): KontorMetrics {
  current ??= new KontorMetrics();
  return current;
}

/** Labels every series of this process with its service name. */
export function setMetricsService(service: string): void {
  kontorMetrics().registry.setDefaultLabels({ service });
}

/** Every metric name the registry exposes, for checks of dashboards and alert rules. */
export function registeredMetricNames(metrics: KontorMetrics = kontorMetrics()): string[] {
  return metrics.registry.getMetricsAsArray().map((m) => m.name);
}

/**
 * The domain counters app owners record, one line each:
 * `domainMetrics.feedOutcome('accepted', bankId)`, `domainMetrics.alertDelivery('sent')`.
 */
export const domainMetrics = {
  feedOutcome(outcome: 'accepted' | 'replayed' | 'rejected', bank: string): void {
    kontorMetrics().feedOutcomes.inc({ outcome, bank });
  },
  alertDelivery(outcome: 'sent' | 'permanent-failure' | 'transient-failure'): void {
    kontorMetrics().alertsSent.inc({ outcome });
  },
};
