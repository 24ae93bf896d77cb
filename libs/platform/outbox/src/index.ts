export * from './outbox-event.entity';
export * from './processed-event.entity';
export * from './entities';
export * from './outbox';
export * from './outbox-relay';
export * from './outbox.module';
