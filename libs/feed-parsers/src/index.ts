export * from './kontor-json-feed.reader';
