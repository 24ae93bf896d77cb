export * from './normalize-feed-entry';
