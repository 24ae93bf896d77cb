/**
 * What each Kafka header means. Doc comments in headers.ts are gone at runtime, so the prose lives here;
 * the Record types make adding a header to headers.ts without describing it a compile error.
 */
import { DeadLetterHeaders, MessageHeaders } from '@kontor/contracts';

export interface HeaderDoc {
  readonly name: string;
  readonly description: string;
}

const MESSAGE_HEADER_DESCRIPTIONS: Record<keyof typeof MessageHeaders, string> = {
  eventId:
    'UUID of the event, kept when the same event is sent again; consumers deduplicate on it ' +
    '(a consumer falls back to `<topic>/<partition>/<offset>` when it is missing).',
  eventType: 'The catalogue topic name, without any prefix, e.g. `kontor.transactions.normalized.v1`.',
  schemaVersion: 'The payload schema version, as a decimal string, e.g. `1`.',
  producedAt: 'When the producer created the message, ISO 8601 in UTC, e.g. `2026-11-28T08:15:01.000Z`.',
  source: 'The producing service, e.g. `transaction-normalizer`.',
  traceparent: 'W3C trace context, so one trace follows a transaction across services.',
};

const DEAD_LETTER_HEADER_DESCRIPTIONS: Record<keyof typeof DeadLetterHeaders, string> = {
  sourceTopic: 'The topic the message was consumed from, as named in the cluster (with prefix).',
  sourcePartition: 'Its partition, as a decimal string.',
  sourceOffset: 'Its offset in that partition, as a decimal string.',
  consumerGroup: 'The consumer group that gave up on it.',
  reason: 'Human-readable reason: the contract violations or the last error (at most 2000 characters).',
  reasonCode: 'Machine-readable class of failure: `invalid-message` or `processing-failed`.',
  failedAt: 'When the message was dead-lettered, ISO 8601 in UTC.',
  attempts: 'How often the handler was tried, as a decimal string; `0` for an invalid message.',
};

function docs<T extends Record<string, string>>(names: T, descriptions: Record<keyof T, string>): HeaderDoc[] {
  return (Object.keys(names) as (keyof T)[]).map((key) => ({ name: names[key], description: descriptions[key] }));
}

/** Headers every Kontor message carries (the producer sets all of them). */
export function messageHeaderDocs(): HeaderDoc[] {
  return docs(MessageHeaders, MESSAGE_HEADER_DESCRIPTIONS);
}

/** Headers added to a dead-lettered message, on top of the headers it already had. */
export function deadLetterHeaderDocs(): HeaderDoc[] {
  return docs(DeadLetterHeaders, DEAD_LETTER_HEADER_DESCRIPTIONS);
}
