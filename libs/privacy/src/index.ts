export * from './tokenization';
export * from './secret-box';
