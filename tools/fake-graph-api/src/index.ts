export * from './fake-graph-api';
