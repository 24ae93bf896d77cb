export * from './kontor-json-feed.reader';
export * from './feed-parser';
export { camt052Parser, camt053Parser, camt054Parser, camtParsers, createCamtParser } from './camt/camt.parser';
export { CAMT_VERSIONS, parseCamtNamespace, type CamtFormat } from './camt/camt-message';
export { ofxParser } from './ofx/ofx.parser';
