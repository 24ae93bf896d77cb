export { bai2Parser, bai2Direction } from './bai2.parser';
