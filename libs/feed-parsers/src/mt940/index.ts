export { mt940Parser, mt942Parser } from './mt940.parser';
export { parseField86 } from './field86';
export type { Field86Details } from './field86';
