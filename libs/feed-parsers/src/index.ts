export * from './kontor-json-feed.reader';
export * from './feed-parser';
export * from './mt940';
export * from './bai2';
export * from './csv';
export * from './berlin-group';
export { readLineBatches, readLines, bufferChunks, collectFeedItems } from './text';
export type { LineBatch, LineReaderOptions, TextEncoding } from './text';
