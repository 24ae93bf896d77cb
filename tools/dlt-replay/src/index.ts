export * from './dlt-replay';
