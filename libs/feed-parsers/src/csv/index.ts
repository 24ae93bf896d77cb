export { csvParser, CsvRecordReader, parseProfileDate, parseSignedAmount } from './csv.parser';
export type { CsvRecord } from './csv.parser';
