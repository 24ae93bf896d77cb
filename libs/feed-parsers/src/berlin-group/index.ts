export { berlinGroupParser, mapTransaction } from './berlin-group.parser';
export { JsonStreamScanner } from './json-stream';
export type { JsonPath, JsonStreamOptions } from './json-stream';
