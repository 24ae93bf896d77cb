export * from './line-reader';
export * from './decimal';
export * from './dates';
export * from './iban';
export * from './feed-items';
