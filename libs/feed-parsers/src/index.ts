export * from './feed-parser';
export * from './detect-format';
export * from './statement-check';
export * from './to-feed-entry-event';
export * from './kontor-json.parser';
