export * from './kontor-json-feed.reader';
export * from './feed-parser';
