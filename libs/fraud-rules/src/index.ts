export * from './assess-transaction';
export * from './behaviour-profile';
export * from './geo';
export * from './robust-stats';
export * from './rule-set';
export * from './transaction-features';
export * from './typologies';
