import type { FeedStructureError, FeedStructureReason } from '@kontor/feed-parsers';
import { ProblemException } from '@kontor/platform-runtime';
import { redactPans } from '@kontor/privacy';

interface ProblemDefinition {
  status: number;
  title: string;
}

/**
 * Every `reason` the ingestion API answers with, its HTTP status and title. The OpenAPI document lists
 * each one (a test checks that), so a bank can switch on `reason` from the docs alone.
 */
export const INGESTION_PROBLEMS = {
  'credentials-missing': { status: 401, title: 'Missing credentials' },
  'timestamp-malformed': { status: 401, title: 'Malformed timestamp' },
  'timestamp-out-of-window': { status: 401, title: 'Timestamp outside the accepted window' },
  'signature-invalid': { status: 401, title: 'Invalid signature' },
  'signature-replayed': { status: 401, title: 'Signature already used' },
  'idempotency-key-invalid': { status: 400, title: 'Invalid Idempotency-Key' },
  'account-id-invalid': { status: 400, title: 'Invalid accountId query parameter' },
  'body-unreadable': { status: 400, title: 'Request body could not be read' },
  'account-not-permitted': { status: 403, title: 'Account not permitted for this bank' },
  'feed-not-found': { status: 404, title: 'Feed not found' },
  'not-found': { status: 404, title: 'No such resource' },
  'idempotency-key-reused': { status: 409, title: 'Idempotency-Key already used with a different body' },
  'body-too-large': { status: 413, title: 'Request body too large' },
  'unknown-format': { status: 415, title: 'Unknown feed format' },
  'unsupported-version': { status: 415, title: 'Unsupported format version' },
  'format-not-supported': { status: 415, title: 'Format recognised but not accepted yet' },
  'malformed-json': { status: 400, title: 'Malformed JSON' },
  'malformed-xml': { status: 400, title: 'Malformed XML' },
  'malformed-sgml': { status: 400, title: 'Malformed OFX/SGML' },
  'malformed-record': { status: 400, title: 'Malformed record' },
  'truncated-file': { status: 400, title: 'Truncated file' },
  'invalid-encoding': { status: 400, title: 'Wrong character encoding' },
  'xml-dtd-forbidden': { status: 400, title: 'XML document type declarations are refused' },
  'feed-invalid': { status: 422, title: 'Not a valid feed' },
  'invalid-order': { status: 422, title: 'Not a valid order feed' },
  'missing-csv-profile': { status: 422, title: 'No CSV profile registered for this bank' },
  'internal-error': { status: 500, title: 'Internal error' },
} as const satisfies Record<string, ProblemDefinition>;

export type IngestionReason = keyof typeof INGESTION_PROBLEMS;

// Every structural reason a parser can throw must have an HTTP mapping: this fails to compile otherwise.
const STRUCTURE_REASONS_ARE_MAPPED: Record<FeedStructureReason, IngestionReason> = {
  'malformed-xml': 'malformed-xml',
  'malformed-sgml': 'malformed-sgml',
  'malformed-json': 'malformed-json',
  'malformed-record': 'malformed-record',
  'truncated-file': 'truncated-file',
  'invalid-encoding': 'invalid-encoding',
  'unknown-format': 'unknown-format',
  'unsupported-version': 'unsupported-version',
  'xml-dtd-forbidden': 'xml-dtd-forbidden',
  'feed-invalid': 'feed-invalid',
  'missing-csv-profile': 'missing-csv-profile',
};

export function problem(reason: IngestionReason, detail?: string, extensions: Record<string, unknown> = {}): ProblemException {
  const { status, title } = INGESTION_PROBLEMS[reason];
  return new ProblemException(status, reason, title, detail, extensions);
}

/** A whole feed refused: the problem names where it failed; nothing of the feed was published. */
export function structureProblem(error: FeedStructureError): ProblemException {
  // A parser may quote the content it choked on: no card number goes back out, not even to its bank.
  return problem(STRUCTURE_REASONS_ARE_MAPPED[error.reason], `${redactPans(error.detail)}. Nothing from this feed was accepted.`, { location: error.location });
}

/** An unexpected error while reading a feed is logged; its message may quote the feed, so PANs are masked first. */
export function withoutPans(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof ProblemException) return error;
  const sanitized = new Error(redactPans(error.message));
  sanitized.name = error.name;
  sanitized.stack = error.stack !== undefined ? redactPans(error.stack) : undefined;
  return sanitized;
}
