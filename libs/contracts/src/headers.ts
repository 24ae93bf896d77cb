/** Kafka header names every Kontor message carries (see docs/topics.md, "Headers"). */
export const MessageHeaders = {
  eventId: 'kontor-event-id',
  eventType: 'kontor-event-type',
  schemaVersion: 'kontor-schema-version',
  producedAt: 'kontor-produced-at',
  source: 'kontor-source',
  /** W3C trace context, so one trace follows a transaction across services. */
  traceparent: 'traceparent',
} as const;

/** Extra headers on a dead-lettered message. */
export const DeadLetterHeaders = {
  sourceTopic: 'kontor-dlt-source-topic',
  sourcePartition: 'kontor-dlt-source-partition',
  sourceOffset: 'kontor-dlt-source-offset',
  consumerGroup: 'kontor-dlt-consumer-group',
  reason: 'kontor-dlt-reason',
  /** Machine-readable class of failure: `invalid-message` or `processing-failed`. */
  reasonCode: 'kontor-dlt-reason-code',
  failedAt: 'kontor-dlt-failed-at',
  attempts: 'kontor-dlt-attempts',
} as const;
