export * from './rule-set';
export * from './score-transaction';
