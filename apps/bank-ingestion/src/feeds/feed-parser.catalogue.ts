import type { FeedFormat } from '@kontor/contracts';
import { bai2Parser, berlinGroupParser, camt052Parser, camt053Parser, camt054Parser, csvParser, FeedParser, KontorJsonFeedParser, mt940Parser, mt942Parser, ofxParser } from '@kontor/feed-parsers';

/**
 * The parsers ingestion accepts feeds with, one per format. A format that detection recognises but that
 * has no parser here is answered with 415 `format-not-supported`. Add a format by adding its parser.
 */
export const FEED_PARSERS = Symbol('FEED_PARSERS');

export type FeedParserCatalogue = ReadonlyMap<FeedFormat, FeedParser>;

export const DEFAULT_FEED_PARSERS: readonly FeedParser[] = [
  new KontorJsonFeedParser(),
  berlinGroupParser,
  camt052Parser,
  camt053Parser,
  camt054Parser,
  ofxParser,
  mt940Parser,
  mt942Parser,
  bai2Parser,
  csvParser,
];

export function feedParserCatalogue(parsers: readonly FeedParser[] = DEFAULT_FEED_PARSERS): FeedParserCatalogue {
  return new Map(parsers.map((parser) => [parser.format, parser]));
}
