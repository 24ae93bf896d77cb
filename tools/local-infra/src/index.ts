export * from './kafka-broker';
export * from './embedded-postgres';
export * from './databases';
export * from './repo-root';
