export * from './line-reader';
export * from './decimal';
export * from './dates';
export * from './fields';
export * from './feed-items';
export * from './batched-items';
