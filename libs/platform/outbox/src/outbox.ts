import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { parseContract } from '@kontor/contracts';
import { childTraceparent, eventHeaders, OutgoingEvent } from '@kontor/platform-kafka';
import { OutboxEventEntity } from './outbox-event.entity';
import { ProcessedEventEntity } from './processed-event.entity';
import type { OutboxRelay } from './outbox-relay';

/**
 * Records events to publish, inside the caller's transaction: the state change and its announcement
 * commit together or not at all. Payloads are validated against their contracts here, at the source.
 */
export async function enqueueEvents(manager: EntityManager, source: string, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => {
    if (!event.topic.payload) throw new Error(`${event.topic.name} has no payload contract`);
    parseContract(event.topic.payload as new () => object, event.payload);
    const eventId = event.eventId ?? randomUUID();
    return {
      eventId,
      topic: event.topic.name,
      messageKey: event.key,
      payload: event.payload as object,
      headers: eventHeaders(event.topic, source, eventId, event.traceparent ?? childTraceparent(undefined)),
    };
  });
  await manager.createQueryBuilder().insert().into(OutboxEventEntity).values(rows).orIgnore().execute();
}

/**
 * Claims events for a consumer group inside the effect's transaction and returns the ids that were not
 * applied before; the caller applies only those, and the commit makes both durable together. An id
 * missing from the result is a redelivery.
 */
export async function claimEvents(manager: EntityManager, consumerGroup: string, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(ProcessedEventEntity)
    .values([...new Set(eventIds)].map((eventId) => ({ consumerGroup, eventId })))
    .orIgnore()
    .returning('event_id')
    .execute();
  return new Set((result.raw as { event_id: string }[]).map((row) => row.event_id));
}

/** claimEvents for one event: false means it was applied before. */
export async function claimEvent(manager: EntityManager, consumerGroup: string, eventId: string): Promise<boolean> {
  return (await claimEvents(manager, consumerGroup, [eventId])).has(eventId);
}

/** The service's outbox: enqueue inside a transaction, then `flush()` after the commit to wake the relay. */
export class OutboxWriter {
  constructor(
    private readonly source: string,
    private readonly relay: OutboxRelay,
  ) {}

  enqueue(manager: EntityManager, events: readonly OutgoingEvent[]): Promise<void> {
    return enqueueEvents(manager, this.source, events);
  }

  /** Publishing starts at once instead of at the relay's next poll. */
  flush(): void {
    this.relay.notify();
  }
}
