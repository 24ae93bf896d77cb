import { randomBytes } from 'node:crypto';
import { activeTraceparent } from '@kontor/platform-observability';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A new W3C trace context root: `00-<trace id>-<span id>-01`. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/**
 * The trace context for a message caused by `parent`. Inside a span of the same trace (the request's
 * server span, the consumer's process span) it names that span, so the next service's spans hang below
 * it. Otherwise (a batch handled in one span of its own, or no tracing) it names `parent` itself: the
 * consumer has already made `parent` its own process span, so the chain of parents stays unbroken.
 * A missing or malformed parent continues the active span's trace if there is one, else starts a new trace.
 */
export function childTraceparent(parent: string | undefined): string {
  const match = parent ? TRACEPARENT.exec(parent) : null;
  const active = activeTraceparent();
  if (active && (!match || TRACEPARENT.exec(active)?.[1] === match[1])) return active;
  if (!match) return newTraceparent();
  return `00-${match[1]}-${match[2]}-${match[3]}`;
}
