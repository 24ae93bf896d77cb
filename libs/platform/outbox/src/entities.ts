import { OutboxEventEntity } from './outbox-event.entity';
import { ProcessedEventEntity } from './processed-event.entity';

/** The outbox and inbox tables every service has in its own schema. */
export const OUTBOX_ENTITIES = [OutboxEventEntity, ProcessedEventEntity];
