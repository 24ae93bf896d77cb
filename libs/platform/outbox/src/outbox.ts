import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { parseContract } from '@kontor/contracts';
import { eventHeaders, newTraceparent, OutgoingEvent } from '@kontor/platform-kafka';
import { OutboxEventEntity, ProcessedEventEntity } from './outbox-event.entity';

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
      headers: eventHeaders(event.topic, source, eventId, event.traceparent ?? newTraceparent()),
    };
  });
  await manager.createQueryBuilder().insert().into(OutboxEventEntity).values(rows).orIgnore().execute();
}

/**
 * Claims an event for a consumer group inside the effect's transaction. False means the event was
 * already applied (a redelivery): the caller skips the effect, and the commit makes the skip durable.
 */
export async function claimEvent(manager: EntityManager, consumerGroup: string, eventId: string): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(ProcessedEventEntity)
    .values({ consumerGroup, eventId })
    .orIgnore()
    .returning(['event_id'])
    .execute();
  return (result.raw as unknown[]).length === 1;
}
