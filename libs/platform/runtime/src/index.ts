export * from './bootstrap';
export * from './health.controller';
export * from './problem-details';
export * from './platform-modules';
