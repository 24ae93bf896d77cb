import type { FeedFormat } from '@kontor/contracts';
import { FeedParser, KontorJsonFeedParser } from '@kontor/feed-parsers';

/**
 * The parsers ingestion accepts feeds with, one per format. A format that detection recognises but that
 * has no parser here is answered with 415 `format-not-supported`. Add a format by adding its parser.
 */
export const FEED_PARSERS = Symbol('FEED_PARSERS');

export type FeedParserCatalogue = ReadonlyMap<FeedFormat, FeedParser>;

export function feedParserCatalogue(parsers: readonly FeedParser[] = [new KontorJsonFeedParser()]): FeedParserCatalogue {
  return new Map(parsers.map((parser) => [parser.format, parser]));
}
