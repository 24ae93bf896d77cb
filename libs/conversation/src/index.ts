export * from './intent/intent.types';
export { recognizeIntent } from './intent/recognize-intent';
export { damerauLevenshtein } from './intent/damerau-levenshtein';
