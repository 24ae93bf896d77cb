export * from './deterministic-id';
