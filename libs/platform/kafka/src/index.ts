export * from './kafka-client';
export * from './topic-provisioner';
export * from './event-publisher';
export * from './contract-consumer';
export * from './trace-context';
export * from './kafka.module';
